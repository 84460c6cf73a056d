import type { CliContext } from '../cli-context';
import { EXIT_CODES, type ExitCode } from '../exit-codes';
import type { AppLocation } from '../find-app';

/** The options of `ss start`, parsed and defaulted. */
export interface StartCommandOptions {
  /** The app found from `--root` or the working directory. */
  readonly app: AppLocation;
  /** `--port`, else `PORT`, else 3000. */
  readonly port: number;
  /** `--workers <n>`: processes sharing the port (node:cluster). Default 1. */
  readonly workers: number;
}

/**
 * `ss start`: serves the app's build in production mode.
 * Not implemented yet (issue 13): says so and fails, so a script cannot mistake it for success.
 */
export async function startCommand(_options: StartCommandOptions, context: CliContext): Promise<ExitCode> {
  context.output.error('ss start: not implemented yet');
  return EXIT_CODES.failure;
}
