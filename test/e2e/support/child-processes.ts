/**
 * Child processes for e2e tests: run one to its exit, or start a server and wait for the line
 * that says it is ready. Nothing here sleeps: each wait ends on the child's output or exit, and
 * the timeouts only bound a child that hangs (it is then killed and the test fails saying so).
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** How a child ended, with everything it wrote. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Where and how to run a child. */
export interface SpawnOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the child and fail after this many ms. Default 30 000. */
  timeoutMs?: number;
}

/** A child started by {@link startUntil}: the process, the match of the awaited line and its exit. */
export interface Started {
  child: ChildProcess;
  match: RegExpMatchArray;
  exited: Promise<Finished>;
}

const live = new Set<ChildProcess>();

/** Kills every child these helpers started that is still running (for `afterEach`/`afterAll`). */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/** Spawns `command` and collects its output; `exited` settles when it exits or is killed for hanging. */
function launch(command: string, args: string[], options: SpawnOptions): { child: ChildProcess; output: () => string; exited: Promise<Finished> } {
  // No inherited NODE_OPTIONS: what runs here must work without Node flags, as a user's would.
  const child = spawn(command, args, { cwd: options.cwd, env: { ...(options.env ?? process.env), NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const exited = new Promise<Finished>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not exit within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, output: () => stdout, exited };
}

/** Runs `command args` in `options.cwd` and resolves when it exits. */
export function runToExit(command: string, args: string[], options: SpawnOptions): Promise<Finished> {
  return launch(command, args, options).exited;
}

/**
 * Starts `command args` and resolves once its stdout matches `ready` (a server saying where it
 * listens); rejects if it exits first.
 */
export function startUntil(command: string, args: string[], ready: RegExp, options: SpawnOptions): Promise<Started> {
  const { child, output, exited } = launch(command, args, options);
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const match = output().match(ready);
      if (!match) return;
      child.stdout!.off('data', check);
      resolve({ child, match, exited });
    };
    child.stdout!.on('data', check);
    exited.then((end) => reject(new Error(`${command} ${args.join(' ')} exited (${end.code ?? end.signal}) before printing ${ready}\nstdout: ${end.stdout}\nstderr: ${end.stderr}`)), reject);
  });
}

/** Fails with the child's output unless it exited with code 0; returns its stdout. */
export function succeeded(end: Finished): string {
  if (end.code !== 0) throw new Error(`exited with ${end.code ?? end.signal}\nstdout: ${end.stdout}\nstderr: ${end.stderr}`);
  return end.stdout;
}
