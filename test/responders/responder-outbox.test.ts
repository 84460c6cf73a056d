import { Responder, type ResponderContext } from 'socketstream';
import { connect, type RpcError } from 'socketstream/client';
import { createTestingApp } from 'socketstream/testing';

/**
 * A message queued while disconnected is never dropped silently: when the client stops (close(),
 * or the connection is given up) it is reported as UNAVAILABLE through its handle, as a call
 * queued beside it is rejected.
 */
class EchoResponder extends Responder {
  readonly name = 'echo';
  onMessage(message: unknown, ctx: ResponderContext) {
    ctx.send(message);
  }
}

describe('responder messages queued while disconnected', () => {
  it('are reported through the handle when the client closes before sending them, as queued calls are', async () => {
    await using app = await createTestingApp({ responders: [EchoResponder] }).start();
    const ss = connect(app.url);
    const echo = ss.responder('echo');
    const handleErrors: RpcError[] = [];
    const clientErrors: RpcError[] = [];
    echo.onError((e) => handleErrors.push(e));
    ss.server.on('error', (e) => clientErrors.push(e));
    // Not connected yet: both wait.
    echo.send('queued');
    const call = ss.rpc('nothing.here').catch((e: RpcError) => e.code);
    await ss.close();
    expect(await call).toBe('UNAVAILABLE');
    // The message that never left: nothing reports it.
    expect([...handleErrors, ...clientErrors].map((e) => e.code)).toEqual(['UNAVAILABLE']);
  });
});
