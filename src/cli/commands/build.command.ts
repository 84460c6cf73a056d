import type { CliContext } from '../cli-context';
import { EXIT_CODES, type ExitCode } from '../exit-codes';
import type { AppLocation } from '../find-app';

/** The options of `ss build`, parsed and defaulted. */
export interface BuildCommandOptions {
  /** The app found from `--root` or the working directory. */
  readonly app: AppLocation;
  /** `--out <dir>`: where the build goes, relative to the app's folder. Default `build`. */
  readonly out: string;
  /** `--cdn <url>`: the base URL every asset URL is written against. Default none (the app's own origin). */
  readonly cdn?: string;
  /** `--inline`: CSS and JS inlined into each page. Default false. */
  readonly inline: boolean;
}

/**
 * `ss build`: compiles the server and every client for production into `out`.
 * Not implemented yet (issue 13): says so and fails, so a script cannot mistake it for success.
 */
export async function buildCommand(_options: BuildCommandOptions, context: CliContext): Promise<ExitCode> {
  context.output.error('ss build: not implemented yet');
  return EXIT_CODES.failure;
}
