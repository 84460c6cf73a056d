import { CommanderError } from 'commander';
import type { CliContext } from './cli-context';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import { createOutput } from './output';
import { createProgram } from './program';

/** The context of the running process: its working directory, environment and stdout/stderr. */
export function processContext(): CliContext {
  return { cwd: process.cwd(), env: process.env, output: createOutput(process.env) };
}

/**
 * Prints a failed command's error as one red line, with its stable code when it has one. The
 * stack only with `SS_DEBUG=1`: it is about the framework's insides, and a user needs the message.
 */
function reportError(err: unknown, { env, output }: CliContext): void {
  const message = err instanceof Error ? err.message : String(err);
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const suffix = typeof code === 'string' && code.startsWith('SS_ERR_') ? ` (${code})` : '';
  output.error(`error: ${message}${suffix}`);
  if (env.SS_DEBUG === '1' && err instanceof Error && err.stack) output.writeErr(`${err.stack}\n`);
}

/**
 * Runs `ss` with `argv` (the arguments after `ss`) and resolves to its exit code (see
 * {@link EXIT_CODES}): 0 success, 1 a command that failed, 2 a command line that could not be
 * understood. It never exits the process itself; `bin/ss.js` sets `process.exitCode`.
 *
 * @example
 * process.exitCode = await main(['new', 'my-app']);
 */
export async function main(argv: readonly string[], context: CliContext = processContext()): Promise<ExitCode> {
  let code: ExitCode = EXIT_CODES.ok;
  const program = createProgram(context, (result) => (code = result));
  // Commander takes the exit code of help from process.exitCode, which whatever ran before in this
  // process may have set (in tests, another command's): it starts clear and is put back after.
  const outer = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    // Commander has printed its message (or the help, or the version) by the time it throws.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    reportError(err, context);
    return EXIT_CODES.failure;
  } finally {
    process.exitCode = outer;
  }
}
