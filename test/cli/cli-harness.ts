import type { CliContext } from '../../src/cli/cli-context';
import { main } from '../../src/cli/main';
import { createOutput } from '../../src/cli/output';

/** What one in-process run of `ss` did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `ss <argv>` in-process in `cwd`, with stdout and stderr captured and colour off (unless
 * `env` turns it on), as a user would see it in a pipe.
 */
export async function runCli(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const env = options.env ?? {};
  const context: CliContext = {
    cwd: options.cwd ?? process.cwd(),
    env,
    output: createOutput(env, { write: (text: string) => (stdout += text) }, { write: (text: string) => (stderr += text) }),
  };
  const code = await main(argv, context);
  return { code, stdout, stderr };
}
