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

  test('after a tab trades a session token for a new cookie, the other tabs reconnect to use it once their calls have answered', async () => {
    await using server = await FakeServer.start();
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    server.methods['slow.wait'] = async () => {
      await gate;
      return 'done';
    };
    server.methods['math.double'] = (n: number) => n * 2;
    server.sessionCookies.t1 = 'ss.sid=new; Path=/; HttpOnly';
    const browser = loadInPage<BrowserEntry>(`${server.url}/`, '../../src/client/browser');
    const tabA = browser.default;
    await tabA.rpc('math.double', 1);
    const tabB = browser.connect('/', { reconnect: { minDelay: 5, maxDelay: 20 } });
    try {
      await tabB.rpc('math.double', 1);
      const [socketA] = server.sockets;
      const idA = tabA.socketId;
      const pending = tabB.rpc('slow.wait');
      await until(() => server.received.some((f) => f.m === 'slow.wait'));
      const reconnected = next(tabB, 'reconnect');
      // Only tab A is told of its rotated session; it fetches the cookie.
      socketA.send(JSON.stringify({ t: 'session', token: 't1', changed: true }));
      await until(() => server.sessionRequests.length === 1);
      // Tab B's call in flight still gets its reply; then B reconnects.
      open();
      await expect(pending).resolves.toBe('done');
      await reconnected;
      expect(server.upgrades).toHaveLength(3);
      await expect(tabB.rpc('math.double', 2)).resolves.toBe(4);
      // Tab A, which made the change, kept its socket.
      await expect(tabA.rpc('math.double', 3)).resolves.toBe(6);
      expect(tabA.socketId).toBe(idA);
      expect(server.upgrades).toHaveLength(3);
    } finally {
      await Promise.all([tabA.close(), tabB.close()]);
    }
  });

  test('a renewal of the cookie’s lifetime (no id change) is not announced to the other tabs', async () => {
    await using server = await FakeServer.start();
    server.methods['math.double'] = (n: number) => n * 2;
    server.sessionCookies.renewed = 'ss.sid=same; Path=/; Max-Age=100; HttpOnly';
    server.sessionCookies.rotated = 'ss.sid=new; Path=/; HttpOnly';
    const { default: ss } = loadInPage<BrowserEntry>(`${server.url}/`, '../../src/client/browser');
    // Listens as another tab would; one sender's messages arrive in the order they were posted.
    const otherTab = new BroadcastChannel(`socketstream.session ${server.url}`);
    const heard: unknown[] = [];
    otherTab.onmessage = (event) => heard.push(event.data);
    // Counts refreshes the client has seen answered: it would announce one at that very point.
    const realFetch = globalThis.fetch;
    let answered = 0;
    globalThis.fetch = async (...args) => {
      const response = await realFetch(...args);
      answered++;
      return response;
    };
    try {
      await ss.rpc('math.double', 1);
      server.broadcast({ t: 'session', token: 'renewed' });
      await until(() => answered === 1);
      server.broadcast({ t: 'session', token: 'rotated', changed: true });
      await until(() => heard.length > 0);
      expect(server.sessionRequests).toHaveLength(2);
      expect(heard).toHaveLength(1);
    } finally {
      globalThis.fetch = realFetch;
      otherTab.close();
      await ss.close();
    }
  });
});
