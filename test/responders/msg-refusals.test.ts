import { Responder, type ResponderContext } from 'socketstream';
import { Service } from 'socketstream';
import { Rpc, RpcService } from 'socketstream/decorators';
import { createTestingApp } from 'socketstream/testing';
import { openRaw } from '../support/raw-socket';

/**
 * The transport's own refusals (ws.rateLimit, draining after a bye) reach a `msg` frame's sender
 * through its responder's handle, as `{ t: 'msg', n, e }`, since a message has no id.
 */
class EchoResponder extends Responder {
  readonly name = 'echo';
  onMessage(message: unknown, ctx: ResponderContext) {
    ctx.send(message);
  }
}

describe('transport refusals of msg frames', () => {
  it('a msg over ws.rateLimit is answered, like any other frame, instead of vanishing', async () => {
    await using app = await createTestingApp({ responders: [EchoResponder], ws: { rateLimit: { perSecond: 1, burst: 1 } } }).start();
    const { socket } = await openRaw(app.url);
    await using _ = socket;
    socket.send({ t: 'msg', n: 'echo', d: 1 }); // takes the only token
    socket.send({ t: 'msg', n: 'echo', d: 2 }); // over the limit
    socket.send({ t: 'rpc', id: 9, m: 'x.y' }); // over the limit too
    expect(await socket.next()).toEqual({ t: 'msg', n: 'echo', d: 1 });
    // The refusal of message 2 should come before the rpc's.
    expect(await socket.next()).toMatchObject({ t: 'msg', n: 'echo', e: { code: 'RATE_LIMITED' } });
  });

  it('a msg refused while the server drains is answered under its responder name, not as an err with id null', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let running: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (running = resolve));
    @RpcService('slow')
    class SlowService extends Service {
      @Rpc() async wait(): Promise<string> {
        running();
        await held;
        return 'done';
      }
    }
    await using app = await createTestingApp({ services: [SlowService], responders: [EchoResponder] }).start();
    const { socket } = await openRaw(app.url);
    await using _ = socket;
    // A call in flight keeps the connection open (draining) after the bye.
    socket.send({ t: 'rpc', id: 1, m: 'slow.wait' });
    await started;
    const closing = app.close();
    expect(await socket.next()).toMatchObject({ t: 'bye' });
    socket.send({ t: 'msg', n: 'echo', d: 1 });
    const answer = await socket.next();
    release();
    await closing;
    // Under its responder's name, so the client reports it through ss.responder('echo').onError.
    expect(answer).toMatchObject({ t: 'msg', n: 'echo', e: { code: 'UNAVAILABLE' } });
  });
});
