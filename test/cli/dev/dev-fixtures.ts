/**
 * Small apps for the dev runner's tests, written into a temporary folder. Not SocketStream apps:
 * an object with the shape the runner drives (contract, listen, start, close) around a plain HTTP
 * server that answers what `server/message.ts` returns, so the tests exercise loading, the module
 * cache and restarts without the framework (test/e2e/ss-dev.test.ts runs a real app).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AppLocation } from '../../../src/cli/find-app';

const APP = `import { createServer, type Server } from 'node:http';
import { message } from './server/message';

let server: Server | undefined;

export default {
  contract: 'fixture',
  clientPlan: {},
  sharesState: false,
  listen(port?: number, host?: string): Server {
    server = createServer((req, res) => {
      // A bug of the app that no caller sees: an exception thrown later, outside the request.
      if (req.url === '/throw-later') queueMicrotask(() => { throw new Error('thrown later by the app'); });
      res.end(message());
    });
    return server.listen(port, host);
  },
  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const s = this.listen(port, host);
    await new Promise<void>((resolve, reject) => { s.once('listening', resolve); s.once('error', reject); });
    return 'http://' + host + ':' + (s.address() as { port: number }).port;
  },
  close(): Promise<void> {
    return new Promise<void>((resolve) => { if (!server) return resolve(); server.close(() => resolve()); server.closeAllConnections(); });
  },
};
`;

/** The source of `server/message.ts` answering `text`. */
export function messageModule(text: string): string {
  return `export function message(): string {\n  return ${JSON.stringify(text)};\n}\n`;
}

/** A fixture app in a temporary folder, and a way to write its files. */
export interface FixtureApp extends AppLocation {
  write(path: string, content: string): void;
  remove(): void;
}

/** Writes the fixture app (answering `first`) into a new temporary folder. */
export function fixtureApp(first = 'first'): FixtureApp {
  const root = mkdtempSync(join(tmpdir(), 'ss-dev-unit-'));
  const write = (path: string, content: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  write('app.ts', APP);
  write('server/message.ts', messageModule(first));
  return { root, file: join(root, 'app.ts'), write, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** What the app at `port` answers. */
export async function answer(port: number, path = '/'): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}${path}`)).text();
}
