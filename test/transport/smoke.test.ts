import { createApp } from 'socketstream';
import { Rpc, RpcService } from 'socketstream/decorators';
import { openRaw } from '../support/raw-socket';

@RpcService('math')
class MathService {
  @Rpc() add(a: number, b: number) {
    return a + b;
  }
}

test('smoke', async () => {
  const app = createApp({ services: [MathService], logLevel: 'silent' });
  const url = await app.start();
  const { socket, hello } = await openRaw(url);
  expect(hello).toMatchObject({ t: 'hello', v: 1 });
  socket.send({ t: 'rpc', id: 1, m: 'math.add', a: [1, 2] });
  expect(await socket.next()).toEqual({ t: 'res', id: 1, r: 3 });
  await socket[Symbol.asyncDispose]();
  await app.close();
});
