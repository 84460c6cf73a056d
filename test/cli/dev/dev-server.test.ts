import { createServer } from 'node:net';
import { join } from 'node:path';
import { answer, type FixtureApp, fixtureApp, messageModule } from './dev-fixtures';
import { type Harness, type HarnessAnswer, startHarness } from './harness-process';

let app: FixtureApp;
let harness: Harness | undefined;

afterEach(async () => {
  const end = await harness?.end();
  harness = undefined;
  app?.remove();
  expect(end?.code ?? 0).toBe(0);
});

/** The port of an answer that must be a started app (else the failure, for the test's message). */
function portOf(reply: HarnessAnswer): number {
  const result = reply.result as { ok: boolean; port?: number; failure?: { summary: string } };
  if (!result?.ok) throw new Error(`the app did not start: ${JSON.stringify(reply)}`);
  return result.port!;
}

describe('the dev server: load, start, restart (in a plain Node process: it works on Node\'s module cache)', () => {
  it('loads the TypeScript app, and after a restart serves the changed module on the same port', async () => {
    app = fixtureApp('first');
    harness = startHarness(app.root);
    const port = portOf(await harness.send('start'));
    expect(port).toBeGreaterThan(0);
    await expect(answer(port)).resolves.toBe('first');

    app.write('server/message.ts', messageModule('second'));
    const restarted = await harness.send('restart');
    expect(portOf(restarted)).toBe(port);
    await expect(answer(port)).resolves.toBe('second');
  });

  it('reports a syntax error by file and line with nothing running, and starts again once it is fixed', async () => {
    app = fixtureApp('first');
    harness = startHarness(app.root);
    const port = portOf(await harness.send('start'));

    app.write('server/message.ts', 'export function message(): string {\n  return "unclosed;\n}\n');
    expect(await harness.send('restart')).toMatchObject({
      running: false,
      result: { ok: false, listenFailed: false, failure: { summary: expect.stringMatching(/^server\/message\.ts:2: /), detail: expect.arrayContaining([expect.stringContaining('return "unclosed;')]) } },
    });

    app.write('server/message.ts', messageModule('fixed'));
    expect(portOf(await harness.send('restart'))).toBe(port);
    await expect(answer(port)).resolves.toBe('fixed');
  });

  it('reports an app file that exports no app (SS_ERR_NOT_AN_APP), and an app that throws while loading, by the .ts line', async () => {
    app = fixtureApp();
    app.write('app.ts', 'export const notAnApp = 1;\n');
    harness = startHarness(app.root);
    expect(await harness.send('start')).toMatchObject({ running: false, result: { ok: false, failure: { code: 'SS_ERR_NOT_AN_APP', summary: expect.stringContaining('exports no app') } } });

    app.write('app.ts', "import './server/boom';\nexport default {};\n");
    app.write('server/boom.ts', "const unused: number = 1;\n\nthrow new Error('boom while loading' + unused);\n");
    expect(await harness.send('restart')).toMatchObject({ result: { ok: false, failure: { summary: expect.stringMatching(/^server\/boom\.ts:3: boom while loading1$/) } } });
  });

  it('says when the port cannot be listened on: no save would fix that', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      app = fixtureApp();
      harness = startHarness(app.root, (taken.address() as { port: number }).port);
      expect(await harness.send('start')).toMatchObject({ running: false, result: { ok: false, listenFailed: true, failure: { code: 'EADDRINUSE' } } });
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

describe('the memory stores that outlive restarts', () => {
  it("are made from the socketstream the app resolves, put where createApp looks, and taken back on release", async () => {
    app = fixtureApp();
    app.write('node_modules/socketstream/package.json', JSON.stringify({ name: 'socketstream', version: '0.0.0', main: 'index.js' }));
    app.write(
      'node_modules/socketstream/index.js',
      "class MemorySessionStore { constructor() { this.marker = 'the app\\'s copy'; } async close() {} }\nclass MemoryTransport { async close() {} }\nmodule.exports = { MemorySessionStore, MemoryTransport };\n",
    );
    harness = startHarness(app.root);
    expect((await harness.send('stores')).result).toEqual({ from: 'app', inSlot: true, session: 'MemorySessionStore', marker: "the app's copy", inSlotAfterRelease: false });
  });

  it("are the CLI's own when the app resolves no socketstream", async () => {
    app = fixtureApp();
    harness = startHarness(join(app.root, 'server'));
    expect((await harness.send('stores')).result).toEqual({ from: 'cli', inSlot: true, session: 'MemorySessionStore', marker: null, inSlotAfterRelease: false });
  });
});
