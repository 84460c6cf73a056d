import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The framework's top folder (the repository, or `dist/` once compiled): three levels above this file's folder. */
const FRAMEWORK_TOP = join(__dirname, '..', '..', '..');

/** Where a map's file sits and what its sources are relative to. */
export interface MapPlace {
  /** The app's folder. */
  readonly root: string;
  /** The folder the map's relative `sources` are relative to (rollup: the output file's folder under `dir`). */
  readonly sourcesDir: string;
  /** The name of the file the map describes (its `file` field). */
  readonly file: string;
}

/** `path` below `dir`, with `/` separators, or undefined when it is not below it. */
function below(dir: string, path: string): string | undefined {
  const rel = relative(dir, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/**
 * A source's name that says nothing of this machine: relative to the app (`client/code/main/entry.ts`),
 * a package's file from its `node_modules/` folder on (`node_modules/lit/index.js`), the framework's
 * as `socketstream/src/client/browser.ts`, anything else by its base name under `external/`.
 * So building the same app in another folder gives the same map.
 */
export function portableSource(root: string, sourcesDir: string, source: string): string {
  // Virtual modules (`\0ss-entry`) and URLs are names, not paths.
  if (source.startsWith('\0') || /^[a-z][\w+.-]*:/i.test(source)) return source.replace(/^\0/, '');
  const path = resolve(sourcesDir, source);
  const packages = path.split(sep).lastIndexOf('node_modules');
  if (packages >= 0) return path.split(sep).slice(packages).join('/');
  return below(root, path) ?? (below(FRAMEWORK_TOP, path) ? `socketstream/${below(FRAMEWORK_TOP, path)}` : `external/${basename(path)}`);
}

/** Source map (version 3) fields this module reads or rewrites; others are kept as they are. */
interface RawMap {
  readonly sources?: readonly (string | null)[];
  readonly sourceRoot?: string;
  readonly file?: string;
  readonly [field: string]: unknown;
}

/**
 * `map` (JSON text) with every source made portable ({@link portableSource}), `file` set to
 * the file's name and no `sourceRoot`: the browser's tools show the app's own paths, and the
 * map's bytes (which are hashed and cached forever) do not depend on where the app was built.
 */
export function portableSourceMap(map: string, place: MapPlace): string {
  const raw = JSON.parse(map) as RawMap;
  const dir = raw.sourceRoot ? resolve(place.sourcesDir, raw.sourceRoot) : place.sourcesDir;
  const { sourceRoot: _dropped, ...rest } = raw;
  const sources = (raw.sources ?? []).map((source) => (source == null ? source : portableSource(place.root, dir, source)));
  return JSON.stringify({ ...rest, file: basename(place.file), sources });
}
