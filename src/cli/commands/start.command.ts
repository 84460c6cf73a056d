import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CliContext } from '../cli-context';
import { EXIT_CODES, type ExitCode } from '../exit-codes';
import type { AppLocation } from '../find-app';
import { loadApp } from '../server-code/load-app';
import { runPrimary, runWorker } from '../start/cluster';
import { serveBuild } from '../start/serve-build';
import { SHUTDOWN_TIMEOUT_MS, onStopSignals, withinTime } from '../start/signals';

/** The options of `ss start`, parsed and defaulted. */
export interface StartCommandOptions {
  /** The app found from `--root` or the working directory. */
  readonly app: AppLocation;
  /** `--port`, else `PORT`, else 3000. */
  readonly port: number;
  /** `--workers <n>`: processes sharing the port (node:cluster). Default 1. */
  readonly workers: number;
  /** `--out <dir>`: the build to serve, relative to the app's folder, as given to `ss build`. Default `build`. */
  readonly out?: string;
}

/**
 * `ss start`: serves the app's build (`ss build`) in production: hashed assets cached forever,
 * pages revalidated, precompressed variants by Accept-Encoding. `--workers N` forks N processes on
 * one port (node:cluster), which needs the app's sessions and PubSub in Redis for N > 1. Stops
 * gracefully on SIGTERM or SIGINT (clients are told to reconnect, calls in flight finish, at most
 * 10 s); a second signal exits at once. Resolves with the exit code once stopped.
 */
export async function startCommand(options: StartCommandOptions, context: CliContext): Promise<ExitCode> {
  const { output } = context;
  const buildDir = resolve(options.app.root, options.out ?? 'build');
  const appFile = join(buildDir, 'server', 'app.js');
  if (!existsSync(join(buildDir, 'manifest.json')) || !existsSync(appFile)) {
    output.error(`ss start: no build in ${buildDir} (SS_ERR_NO_BUILD): run ss build first`);
    return EXIT_CODES.failure;
  }
  // The app reads these when it is created: production behaviour, and the build to serve.
  process.env.NODE_ENV = 'production';
  process.env.SS_BUILD = buildDir;
  if (cluster.isWorker) {
    const code = await runWorker(appFile, options.port, output);
    // The IPC channel to the primary would keep the stopped worker alive.
    cluster.worker?.disconnect();
    return code === 0 ? EXIT_CODES.ok : EXIT_CODES.failure;
  }
  if (options.workers > 1) {
    const probe = loadApp(appFile);
    const shares = probe.sharesState;
    await probe.close();
    if (!shares) {
      output.error(
        `ss start --workers ${options.workers}: the app keeps its sessions and PubSub in this process's memory, so each worker would have its own and users would lose their sessions and messages between them (SS_ERR_WORKERS_NEED_REDIS). Set createApp({ redis }) (REDIS_URL), or run one worker.`,
      );
      return EXIT_CODES.failure;
    }
    return (await runPrimary(options.workers, output)) === 0 ? EXIT_CODES.ok : EXIT_CODES.failure;
  }
  const started = Date.now();
  const served = await serveBuild(appFile, options.port);
  output.info(`${output.colors.green('listening')} on http://localhost:${served.port} (${Date.now() - started} ms)`);
  return new Promise<ExitCode>((resolve) => {
    onStopSignals(
      (signal) => {
        output.info(`${signal}: stopping`);
        withinTime(served.app.close(), SHUTDOWN_TIMEOUT_MS, 'closing the app').then(
          () => resolve(EXIT_CODES.ok),
          (err: unknown) => {
            output.error(String(err));
            resolve(EXIT_CODES.failure);
          },
        );
      },
      () => process.exit(1),
    );
  });
}
