import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SocketStreamError } from '../../errors/socketstream-error';
import { frameworkPackage } from '../package-root';
import { packageNameFor } from './package-name';
import { templateFiles } from './template-files';

/** Replaced by the app's package name in the template's text files (README.md). */
const NAME_PLACEHOLDER = /__APP_NAME__/g;

/** What `ss new` creates, and from what. */
export interface ScaffoldOptions {
  /** The new app's folder, absolute. Created when missing. */
  readonly dir: string;
  /** Write into a folder that is not empty (files of the template replace files of the same name; others stay). */
  readonly force?: boolean;
  /** The `socketstream` dependency of the app's package.json. Default `file:<this framework's package folder>`. */
  readonly socketstream?: string;
  /** Where the template is. Default the package's `templates/new-app`. */
  readonly templateDir?: string;
}

/** What `ss new` created. */
export interface ScaffoldResult {
  /** The app's folder, absolute. */
  readonly dir: string;
  /** The package name given to it (from the folder's name). */
  readonly name: string;
  /** The `socketstream` dependency written to its package.json. */
  readonly socketstream: string;
  /** The files written, relative to `dir`, `/`-separated, sorted. */
  readonly files: readonly string[];
}

/** The default template folder: `templates/new-app` in the framework's package (shipped through package.json "files"). */
export function defaultTemplateDir(): string {
  return join(frameworkPackage().root, 'templates', 'new-app');
}

/**
 * Refuses a `dir` that is a file, or a folder with anything in it unless `force`: an app written
 * over an existing project would mix its files with the project's without saying which is which.
 */
function checkTarget(dir: string, force: boolean): void {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new SocketStreamError('SS_ERR_INVALID_ARGUMENT', `ss new ${dir}: that is a file, not a folder; choose another name`);
    entries = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (entries.length > 0 && !force) {
    const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '');
    throw new SocketStreamError('SS_ERR_INVALID_ARGUMENT', `ss new ${dir}: the folder is not empty (${shown}); choose a new folder, or pass --force to write the app's files into it`);
  }
}

/** The template's package.json with the app's name and its `socketstream` dependency. */
function packageJson(text: string, name: string, socketstream: string): string {
  const pkg = JSON.parse(text) as { name?: string; dependencies?: Record<string, string> };
  pkg.name = name;
  pkg.dependencies = { ...pkg.dependencies, socketstream };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/**
 * Writes a new app from the template: the DESIGN §1 layout with an RPC service, a channel, a
 * responder, a page with a `@View`, a shared DTO, a Jest test, tsconfig.json and package.json.
 *
 * @throws SocketStreamError `SS_ERR_INVALID_ARGUMENT` when `dir` is a file, or a folder that is not empty and `force` is not set
 */
export function scaffoldApp(options: ScaffoldOptions): ScaffoldResult {
  const { dir } = options;
  checkTarget(dir, options.force ?? false);
  const name = packageNameFor(dir);
  const socketstream = options.socketstream ?? `file:${frameworkPackage().root}`;
  const files = templateFiles(options.templateDir ?? defaultTemplateDir());
  for (const { source, target } of files) {
    const to = join(dir, ...target.split('/'));
    mkdirSync(dirname(to), { recursive: true });
    const text = readFileSync(source, 'utf8');
    if (target === 'package.json') writeFileSync(to, packageJson(text, name, socketstream));
    else writeFileSync(to, text.replace(NAME_PLACEHOLDER, name));
  }
  return { dir, name, socketstream, files: files.map((f) => f.target) };
}
