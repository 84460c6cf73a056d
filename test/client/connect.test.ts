import ss, { ClientError, connect, ERROR_CODES, RpcError } from 'socketstream/client';
import { resolveEndpoint } from '../../src/client/endpoint';

describe('connect() and the package entry', () => {
  test('http and ws URLs lead to ws://, https and wss to wss://, on the default path', () => {
    expect(resolveEndpoint('http://localhost:3000')).toEqual({ ws: 'ws://localhost:3000/_ss/ws', origin: 'http://localhost:3000' });
    expect(resolveEndpoint('https://example.com/some/page?x=1')).toEqual({ ws: 'wss://example.com/_ss/ws', origin: 'https://example.com' });
    expect(resolveEndpoint('wss://example.com:8443')).toEqual({ ws: 'wss://example.com:8443/_ss/ws', origin: 'https://example.com:8443' });
  });

  test('the path option wins, and a ws URL with a path names the socket itself', () => {
    expect(resolveEndpoint('http://h', '/socket').ws).toBe('ws://h/socket');
    expect(resolveEndpoint('ws://h/custom').ws).toBe('ws://h/custom');
    expect(resolveEndpoint('ws://h/custom', '/other').ws).toBe('ws://h/other');
  });

  test('a relative URL resolves against the page', () => {
    expect(resolveEndpoint('/', undefined, 'https://app.test/chat').ws).toBe('wss://app.test/_ss/ws');
  });

  test('a URL that is not http(s) or ws(s) throws SS_ERR_INVALID_URL', () => {
    for (const url of ['ftp://h', 'not a url', '/relative']) {
      expect(() => connect(url)).toThrow(expect.objectContaining({ name: 'ClientError', code: 'SS_ERR_INVALID_URL' }));
    }
  });

  test('a bad option throws SS_ERR_INVALID_OPTION naming it', () => {
    const bad = [{ timeout: -1 }, { queueLimit: Number.NaN }, { reconnect: { jitter: 2 } }, { reconnect: { minDelay: 50, maxDelay: 10 } }, { path: 'no-slash' }, { cookie: 42 as unknown as string }];
    for (const options of bad) {
      let error: unknown;
      try {
        connect('http://127.0.0.1:1', options);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ClientError);
      expect(error).toMatchObject({ code: 'SS_ERR_INVALID_OPTION', message: expect.stringContaining(Object.keys(options)[0]) });
    }
  });

  test('in Node the default client tells the developer to use connect(url)', async () => {
    await expect(ss.rpc('chat.send')).rejects.toMatchObject({ name: 'ClientError', code: 'SS_ERR_NO_PAGE_ORIGIN', message: expect.stringContaining('connect(url)') });
    await expect(ss.service('chat').send()).rejects.toMatchObject({ code: 'SS_ERR_NO_PAGE_ORIGIN' });
    expect(() => ss.server.on('ready', () => {})).toThrow(expect.objectContaining({ code: 'SS_ERR_NO_PAGE_ORIGIN' }));
    expect(() => ss.event.on('announcement', () => {})).toThrow(expect.objectContaining({ code: 'SS_ERR_NO_PAGE_ORIGIN' }));
    await expect(ss.channel('room:lobby').join()).rejects.toMatchObject({ code: 'SS_ERR_NO_PAGE_ORIGIN' });
    expect(ss.connected).toBe(false);
    await expect(ss.close()).resolves.toBeUndefined();
  });

  test('the entry re-exports the wire error class and codes', () => {
    expect(new RpcError('TIMEOUT', 'x').code).toBe('TIMEOUT');
    expect(ERROR_CODES).toContain('UNAVAILABLE');
  });
});
