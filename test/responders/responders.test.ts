import { createApp, type Logger, Responder, type ResponderContext, type ResponderHooks, Service, SocketStreamError } from 'socketstream';
import { Injectable, Rpc, RpcService } from 'socketstream/decorators';
import { connect, type RpcError as ClientRpcError } from 'socketstream/client';
import { createTestingApp } from 'socketstream/testing';

/** Resolves with the next `count` messages a handle receives. */
function nextMessages(handle: { on(fn: (m: unknown) => void): unknown; off(fn: (m: unknown) => void): unknown }, count: number): Promise<unknown[]> {
  return new Promise((resolve) => {
    const got: unknown[] = [];
    const listener = (message: unknown): void => {
      got.push(message);
      if (got.length === count) {
        handle.off(listener);
        resolve(got);
      }
    };
    handle.on(listener);
  });
}

/** A logger that keeps its lines, and can wait for one. */
function recordingLogger(): Logger & { lines: string[]; waitFor(pattern: RegExp): Promise<string> } {
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const write = (level: string) => (message: string, ...rest: unknown[]) => {
    const line = `${level} ${message} ${rest.map((r) => (r instanceof Error ? r.message : String(r))).join(' ')}`;
    lines.push(line);
    for (const w of [...waiters]) {
      if (w.pattern.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  return {
    lines,
    debug: () => undefined,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    waitFor: (pattern) => {
      const found = lines.find((l) => pattern.test(l));
      return found !== undefined ? Promise.resolve(found) : new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
  };
}

class EchoResponder extends Responder {
  readonly name = 'echo';
  onMessage(message: unknown, ctx: ResponderContext) {
    ctx.send({ echo: message, socketId: ctx.socketId, user: ctx.session.userId });
  }
}

@RpcService('math')
class MathService extends Service {
  @Rpc() double(n: number) {
    return n * 2;
  }
}

@Injectable()
class Board {
  describe(): string {
    return 'the real board';
  }
}

@Injectable()
class BoardResponder extends Responder {
  readonly name = 'board';
  constructor(private readonly board: Board) {
    super();
  }
  onMessage(_message: unknown, ctx: ResponderContext) {
    ctx.send(this.board.describe());
  }
}

describe('custom message types (responders)', () => {
  it('a responder answers its messages on the socket that sent them, interleaved with RPC calls in order', async () => {
    await using app = await createTestingApp({ services: [MathService], responders: [EchoResponder] }).start();
    const ss = await app.connect({ session: { userId: 'ada' } });
    const echo = ss.responder('echo');
    const replies = nextMessages(echo, 3);
    const results: unknown[] = [];
    echo.send(1);
    results.push(await ss.rpc('math.double', 1));
    echo.send({ two: 2 });
    results.push(await ss.rpc('math.double', 2));
    echo.send('three');
    expect(results).toEqual([2, 4]);
    expect(await replies).toEqual([
      { echo: 1, socketId: ss.socketId, user: 'ada' },
      { echo: { two: 2 }, socketId: ss.socketId, user: 'ada' },
      { echo: 'three', socketId: ss.socketId, user: 'ada' },
    ]);
  });

  it("a responder's injected dependency is overridden in createTestingApp like a service's", async () => {
    await using app = await createTestingApp({ responders: [BoardResponder] })
      .override(Board)
      .useValue({ describe: () => 'a fake board' })
      .start();
    const ss = await app.connect();
    const board = ss.responder('board');
    const reply = nextMessages(board, 1);
    board.send();
    expect(await reply).toEqual(['a fake board']);
  });

  it('two apps in one process each serve their own responders under the same name', async () => {
    class Upper extends Responder {
      readonly name = 'shout';
      onMessage(message: unknown, ctx: ResponderContext) {
        ctx.send(String(message).toUpperCase());
      }
    }
    class Lower extends Responder {
      readonly name = 'shout';
      onMessage(message: unknown, ctx: ResponderContext) {
        ctx.send(String(message).toLowerCase());
      }
    }
    await using upper = await createTestingApp({ responders: [Upper] }).start();
    await using lower = await createTestingApp({ responders: [Lower] }).start();
    const a = (await upper.connect()).responder('shout');
    const b = (await lower.connect()).responder('shout');
    const fromA = nextMessages(a, 1);
    const fromB = nextMessages(b, 1);
    a.send('Hello');
    b.send('Hello');
    expect(await fromA).toEqual(['HELLO']);
    expect(await fromB).toEqual(['hello']);
    expect(upper.app.responderNames).toEqual(['shout']);
  });

  it('a message for a name the server does not serve is answered NOT_FOUND through the handle', async () => {
    await using app = await createTestingApp({ responders: [EchoResponder] }).start();
    const ss = await app.connect();
    const missing = ss.responder('nope');
    const error = new Promise<ClientRpcError>((resolve) => missing.onError(resolve));
    missing.send({ x: 1 });
    await expect(error).resolves.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('"nope"') });
    // Nothing thrown, the socket still serves.
    const echo = ss.responder('echo');
    const reply = nextMessages(echo, 1);
    echo.send('still here');
    expect(await reply).toEqual([expect.objectContaining({ echo: 'still here' })]);
  });

  it("without an onError listener the refusal goes to the client's error event", async () => {
    await using app = await createTestingApp({}).start();
    const ss = await app.connect();
    const error = new Promise<ClientRpcError>((resolve) => ss.server.on('error', resolve));
    ss.responder('ghost').send(1);
    await expect(error).resolves.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a responder that throws or rejects is logged with its name and the connection stays up', async () => {
    class Fragile extends Responder {
      readonly name = 'fragile';
      onMessage(message: unknown, ctx: ResponderContext): void | Promise<void> {
        if (message === 'throw') throw new Error('sync failure');
        if (message === 'reject') return Promise.reject(new Error('async failure'));
        ctx.send('fine');
      }
    }
    const logger = recordingLogger();
    await using app = await createTestingApp({ responders: [Fragile], services: [MathService], logger }).start();
    const ss = await app.connect();
    const fragile = ss.responder('fragile');
    fragile.send('throw');
    await expect(logger.waitFor(/responder fragile.*onMessage failed.*sync failure/)).resolves.toMatch(/^error/);
    fragile.send('reject');
    await expect(logger.waitFor(/responder fragile.*onMessage failed.*async failure/)).resolves.toMatch(/^error/);
    const reply = nextMessages(fragile, 1);
    fragile.send('ok');
    expect(await reply).toEqual(['fine']);
    await expect(ss.rpc('math.double', 4)).resolves.toBe(8);
    expect(ss.connected).toBe(true);
  });

  it('never calls onMessage with a prototype-polluting object: the client is told BAD_REQUEST', async () => {
    const seen: unknown[] = [];
    class Merge extends Responder {
      readonly name = 'merge';
      onMessage(message: unknown, ctx: ResponderContext) {
        seen.push(message);
        ctx.send('merged');
      }
    }
    await using app = await createTestingApp({ responders: [Merge] }).start();
    const ss = await app.connect();
    const merge = ss.responder('merge');
    const errors: ClientRpcError[] = [];
    merge.onError((e) => errors.push(e));
    // What JSON.parse makes of a hostile frame: an own "__proto__" key.
    merge.send(JSON.parse('{"a":{"__proto__":{"admin":true}}}'));
    merge.send({ nested: { constructor: { prototype: { admin: true } } } });
    const reply = nextMessages(merge, 1);
    merge.send({ fine: true });
    // Messages are handled in order: by the time "merged" comes back, both refusals have.
    expect(await reply).toEqual(['merged']);
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['BAD_REQUEST', expect.stringContaining('__proto__')],
      ['BAD_REQUEST', expect.stringContaining('constructor')],
    ]);
    expect(seen).toEqual([{ fine: true }]);
  });

  it('onConnect and onDisconnect hear every connection, and this.publish reaches the socket', async () => {
    const events: string[] = [];
    let disconnected: (socketId: string) => void = () => undefined;
    const gone = new Promise<string>((resolve) => (disconnected = resolve));
    class Presence extends Responder implements ResponderHooks {
      readonly name = 'presence';
      onMessage() {}
      async onConnect(ctx: ResponderContext) {
        events.push(`connect ${ctx.socketId}`);
        await this.publish.socket(ctx.socketId, 'welcome', { from: this.name });
      }
      onDisconnect(ctx: ResponderContext) {
        events.push(`disconnect ${ctx.socketId}`);
        disconnected(ctx.socketId);
      }
    }
    await using app = await createTestingApp({ responders: [Presence] }).start();
    // Listening before the socket opens: onConnect publishes right after the hello.
    const ss = connect(app.url);
    const welcome = new Promise((resolve) => ss.event.on('welcome', resolve));
    await expect(welcome).resolves.toEqual({ from: 'presence' });
    const id = ss.socketId;
    await ss.close();
    await expect(gone).resolves.toBe(id);
    expect(events).toEqual([`connect ${id}`, `disconnect ${id}`]);
  });

  it('messages sent before the socket is up wait and go out once connected', async () => {
    await using app = await createTestingApp({ responders: [EchoResponder] }).start();
    const ss = connect(app.url);
    try {
      const echo = ss.responder('echo');
      const replies = nextMessages(echo, 2);
      echo.send('early 1');
      echo.send('early 2');
      expect(ss.connected).toBe(false);
      expect(await replies).toEqual([expect.objectContaining({ echo: 'early 1' }), expect.objectContaining({ echo: 'early 2' })]);
    } finally {
      await ss.close();
    }
  });

  it('a closed client reports UNAVAILABLE through the handle instead of throwing', async () => {
    await using app = await createTestingApp({ responders: [EchoResponder] }).start();
    const ss = await app.connect();
    await ss.close();
    const echo = ss.responder('echo');
    const errors: ClientRpcError[] = [];
    echo.onError((e) => errors.push(e));
    expect(() => echo.send(1)).not.toThrow();
    expect(errors.map((e) => e.code)).toEqual(['UNAVAILABLE']);
  });
});

describe('registering responders', () => {
  const quiet = { env: { NODE_ENV: 'test' }, services: [], channels: [] };

  it('refuses a class that does not extend Responder, naming it', () => {
    class NotOne {
      readonly name = 'x';
      onMessage() {}
    }
    expect(() => createApp({ ...quiet, responders: [NotOne] })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_NOT_A_RESPONDER', message: expect.stringContaining('NotOne') }) as SocketStreamError,
    );
  });

  it('refuses two responders with one name, naming both classes', () => {
    class A extends Responder {
      readonly name = 'same';
      onMessage() {}
    }
    class B extends Responder {
      readonly name = 'same';
      onMessage() {}
    }
    expect(() => createApp({ ...quiet, responders: [A, B] })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_DUPLICATE_RESPONDER', message: expect.stringMatching(/"same".*A.*B/) }) as SocketStreamError,
    );
  });

  it('refuses a name that cannot travel as a message type', () => {
    class Spaced extends Responder {
      readonly name = 'has space';
      onMessage() {}
    }
    expect(() => createApp({ ...quiet, responders: [Spaced] })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_INVALID_NAME', message: expect.stringContaining('Spaced.name') }) as SocketStreamError,
    );
  });

  it('a client asking for an unusable name gets a ClientError at once', async () => {
    await using app = await createTestingApp({}).start();
    const ss = await app.connect();
    expect(() => ss.responder('')).toThrow(expect.objectContaining({ code: 'SS_ERR_INVALID_RESPONDER' }) as Error);
    expect(ss.responder('same')).toBe(ss.responder('same'));
  });
});
