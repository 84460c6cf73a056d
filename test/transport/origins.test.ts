import { type Logger } from 'socketstream';
import { Rpc, RpcService } from 'socketstream/decorators';
import { startApp } from '../support/app-fixture';
import { openRaw, RawSocket } from '../support/raw-socket';
import { upgradeStatus } from './raw-handshake';

@RpcService('math')
class MathService {
  @Rpc() add(a: number, b: number) {
    return a + b;
  }
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => {}, info: () => {}, warn: (m: string) => warnings.push(m), error: () => {} };
}

/** An upgrade to the app at `url` as a browser page on `origin` would send it, to `Host: host` (default: the app's own). */
const fromPage = (url: string, origin: string, host = new URL(url).host) => upgradeStatus(url, { Host: host, Origin: origin });

describe('the WebSocket origin check', () => {
  describe('by default, in development', () => {
    it.each([
      ['a foreign origin', () => 'http://evil.example'],
      ['the null origin of a sandboxed page or a file', () => 'null'],
      ['a look-alike name that starts with the app host', (host: string) => `http://${host}.evil.example`],
      ['the https origin of the same host on an http server', (host: string) => `https://${host}`],
      ['another port of the same host', (host: string) => `http://${host.replace(/:\d+$/, ':1')}`],
    ])('refuses %s with 403', async (_what, origin) => {
      await using s = await startApp({ services: [MathService] });
      expect(await fromPage(s.url, origin(new URL(s.url).host))).toBe(403);
    });

    it("accepts the page's own origin, whether reached as 127.0.0.1, localhost or a *.localhost name", async () => {
      await using s = await startApp({ services: [MathService] });
      const { port } = new URL(s.url);
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `app.localhost:${port}`, `LocalHost:${port}`]) {
        expect(await fromPage(s.url, `http://${host.toLowerCase()}`, host)).toBe(101);
      }
    });

    it('refuses a DNS-rebinding page: a foreign name in both Host and Origin, on a loopback address', async () => {
      await using s = await startApp({ services: [MathService] });
      const { port } = new URL(s.url);
      expect(await fromPage(s.url, `http://rebind.evil.example:${port}`, `rebind.evil.example:${port}`)).toBe(403);
    });

    it('accepts clients that send no Origin at all (Node clients)', async () => {
      await using s = await startApp({ services: [MathService] });
      const { socket, hello } = await openRaw(s.url);
      await using _ = socket;
      expect(hello).toMatchObject({ t: 'hello' });
      expect(await upgradeStatus(s.url, { Host: 'anything.example' })).toBe(101);
    });

    it('reads Sec-WebSocket-Origin from version 8 clients', async () => {
      await using s = await startApp({ services: [MathService] });
      const bad = new RawSocket(s.url, { protocolVersion: 8, origin: 'http://evil.example' });
      await expect(bad.opened).rejects.toThrow(/403/);
      const good = new RawSocket(s.url, { protocolVersion: 8, origin: s.url });
      await using _ = good;
      await good.opened;
      expect(await good.next()).toMatchObject({ t: 'hello' });
    });
  });

  describe('by default, in production', () => {
    const production = { production: true, session: { secret: 'x'.repeat(32) } };

    it("accepts the origin of the Host a proxy forwards, on any name, and nothing else", async () => {
      await using s = await startApp({ services: [MathService], ...production });
      expect(await fromPage(s.url, 'http://app.example', 'app.example')).toBe(101);
      expect(await fromPage(s.url, 'http://app.example:80', 'APP.example')).toBe(101);
      expect(await fromPage(s.url, 'https://app.example', 'app.example')).toBe(403);
      expect(await fromPage(s.url, 'http://evil.example', 'app.example')).toBe(403);
      expect(await fromPage(s.url, 'null', 'app.example')).toBe(403);
    });

    it('with trustProxy, takes the scheme from X-Forwarded-Proto', async () => {
      await using trusting = await startApp({ services: [MathService], ...production, trustProxy: true });
      const behindTls = { Host: 'app.example', Origin: 'https://app.example', 'X-Forwarded-Proto': 'https' };
      expect(await upgradeStatus(trusting.url, behindTls)).toBe(101);
      expect(await upgradeStatus(trusting.url, { ...behindTls, Origin: 'http://app.example' })).toBe(403);
      await using plain = await startApp({ services: [MathService], ...production });
      expect(await upgradeStatus(plain.url, behindTls)).toBe(403);
    });
  });

  describe('with ws.origins', () => {
    it('accepts the listed origins besides the page’s own, in development too, compared as browsers write them', async () => {
      await using s = await startApp({ services: [MathService], ws: { origins: ['https://App.example:443', 'http://localhost:5173'] } });
      expect(await fromPage(s.url, 'https://app.example')).toBe(101);
      expect(await fromPage(s.url, 'http://localhost:5173')).toBe(101);
      expect(await fromPage(s.url, s.url)).toBe(101);
      expect(await fromPage(s.url, 'https://app.example.evil.example')).toBe(403);
      expect(await fromPage(s.url, 'null')).toBe(403);
    });

    it('with a predicate, asks it about every origin other than the page’s own', async () => {
      const asked: string[] = [];
      await using s = await startApp({ services: [MathService], ws: { origins: (origin) => (asked.push(origin), origin.endsWith('.trusted.example')) } });
      expect(await fromPage(s.url, 'https://a.trusted.example')).toBe(101);
      expect(await fromPage(s.url, 'https://evil.example')).toBe(403);
      expect(await fromPage(s.url, s.url)).toBe(101);
      expect(asked).toEqual(['https://a.trusted.example', 'https://evil.example']);
    });

    it('refuses at createApp an entry that is not a bare http(s) origin, naming it', async () => {
      await expect(startApp({ services: [MathService], ws: { origins: ['https://app.example/path'] } })).rejects.toMatchObject({
        code: 'SS_ERR_INVALID_OPTION',
        message: expect.stringContaining('"https://app.example/path"'),
      });
    });
  });

  it('logs refused origins in bounded lines: the first at once, the rest counted, however many and however long', async () => {
    const log = recordingLogger();
    const s = await startApp({ services: [MathService], logger: log });
    const long = `http://${'a'.repeat(15_000)}.example`;
    for (let i = 0; i < 50; i++) expect(await fromPage(s.url, long)).toBe(403);
    expect(log.warnings).toHaveLength(1);
    await s.app.close();
    expect(log.warnings).toHaveLength(2);
    expect(log.warnings[1]).toContain('49 more');
    for (const line of log.warnings) expect(line.length).toBeLessThan(500);
  });
});
