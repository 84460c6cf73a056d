/**
 * `ss dev` as a child process (`node bin/ss.js dev …`, as a user runs it), with a wait on its
 * output: `until(pattern, from)` resolves when what it printed after the mark `from` matches.
 * No sleeps: every wait ends on the child's output, or fails when it exits first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');

/** How the child ended. */
export interface DevExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running `ss dev`. */
export interface DevProcess {
  readonly child: ChildProcess;
  /** stdout and stderr, interleaved as they arrived. */
  log(): string;
  /** A mark at the end of the log so far, for `until` to look only at what comes next. */
  mark(): number;
  /**
   * Resolves with the match once the log after `from` (default: the start) matches `pattern`;
   * rejects with the log when the child exits first. A wait in vain ends at the test's timeout
   * (no timer here: a fixed wait flakes on a busy machine).
   */
  until(pattern: RegExp, from?: number): Promise<RegExpMatchArray>;
  readonly exited: Promise<DevExit>;
}

const live = new Set<ChildProcess>();

/** Kills every `ss dev` started here that still runs (afterAll). */
export function killDevProcesses(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/** Starts `node bin/ss.js dev <args>` in `cwd`, colour off. */
export function startDev(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): DevProcess {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'ss.js'), 'dev', ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let log = '';
  const waits = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    log += chunk.toString();
    for (const check of [...waits]) check();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<DevExit>((resolve) =>
    child.on('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    log: () => log,
    mark: () => log.length,
    until(pattern, from = 0) {
      return new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = (): void => {
          const match = log.slice(from).match(pattern);
          if (!match) return;
          waits.delete(check);
          resolve(match);
        };
        waits.add(check);
        check();
        exited.then(({ code, signal }) => {
          if (waits.delete(check)) reject(new Error(`ss dev exited (${code ?? signal}) before printing ${pattern}:\n${log}`));
        });
      });
    },
    exited,
  };
}
