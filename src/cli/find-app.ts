import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SocketStreamError } from '../errors/socketstream-error';

/** The file names that make a folder an app, in the order they are preferred (sources before a compiled copy). */
export const APP_FILES = ['app.ts', 'app.js'] as const;

/** Where an app is: its folder (the `root` it passes to `createApp`) and its app file. */
export interface AppLocation {
  /** The app's folder, absolute. */
  readonly root: string;
  /** Its `app.ts` or `app.js`, absolute. */
  readonly file: string;
}

/** Where to look: `--root` if the user gave one, else upwards from the working directory. */
export interface FindAppOptions {
  /** The folder to start from (the working directory). */
  readonly cwd: string;
  /** `--root <dir>`: this folder and no other, relative to `cwd`. */
  readonly root?: string;
}

/** The app file in `dir`, if it has one. */
function appFileIn(dir: string): string | undefined {
  for (const name of APP_FILES) {
    const file = join(dir, name);
    if (isFile(file)) return file;
  }
  return undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** True when `dir/package.json` lists `socketstream` among its dependencies of any kind. */
function dependsOnSocketStream(dir: string): boolean {
  const path = join(dir, 'package.json');
  if (!existsSync(path)) return false;
  try {
    const pkg = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some((field) => {
      const deps = pkg[field];
      return typeof deps === 'object' && deps !== null && Object.hasOwn(deps, 'socketstream');
    });
  } catch {
    // An unreadable package.json is not this function's to report: it just does not mark an app.
    return false;
  }
}

const wanted = APP_FILES.join(' or ');

/**
 * Finds the app a command should run, as `ss dev`, `ss build` and `ss start` do. With `root`,
 * that folder must hold `app.ts` or `app.js`. Without, the nearest such folder from `cwd` up
 * wins, so the commands work from any subfolder of an app (`server/rpc`, `client/code/main`).
 * The walk stops at a package.json that depends on `socketstream` without an app file beside
 * it: that is the user's project, and an `app.ts` further up would belong to something else.
 *
 * @throws SocketStreamError `SS_ERR_APP_NOT_FOUND` naming the folders looked at
 */
export function findApp({ cwd, root }: FindAppOptions): AppLocation {
  if (root !== undefined) {
    const dir = resolve(cwd, root);
    const file = appFileIn(dir);
    if (file) return { root: dir, file };
    const why = existsSync(dir) ? `has no ${wanted}` : 'does not exist';
    throw new SocketStreamError('SS_ERR_APP_NOT_FOUND', `--root ${dir} ${why}; point --root at the folder of your app.ts`);
  }
  const start = resolve(cwd);
  for (let dir = start; ; dir = dirname(dir)) {
    const file = appFileIn(dir);
    if (file) return { root: dir, file };
    if (dependsOnSocketStream(dir)) {
      throw new SocketStreamError('SS_ERR_APP_NOT_FOUND', `${join(dir, 'package.json')} depends on socketstream but ${dir} has no ${wanted}; create one (ss new makes a starting point) or pass --root <dir>`);
    }
    if (dirname(dir) === dir) break;
  }
  throw new SocketStreamError('SS_ERR_APP_NOT_FOUND', `no ${wanted} in ${start} or any folder above it; run ss in your app's folder, pass --root <dir>, or create an app with ss new <dir>`);
}
