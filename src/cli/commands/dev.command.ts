import type { CliContext } from '../cli-context';
import { applyDevelopmentEnvironment, devHost } from '../dev/dev-environment';
import { DevReport } from '../dev/dev-report';
import { DevRunner } from '../dev/dev-runner';
import { describeLoadError } from '../dev/load-error';
import { provideMemoryStores } from '../dev/memory-stores';
import { EXIT_CODES, type ExitCode } from '../exit-codes';
import type { AppLocation } from '../find-app';
import { SHUTDOWN_TIMEOUT_MS, onStopSignals, withinTime } from '../start/signals';

/** The options of `ss dev`, parsed and defaulted. */
export interface DevCommandOptions {
  /** The app found from `--root` or the working directory. */
  readonly app: AppLocation;
  /** `--port`, else `PORT`, else 3000. */
  readonly port: number;
  /** The address to listen on; default every IPv4 interface (`0.0.0.0`). */
  readonly host?: string;
}

/**
 * `ss dev`: runs the app in this process in development (`NODE_ENV=development`, a session secret
 * for the run), with memory stores that outlive restarts; the app's own live reload handles
 * `client/`, and a change to its server files restarts it on the same port: clients reconnect and
 * resume with their sessions, channels and queued calls. A file that does not compile or an app
 * that throws while loading is reported (file and line) and the next save tries again. Stops on
 * SIGINT or SIGTERM (a second one exits at once) and resolves with the exit code.
 */
export async function devCommand(options: DevCommandOptions, context: CliContext): Promise<ExitCode> {
  // The app reads process.env when it is created, so that is where these go.
  applyDevelopmentEnvironment(process.env);
  // Stack traces of the app's TypeScript (compiled with inline maps) name the .ts lines.
  process.setSourceMapsEnabled(true);
  const provided = provideMemoryStores(options.app.root);
  const report = new DevReport(context.output);
  const runner = new DevRunner({ app: options.app, port: options.port, host: devHost(options.host), report });
  // What the app throws where nothing catches it would end this process, and with it the
  // sessions and channel histories it keeps: report it instead (the next save restarts the app).
  const crashed = (err: unknown): void => report.crashed(describeLoadError(err, options.app.root));
  process.on('uncaughtException', crashed);
  process.on('unhandledRejection', crashed);
  const stopCatching = (): void => {
    process.off('uncaughtException', crashed);
    process.off('unhandledRejection', crashed);
  };
  const first = await runner.start();
  if (!first.ok && first.listenFailed) {
    const hint = first.failure.code === 'EADDRINUSE' ? '; another process uses it: stop it, or pass --port <n> (0: any free port)' : '';
    context.output.error(`ss dev: cannot listen on port ${options.port}: ${first.failure.summary}${hint}`);
    await runner.stop();
    await provided.release();
    stopCatching();
    return EXIT_CODES.failure;
  }
  return new Promise<ExitCode>((resolve) => {
    onStopSignals(
      (signal) => {
        report.stopping(signal);
        withinTime(runner.stop(), SHUTDOWN_TIMEOUT_MS, 'stopping the app')
          .then(() => provided.release())
          .finally(stopCatching)
          .then(
            () => resolve(EXIT_CODES.ok),
            (err: unknown) => {
              context.output.error(`ss dev: ${err instanceof Error ? err.message : String(err)}`);
              resolve(EXIT_CODES.failure);
            },
          );
      },
      // A second Ctrl-C: the user does not want to wait.
      () => process.exit(1),
    );
  });
}
