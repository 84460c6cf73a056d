import type { CliContext } from '../cli-context';
import { EXIT_CODES, type ExitCode } from '../exit-codes';
import type { AppLocation } from '../find-app';

/** The options of `ss dev`, parsed and defaulted. */
export interface DevCommandOptions {
  /** The app found from `--root` or the working directory. */
  readonly app: AppLocation;
  /** `--port`, else `PORT`, else 3000. */
  readonly port: number;
}

/**
 * `ss dev`: runs the app with live reload and restarts the server when its code changes.
 * Not implemented yet (issue 13): says so and fails, so a script cannot mistake it for success.
 */
export async function devCommand(_options: DevCommandOptions, context: CliContext): Promise<ExitCode> {
  context.output.error('ss dev: not implemented yet');
  return EXIT_CODES.failure;
}
