/**
 * An app outside the repo imports the built package by name: `node_modules/socketstream` in a
 * temporary folder is a symlink to the repo, so Node resolves through package.json `exports`
 * to dist/ (CommonJS for require, the ESM wrappers for import), as an installed copy would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfStale, REPO as repo } from './support/build-if-stale';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dir: string;
let child: ChildProcess | undefined;

/** Runs `node <args>` in the temporary app folder; resolves when it exits or after `timeoutMs`. */
function run(args: string[], timeoutMs = 15_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')} did not exit within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    proc.on('error', reject);
    proc.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Asserts a clean exit and returns stdout, showing stderr when the child failed. */
function output(result: Run): string {
  expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ code: 0, stderr: '' });
  return result.stdout.trim();
}

beforeAll(() => {
  buildIfStale();
  dir = mkdtempSync(join(tmpdir(), 'ss-external-app-'));
  cpSync(join(__dirname, 'fixtures'), dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repo, join(dir, 'node_modules', 'socketstream'), 'dir');
}, 120_000);

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('an app outside the repo, importing socketstream by name', () => {
  it('runs as CommonJS: require, discovery of a plain JS service, the Node client', async () => {
    expect(output(await run(['app.cjs']))).toBe('{"sum":5}');
  });

  it('runs as an ES module with named imports', async () => {
    expect(output(await run(['app.mjs']))).toBe('{"sum":5}');
  });

  it('uses socketstream/testing from CommonJS', async () => {
    expect(output(await run(['testing.cjs']))).toBe('{"sum":5}');
  });

  it('gets the same values from every ESM entry as from its CommonJS twin, and the client default export', async () => {
    expect(JSON.parse(output(await run(['exports.mjs'])))).toEqual({ mismatches: [], defaultClient: true });
  });

  it('type-checks against the published types from ESM and CommonJS (nodenext)', async () => {
    const esm = [
      "import { createApp, type AppOptions } from 'socketstream';",
      "import { RpcService } from 'socketstream/decorators';",
      "import ss, { connect, SocketStreamClient } from 'socketstream/client';",
      "import { createTestingApp } from 'socketstream/testing';",
      "const options: AppOptions = { root: '.' };",
      'export const url: Promise<string> = createApp(options).start();',
      'export const page: SocketStreamClient = ss;',
      "export const other: SocketStreamClient = connect('http://localhost:3000');",
      "export const decorate = RpcService('math');",
      'export const testing = createTestingApp({ services: [] }).start().then((t) => t.url);',
    ];
    const cjs = [
      "import { createApp } from 'socketstream';",
      "import client = require('socketstream/client');",
      'export const url: Promise<string> = createApp().start();',
      'export const page: client.SocketStreamClient = client.default;',
    ];
    const tsconfig = {
      compilerOptions: { module: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(repo, 'node_modules', '@types')] },
      files: ['esm.mts', 'cjs.cts'],
    };
    const typesDir = join(dir, 'types');
    mkdirSync(typesDir);
    writeFileSync(join(typesDir, 'esm.mts'), esm.join('\n'));
    writeFileSync(join(typesDir, 'cjs.cts'), cjs.join('\n'));
    writeFileSync(join(typesDir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const result = await run([join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'types'], 60_000);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 70_000);
});
