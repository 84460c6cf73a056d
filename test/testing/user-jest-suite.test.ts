/**
 * A user's own Jest suite, run by Jest in a child process from a folder outside the repo whose
 * `node_modules/socketstream` links to the repo: it loads the built CommonJS dist/ through Jest's
 * module system (no moduleNameMapper, no transform, no Node flags), as an installed copy would be.
 * The repo's own tests map `socketstream` to the sources, compiled by swc, so only a run like this
 * sees how dist/ behaves under Jest (a native `import()` there throws without
 * --experimental-vm-modules).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfStale, REPO as repo } from '../e2e/support/build-if-stale';

/** The user's suite: a service in plain JavaScript (decorators and their metadata applied by hand, as tsc would), a testing app, a client. */
const USER_TEST = `'use strict';
const { createTestingApp } = require('socketstream/testing');
const { RpcService, Rpc } = require('socketstream/decorators');

class MathService {
  add(a, b) {
    return a + b;
  }
}
Reflect.defineMetadata('design:paramtypes', [Number, Number], MathService.prototype, 'add');
Rpc()(MathService.prototype, 'add', Object.getOwnPropertyDescriptor(MathService.prototype, 'add'));
RpcService('math')(MathService);

test('a client of the testing app calls a service', async () => {
  const app = await createTestingApp({ services: [MathService] }).start();
  try {
    const client = await app.connect();
    await expect(client.rpc('math.add', 2, 3)).resolves.toBe(5);
  } finally {
    await app.close();
  }
});
`;

let dir: string;

beforeAll(() => {
  buildIfStale();
  dir = mkdtempSync(join(tmpdir(), 'ss-user-jest-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'user-app', private: true }));
  writeFileSync(join(dir, 'jest.config.js'), "module.exports = { testEnvironment: 'node', transform: {}, testMatch: ['<rootDir>/test/**/*.test.js'] };\n");
  mkdirSync(join(dir, 'test'));
  writeFileSync(join(dir, 'test', 'math.test.js'), USER_TEST);
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repo, join(dir, 'node_modules', 'socketstream'), 'dir');
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the user's Jest in `dir`; resolves with its exit code and output, or rejects after `timeoutMs`. */
function runJest(timeoutMs: number): Promise<{ code: number | null; output: string }> {
  const jest = join(repo, 'node_modules', 'jest', 'bin', 'jest.js');
  return new Promise((resolve, reject) => {
    // No inherited NODE_OPTIONS: the point is that it works without Node flags.
    const proc = spawn(process.execPath, [jest, '--ci', '--no-watchman', '--no-cache'], { cwd: dir, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`the user's jest did not exit within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    proc.on('error', reject);
    proc.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test("a user's Jest suite starts a testing app from dist/ and calls it through app.connect(), without Node flags", async () => {
  const { code, output } = await runJest(45_000);
  expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
  expect(output).toMatch(/Tests:\s+1 passed, 1 total/);
}, 60_000);
