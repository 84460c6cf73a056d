/**
 * `ss dev` as a user runs it (node bin/ss.js dev), on the small fixture app of dev-fixtures.ts:
 * what it prints, restarts on save, a broken file reported and recovered from, a burst of saves,
 * an exception of the running app reported without ending ss dev, and the exit on SIGINT. test/e2e/ss-dev.test.ts does the same with a real app and
 * clients that resume.
 */
import { type FixtureApp, answer, fixtureApp, messageModule } from './dev-fixtures';
import { type DevProcess, killDevProcesses, startDev } from './dev-process';

let app: FixtureApp;
let dev: DevProcess;
let port: number;

beforeAll(async () => {
  app = fixtureApp('first');
  dev = startDev(['--root', app.root, '--port', '0'], app.root);
  port = Number((await dev.until(/ss dev http:\/\/localhost:(\d+) \(started in \d+ ms/))[1]);
}, 20_000);

afterAll(() => {
  killDevProcesses();
  app?.remove();
});

describe('ss dev on an app', () => {
  it('prints the URL once and serves the app there', async () => {
    await expect(answer(port)).resolves.toBe('first');
    expect(dev.log().match(/http:\/\//g)).toHaveLength(1);
  });

  it('restarts on a save and says what changed and how long it took', async () => {
    const mark = dev.mark();
    app.write('server/message.ts', messageModule('second'));
    await dev.until(/^server\/message\.ts changed — restarted in \d+ ms$/m, mark);
    await expect(answer(port)).resolves.toBe('second');
  });

  it('prints a syntax error with its file and line, keeps watching, and restarts once it is fixed', async () => {
    let mark = dev.mark();
    app.write('server/message.ts', 'export function message(): string {\n  return "broken;\n}\n');
    await dev.until(/server\/message\.ts changed — the app did not start:\n {2}server\/message\.ts:2: [^\n]+\n[^]*still watching/, mark);
    await expect(answer(port)).rejects.toThrow();

    mark = dev.mark();
    app.write('server/message.ts', messageModule('fixed'));
    await dev.until(/server\/message\.ts changed — restarted in \d+ ms/, mark);
    await expect(answer(port)).resolves.toBe('fixed');
  });

  it('ends up running the last save of a burst', async () => {
    const mark = dev.mark();
    for (let i = 1; i <= 5; i++) app.write('server/message.ts', messageModule(`burst ${i}`));
    app.write('shared/extra.ts', 'export const extra = 1;\n');
    await dev.until(/shared\/extra\.ts added — restarted in \d+ ms/, mark);
    await expect(answer(port)).resolves.toBe('burst 5');
  });

  it('reports what the running app throws where nothing catches it, and keeps running', async () => {
    const mark = dev.mark();
    await expect(answer(port, '/throw-later')).resolves.toBe('burst 5');
    await dev.until(/the app threw: app\.ts:\d+: thrown later by the app\n[^]*ss dev keeps running/, mark);
    await expect(answer(port)).resolves.toBe('burst 5');
  });

  it('stops on SIGINT and exits 0', async () => {
    dev.child.kill('SIGINT');
    await expect(dev.exited).resolves.toEqual({ code: 0, signal: null });
    expect(dev.log()).toMatch(/SIGINT: stopping\n$/);
  });
});
