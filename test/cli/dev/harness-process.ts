/**
 * The Jest side of dev-server.harness.ts: starts it in a plain Node process and sends it commands,
 * each resolving with the JSON line it answers (no waiting on time: on the child's output).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const REPO = join(__dirname, '..', '..', '..');

/** One answer of the harness. */
export interface HarnessAnswer {
  command: string;
  running?: boolean;
  result?: unknown;
  error?: string;
}

/** A running harness. */
export interface Harness {
  send(command: string): Promise<HarnessAnswer>;
  /** Ends stdin (the harness closes the server) and resolves with its exit code and stderr. */
  end(): Promise<{ code: number | null; stderr: string }>;
}

/** Starts the harness on the app in `root`, listening on `port` (0: any). */
export function startHarness(root: string, port = 0): Harness {
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'dev-server.harness.ts'), root, String(port)], {
    cwd: REPO,
    env: { ...process.env, SWC_NODE_PROJECT: join(REPO, 'tsconfig.json'), NODE_OPTIONS: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const waiting: Array<(answer: HarnessAnswer) => void> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => waiting.shift()?.(JSON.parse(line) as HarnessAnswer));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    send(command) {
      return new Promise<HarnessAnswer>((resolve, reject) => {
        waiting.push(resolve);
        child.stdin!.write(`${command}\n`);
        exited.then(() => reject(new Error(`the harness exited before answering ${command}: ${stderr}`)));
      });
    },
    async end() {
      child.stdin!.end();
      return { code: await exited, stderr };
    },
  };
}
