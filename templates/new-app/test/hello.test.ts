import { createTestingApp } from 'socketstream/testing';
import { GreetingsChannel } from '../server/channels/greetings';
import { PingResponder } from '../server/responders/ping';
import { HelloService } from '../server/rpc/hello';

describe('the hello app', () => {
  it('greets a caller by name and publishes the greeting to the greetings channel', async () => {
    await using app = await createTestingApp({ services: [HelloService], channels: [GreetingsChannel] }).start();
    const listener = await app.connect();
    const greetings = listener.channel('greetings');
    await greetings.join();
    const received = new Promise((resolve) => greetings.once('greeting', resolve));

    const visitor = await app.connect();
    await expect(visitor.rpc('hello.greet', { name: 'Ada' })).resolves.toMatchObject({ name: 'Ada', text: 'Hello, Ada!' });
    await expect(received).resolves.toMatchObject({ name: 'Ada', text: 'Hello, Ada!' });
  });

  it('refuses an empty name, naming the field', async () => {
    await using app = await createTestingApp({ services: [HelloService] }).start();
    const visitor = await app.connect();
    await expect(visitor.rpc('hello.greet', { name: '' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ property: 'name' })],
    });
  });

  it('echoes a ping on the socket that sent it', async () => {
    await using app = await createTestingApp({ responders: [PingResponder] }).start();
    const ping = (await app.connect()).responder('ping');
    const echo = new Promise((resolve) => ping.on(resolve));
    ping.send({ sent: 12.5 });
    await expect(echo).resolves.toEqual({ sent: 12.5 });
  });
});
