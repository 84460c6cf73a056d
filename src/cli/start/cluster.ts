import cluster, { type Worker } from 'node:cluster';
import type { Output } from '../output';
import { serveBuild } from './serve-build';
import { SHUTDOWN_TIMEOUT_MS, onStopSignals, withinTime } from './signals';

/** What a worker tells the primary once it listens. */
interface ListeningMessage {
  readonly t: 'ss:listening';
  readonly port: number;
}

function isListening(message: unknown): message is ListeningMessage {
  return typeof message === 'object' && message !== null && (message as { t?: unknown }).t === 'ss:listening';
}

/**
 * A cluster worker: serves the build on the shared port and tells the primary. It stops on
 * SIGTERM (which the primary sends on its own first signal), gracefully, within the timeout; a
 * second SIGTERM exits at once. SIGINT is the primary's to handle: a Ctrl-C reaches every process
 * of the terminal's group, and the worker waits for the primary's word rather than stop twice.
 */
export async function runWorker(appFile: string, port: number, output: Output): Promise<number> {
  process.on('SIGINT', () => undefined);
  const served = await serveBuild(appFile, port);
  process.send?.({ t: 'ss:listening', port: served.port } satisfies ListeningMessage);
  return new Promise<number>((resolve) => {
    let stopping = false;
    process.on('SIGTERM', () => {
      if (stopping) process.exit(1);
      stopping = true;
      withinTime(served.app.close(), SHUTDOWN_TIMEOUT_MS, 'closing the app').then(
        () => resolve(0),
        (err: unknown) => {
          output.error(`worker ${process.pid}: ${String(err)}`);
          resolve(1);
        },
      );
    });
  });
}

/**
 * The primary of `ss start --workers N`: forks N workers of this same command, which share the
 * port (node:cluster), says where they listen once all do, forks a new one when one dies, and on
 * SIGTERM or SIGINT stops them all gracefully (a second signal kills them at once).
 */
export async function runPrimary(workers: number, output: Output): Promise<number> {
  const started = Date.now();
  let stopping = false;
  const live = new Set<Worker>();
  let listening = 0;
  let port = 0;
  const fork = (): Worker => {
    const worker = cluster.fork();
    live.add(worker);
    worker.on('message', (message: unknown) => {
      if (!isListening(message)) return;
      port = message.port;
      if (++listening === workers) output.info(`${output.colors.green('listening')} on http://localhost:${port} (${workers} workers, ${Date.now() - started} ms)`);
    });
    worker.on('exit', (code, signal) => {
      live.delete(worker);
      if (stopping) return;
      output.warn(`worker ${worker.process.pid} exited (${signal ?? `code ${String(code)}`}); starting another`);
      fork();
    });
    return worker;
  };
  for (let i = 0; i < workers; i++) fork();
  return new Promise<number>((resolve) => {
    const allExited = (): Promise<void> =>
      Promise.all([...live].map((worker) => new Promise<void>((done) => (worker.isDead() ? done() : worker.once('exit', () => done()))))).then(() => undefined);
    onStopSignals(
      (signal) => {
        stopping = true;
        output.info(`${signal}: stopping ${live.size} workers`);
        for (const worker of live) worker.process.kill('SIGTERM');
        withinTime(allExited(), SHUTDOWN_TIMEOUT_MS + 2_000, 'stopping the workers').then(
          () => resolve(0),
          (err: unknown) => {
            output.error(String(err));
            for (const worker of live) worker.process.kill('SIGKILL');
            resolve(1);
          },
        );
      },
      () => {
        for (const worker of live) worker.process.kill('SIGKILL');
        process.exit(1);
      },
    );
  });
}
