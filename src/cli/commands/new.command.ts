import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { CliContext } from '../cli-context';
import { EXIT_CODES, type ExitCode } from '../exit-codes';
import { frameworkPackage } from '../package-root';
import { scaffoldApp } from '../scaffold/scaffold-app';

/** The options of `ss new <dir>`. */
export interface NewCommandOptions {
  /** `--force`: write into a folder that is not empty. */
  readonly force?: boolean;
  /** `--socketstream <spec>`: the app's `socketstream` dependency instead of `file:<this framework>`. */
  readonly socketstream?: string;
}

/** How to name `dir` in a `cd` line: relative when it is below the working directory, else absolute. */
function cdPath(cwd: string, dir: string): string {
  const rel = relative(cwd, dir);
  const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? dir : rel;
  return /^[\w./@:+-]+$/.test(shown) ? shown : JSON.stringify(shown);
}

/**
 * What to warn about the default dependency, `file:<framework>`, if anything. npm installs it as
 * a link to that folder and runs the folder's own `prepare` script. A built checkout has what
 * that needs; an unbuilt one has no dist/ to load; an installed copy (node_modules/socketstream)
 * ships neither the sources nor the build script, so `npm install` would fail there, and the
 * user is better told now.
 */
export function fileDependencyWarning(framework: string): string | undefined {
  if (!existsSync(join(framework, 'src', 'cli', 'main.ts'))) {
    return `warning: socketstream runs from an installed copy (${framework}); npm install would run its prepare script, which needs the repository. Set the socketstream dependency in package.json to the tarball or version you installed it from (ss new --socketstream <spec> does so)`;
  }
  if (!existsSync(join(framework, 'dist', 'src', 'index.js'))) return `warning: ${framework} has no dist/ yet; run npm run build there before npm install in the app`;
  return undefined;
}

/**
 * `ss new <dir>`: creates an app in `dir` (see docs/cli.md for what it holds) and prints the
 * next steps. Throws `SS_ERR_INVALID_ARGUMENT` (exit 1) for a folder that is not empty without
 * `--force`.
 */
export async function newCommand(dir: string, options: NewCommandOptions, context: CliContext): Promise<ExitCode> {
  const { output } = context;
  const { bold, cyan, green, dim } = output.colors;
  const target = resolve(context.cwd, dir);
  const result = scaffoldApp({ dir: target, force: options.force, socketstream: options.socketstream });
  output.info(`${green('Created')} ${bold(result.name)} in ${target} (${result.files.length} files)`);
  output.info(dim(`socketstream dependency: ${result.socketstream}`));
  const warning = options.socketstream === undefined ? fileDependencyWarning(frameworkPackage().root) : undefined;
  if (warning) output.warn(warning);
  output.info('');
  output.info('Next:');
  const cd = cdPath(context.cwd, target);
  output.info(cyan(`  ${cd === '.' ? '' : `cd ${cd} && `}npm install && npx ss dev`));
  output.info(dim('  then open http://localhost:3000; npm test runs the app\'s tests'));
  return EXIT_CODES.ok;
}
