import { WebSocket } from 'ws';
import { FakeServer, next, until } from './fake-server';

type BrowserEntry = typeof import('../../src/client/browser');
type PackageEntry = typeof import('../../src/client/index');

const page = globalThis as unknown as { location?: URL; WebSocket?: unknown };

/** Loads module `path` afresh as if in a page at `href`, with ws standing in for the browser's WebSocket. */
function loadInPage<M extends object>(href: string, path: string): M {
  page.location = new URL(href);
  page.WebSocket = WebSocket;
  let mod: M | undefined;
  jest.isolateModules(() => {
    mod = jest.requireActual<M>(path);
  });
  return mod as M;
}

afterEach(() => {
  delete page.location;
  delete page.WebSocket;
});

describe('in a browser', () => {
  test("the browser entry's default client connects to the page's origin and refreshes the session with fetch", async () => {
    await using server = await FakeServer.start();
    server.methods['math.double'] = (n: number) => n * 2;
    server.sessionCookies.t1 = 'ss.sid=new; Path=/; HttpOnly';
    const { default: ss } = loadInPage<BrowserEntry>(`${server.url}/chat/lobby`, '../../src/client/browser');
    try {
      await expect(ss.rpc('math.double', 21)).resolves.toBe(42);
      expect(server.upgrades[0].url).toBe('/_ss/ws');
      expect(ss.cookie).toBeUndefined();
      server.broadcast({ t: 'session', token: 't1' });
      await until(() => server.sessionRequests.length === 1);
      expect(server.sessionRequests[0].url).toBe('/_ss/session?token=t1');
      const error = next(ss, 'error');
      server.broadcast({ t: 'session', token: 'bad' });
      await expect(error).resolves.toEqual([expect.objectContaining({ code: 'BAD_REQUEST' })]);
    } finally {
      await ss.close();
    }
  });

  test('connect() of the browser entry takes a URL relative to the page', async () => {
    await using server = await FakeServer.start();
    server.methods['math.double'] = (n: number) => n * 2;
    const browser = loadInPage<BrowserEntry>(`${server.url}/`, '../../src/client/browser');
    const ss = browser.connect('/', { path: '/_ss/ws' });
    try {
      await expect(ss.rpc('math.double', 2)).resolves.toBe(4);
    } finally {
      await Promise.all([ss.close(), browser.default.close()]);
    }
  });

  test('the package entry loaded in a page uses the browser transport', async () => {
    await using server = await FakeServer.start();
    server.methods['math.double'] = (n: number) => n * 2;
    const entry = loadInPage<PackageEntry>(`${server.url}/`, '../../src/client/index');
    try {
      await expect(entry.default.rpc('math.double', 5)).resolves.toBe(10);
      expect(entry.default.cookie).toBeUndefined();
    } finally {
      await entry.default.close();
    }
  });
});
