import { type AppOptions, createApp, MemoryTransport, RedisTransport } from 'socketstream';
import { closestName, editDistance } from '../../src/app/unknown-option';

/** What `createApp(options)` threw (`options` as a JavaScript user would pass them). */
function thrownBy(options: Record<string, unknown>): unknown {
  try {
    void createApp({ services: [], logLevel: 'silent', ...options } as AppOptions).close();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('createApp refuses an option it does not know', () => {
  it('names the unknown key and the closest real option', () => {
    const err = thrownBy({ sesion: { secret: 'x'.repeat(32) } });
    expect(err).toMatchObject({ name: 'SocketStreamError', code: 'SS_ERR_UNKNOWN_OPTION' });
    expect((err as Error).message).toMatch(/unknown option "sesion"; did you mean "session"\?/);
  });

  it.each([
    ['loglevel', 'logLevel'],
    ['trustProxies', 'trustProxy'],
    ['servcies', 'services'],
    ['validaton', 'validation'],
    ['provider', 'providers'],
  ])('suggests the closest option for %s: %s', (typo, meant) => {
    expect((thrownBy({ [typo]: undefined }) as Error).message).toContain(`did you mean "${meant}"`);
  });

  it('accepts every documented option', async () => {
    const app = createApp({
      root: process.cwd(),
      services: [],
      channels: [],
      pubsub: { transport: new MemoryTransport(), history: { size: 10, maxAge: 1000 } },
      guards: [],
      providers: [],
      redis: undefined,
      session: {},
      ws: {},
      validation: {},
      logger: undefined,
      logLevel: 'silent',
      production: false,
      trustProxy: false,
      env: { NODE_ENV: 'test' },
    });
    await app.close();
  });
});

describe('the edit distance behind the suggestion', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours as one edit each', () => {
    expect(editDistance('session', 'session')).toBe(0);
    expect(editDistance('sesion', 'session')).toBe(1);
    expect(editDistance('sessions', 'session')).toBe(1);
    expect(editDistance('sessoin', 'session')).toBe(1);
    expect(editDistance('sassion', 'session')).toBe(1);
    expect(editDistance('', 'ws')).toBe(2);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('ignores case and keeps the first name on a tie', () => {
    expect(closestName('LOGGER', ['logLevel', 'logger'])).toBe('logger');
    expect(closestName('ab', ['ax', 'ay'])).toBe('ax');
  });
});

describe('pubsub.history', () => {
  it.each([
    [{ size: -1 }, 'pubsub.history.size', '-1'],
    [{ size: 1.5 }, 'pubsub.history.size', '1.5'],
    [{ size: Number.NaN }, 'pubsub.history.size', 'NaN'],
    [{ maxAge: -5 }, 'pubsub.history.maxAge', '-5'],
    [{ maxAge: Infinity }, 'pubsub.history.maxAge', 'Infinity'],
    [{ maxAge: Number.NaN }, 'pubsub.history.maxAge', 'NaN'],
  ])('refuses %p at createApp with SS_ERR_INVALID_OPTION naming %s and the value', (history, name, value) => {
    const err = thrownBy({ pubsub: { history } });
    expect(err).toMatchObject({ code: 'SS_ERR_INVALID_OPTION', message: expect.stringContaining(`${name} must be`) });
    expect((err as Error).message).toContain(`got ${value} (MemoryTransport)`);
  });

  it('is checked by each built-in transport built directly, naming the transport', () => {
    expect(() => new MemoryTransport({ size: -1 })).toThrow(/pubsub\.history\.size .* got -1 \(MemoryTransport\)/);
    // Checked before any connection is made.
    expect(() => new RedisTransport('redis://127.0.0.1:1', { history: { maxAge: -1 } })).toThrow(/pubsub\.history\.maxAge .* got -1 \(RedisTransport\)/);
  });

  it('accepts 0 for both, and the defaults', async () => {
    const transport = new MemoryTransport({ size: 0, maxAge: 0 });
    await transport.close();
    await createApp({ services: [], logLevel: 'silent', pubsub: { history: {} } }).close();
  });
});
