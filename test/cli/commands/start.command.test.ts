import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../../e2e/support/build-if-stale';
import { killAll, runToExit, startUntil } from '../../e2e/support/child-processes';
import { freePort } from '../../support/free-port';

const ss = join(REPO, 'bin', 'ss.js');

/**
 * A folder with a stand-in build: a manifest and a compiled app that answers every request with
 * its process id, and closes when asked (or never, with `closes: false`).
 */
function fakeBuild(options: { sharesState: boolean; closes?: boolean }): string {
  const root = mkdtempSync(join(tmpdir(), 'ss-start-'));
  mkdirSync(join(root, 'build', 'server'), { recursive: true });
  writeFileSync(join(root, 'app.js'), '');
  writeFileSync(join(root, 'build', 'manifest.json'), '{}');
  writeFileSync(
    join(root, 'build', 'server', 'app.js'),
    `const http = require('node:http');
    let server;
    module.exports = {
      contract: 'fake', sharesState: ${options.sharesState}, clientPlan: { clients: [] },
      listen(port) { server = http.createServer((req, res) => res.end(String(process.pid) + ' ' + process.env.NODE_ENV + ' ' + (process.env.SS_BUILD ? 'build' : 'none'))); return server.listen(port); },
      close() {
        if (!server) return Promise.resolve();   // the primary's look at the app: never listened
        return ${options.closes === false ? 'new Promise(() => {})' : 'new Promise((resolve) => server.close(() => resolve()))'};
      },
    };`,
  );
  return root;
}


describe('ss start', () => {
  const roots: string[] = [];
  const env = { ...process.env, NO_COLOR: '1' };
  afterEach(() => {
    killAll();
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it('refuses to start without a build, saying to run ss build', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ss-start-'));
    roots.push(root);
    writeFileSync(join(root, 'app.js'), '');
    const end = await runToExit(process.execPath, [ss, 'start'], { cwd: root, env, timeoutMs: 30_000 });
    expect(end.code).toBe(1);
    expect(end.stderr).toMatch(/no build in .*build \(SS_ERR_NO_BUILD\): run ss build first/);
  });

  it('serves the build --out names, as ss build --out wrote it', async () => {
    const root = fakeBuild({ sharesState: false });
    roots.push(root);
    renameSync(join(root, 'build'), join(root, 'dist-build'));
    const port = await freePort();
    const started = await startUntil(process.execPath, [ss, 'start', '--out', 'dist-build', '--port', String(port)], /listening on (http:\/\/\S+)/, { cwd: root, env });
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toMatch(/^\d+ production build$/);
    started.child.kill('SIGTERM');
    expect(await started.exited).toMatchObject({ code: 0 });
  });

  it('refuses more than one worker for an app that keeps sessions and PubSub in memory, saying why', async () => {
    const root = fakeBuild({ sharesState: false });
    roots.push(root);
    const end = await runToExit(process.execPath, [ss, 'start', '--workers', '2', '--port', String(await freePort())], { cwd: root, env, timeoutMs: 30_000 });
    expect(end.code).toBe(1);
    expect(end.stderr).toMatch(/each worker would have its own.*SS_ERR_WORKERS_NEED_REDIS/);
  });

  it('serves the build in production on the port, and stops on SIGTERM with exit code 0', async () => {
    const root = fakeBuild({ sharesState: false });
    roots.push(root);
    const port = await freePort();
    const started = await startUntil(process.execPath, [ss, 'start', '--port', String(port)], /listening on (http:\/\/\S+)/, { cwd: root, env });
    expect(started.match[1]).toBe(`http://localhost:${port}`);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toMatch(/^\d+ production build$/);
    started.child.kill('SIGTERM');
    expect(await started.exited).toMatchObject({ code: 0, signal: null });
  });

  it('runs N workers on one port, and a second signal exits at once while they are still closing', async () => {
    const root = fakeBuild({ sharesState: true, closes: false });
    roots.push(root);
    const port = await freePort();
    const started = await startUntil(process.execPath, [ss, 'start', '--workers', '2', '--port', String(port)], /listening on \S+ \(2 workers/, { cwd: root, env });
    const pids = new Set<string>();
    // Connections are spread over the workers (round robin): a handful of requests meets both.
    for (let i = 0; i < 20 && pids.size < 2; i++) pids.add((await (await fetch(`http://127.0.0.1:${port}/`, { headers: { connection: 'close' } })).text()).split(' ')[0]);
    expect(pids.size).toBe(2);
    started.child.kill('SIGTERM');
    // The workers never finish closing (closes: false): the second signal must not wait for them.
    await new Promise<void>((resolve) => {
      let seen = '';
      started.child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('stopping 2 workers')) resolve();
      });
    });
    started.child.kill('SIGTERM');
    expect(await started.exited).toMatchObject({ code: 1 });
  });

  it('stops N workers gracefully on SIGTERM, each closing its app, with exit code 0', async () => {
    const root = fakeBuild({ sharesState: true });
    roots.push(root);
    const port = await freePort();
    const started = await startUntil(process.execPath, [ss, 'start', '--workers', '2', '--port', String(port)], /listening on \S+ \(2 workers/, { cwd: root, env });
    started.child.kill('SIGTERM');
    const end = await started.exited;
    expect(end).toMatchObject({ code: 0, signal: null });
    expect(end.stderr).not.toMatch(/exited .* starting another/);
  });
});
