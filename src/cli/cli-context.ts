import type { Output } from './output';

/**
 * What a command runs against: the folder it was started in, the environment and where its
 * messages go. Passed in rather than read from `process`, so tests run commands in-process.
 */
export interface CliContext {
  /** The working directory: relative paths on the command line are resolved against it. */
  readonly cwd: string;
  /** The environment (PORT, SS_DEBUG, NO_COLOR, …). */
  readonly env: NodeJS.ProcessEnv;
  /** Where messages go. */
  readonly output: Output;
}
