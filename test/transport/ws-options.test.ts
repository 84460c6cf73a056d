import { type AppOptions, createApp } from 'socketstream';

/** What `createApp({ ws })` threw. */
function thrownBy(ws: Record<string, unknown>): unknown {
  try {
    void createApp({ services: [], logLevel: 'silent', ws } as AppOptions).close();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('ws options checked at createApp', () => {
  it.each([
    ['path', 'ws', '"ws"'],
    ['path', '_ss/ws', '"_ss/ws"'],
    ['path', '/ws?x=1', '"/ws?x=1"'],
    ['path', '', '""'],
    ['path', 42, '42'],
    ['heartbeat', -1, '-1'],
    ['heartbeat', Infinity, 'Infinity'],
    ['heartbeat', Number.NaN, 'NaN'],
    ['heartbeat', 2 ** 31, String(2 ** 31)],
    ['drainTimeout', -100, '-100'],
    ['drainTimeout', Infinity, 'Infinity'],
    ['maxPayload', -1, '-1'],
    ['maxPayload', 0, '0'],
    ['maxPayload', 2 ** 32, String(2 ** 32)],
    ['maxBuffered', -1, '-1'],
    ['maxBuffered', Infinity, 'Infinity'],
    ['maxBuffered', 1.5, '1.5'],
  ])('refuses ws.%s = %p with SS_ERR_INVALID_OPTION naming the option and the value', (name, value, shown) => {
    const err = thrownBy({ [name]: value });
    expect(err).toMatchObject({ name: 'SocketStreamError', code: 'SS_ERR_INVALID_OPTION', message: expect.stringContaining(`ws.${name} must`) });
    expect((err as Error).message).toContain(`got ${shown}`);
  });

  it('accepts 0 for heartbeat (off) and drainTimeout, and a path with a leading slash', async () => {
    await createApp({ services: [], logLevel: 'silent', ws: { heartbeat: 0, drainTimeout: 0, path: '/live', maxPayload: 1, maxBuffered: 1 } }).close();
  });
});
