import { Responder, type ResponderContext } from 'socketstream';
import { startApp } from '../support/app-fixture';
import { openRaw } from '../support/raw-socket';

class EchoResponder extends Responder {
  readonly name = 'echo';
  onMessage(message: unknown, ctx: ResponderContext) {
    ctx.send(message);
  }
}

describe('the msg frame on the wire (docs/protocol.md)', () => {
  it('carries a name and a payload both ways', async () => {
    await using s = await startApp({ services: [], channels: [], responders: [EchoResponder] });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    socket.send('{"t":"msg","n":"echo","d":{"x":1}}');
    expect(await socket.next()).toEqual({ t: 'msg', n: 'echo', d: { x: 1 } });
    socket.send('{"t":"msg","n":"echo"}');
    expect(await socket.next()).toEqual({ t: 'msg', n: 'echo' });
  });

  it('answers a name nobody serves with e NOT_FOUND in a msg frame, quoting at most a short name', async () => {
    await using s = await startApp({ services: [], channels: [], responders: [EchoResponder] });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    const long = 'n'.repeat(64);
    socket.send(JSON.stringify({ t: 'msg', n: long, d: 1 }));
    const reply = await socket.next<{ t: string; n: string; e: { code: string; message: string } }>();
    expect(reply).toMatchObject({ t: 'msg', n: long, e: { code: 'NOT_FOUND' } });
    expect(reply.e.message).toContain('no responder named');
  });

  it('treats a msg frame without a usable name as unreadable', async () => {
    await using s = await startApp({ services: [], channels: [], responders: [EchoResponder] });
    const { socket } = await openRaw(s.url);
    await using _ = socket;
    socket.send(JSON.stringify({ t: 'msg', n: 'x'.repeat(65), d: 1 }));
    expect(await socket.next()).toMatchObject({ t: 'err', id: null, e: { code: 'BAD_REQUEST', message: expect.stringContaining('"n"') } });
    socket.send(JSON.stringify({ t: 'msg', d: 1 }));
    expect(await socket.next()).toMatchObject({ t: 'err', id: null, e: { code: 'BAD_REQUEST' } });
  });
});
