import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { SocketStreamError } from '../../errors/socketstream-error';

import { displayPath } from '../display-path';

export { displayPath };

/**
 * The `SS_ERR_BUILD` every formatter throws for a compile error:
 * `client/css/app.scss:3:7: Undefined variable.`, the tool's error as `cause`.
 */
export function buildError(root: string, file: string, line: number | undefined, column: number | undefined, message: string, cause: unknown): SocketStreamError {
  const at = line === undefined ? '' : column === undefined ? `:${line}` : `:${line}:${column}`;
  return new SocketStreamError('SS_ERR_BUILD', `${displayPath(root, file)}${at}: ${message.trim()}`, { cause });
}

/**
 * Reads an error message that puts the place first, as stylus's and pug's runtime errors do:
 * `/app/client/css/a.styl:4:1` (or `file:4`), a code frame, a blank line, then what is wrong
 * (and sometimes a trace, left out).
 */
export function parsePlaceFirstError(text: string): { file?: string; line?: number; column?: number; message: string } {
  const place = /^(.+?):(\d+)(?::(\d+))?\s*$/m.exec(text.split('\n')[0] ?? '');
  const after = text.split(/\n\s*\n/).slice(1).join('\n\n').trim();
  const message = (after.split('\n')[0] ?? '').trim() || text.trim();
  if (!place) return { message };
  return { file: place[1], line: Number(place[2]), column: place[3] === undefined ? undefined : Number(place[3]), message };
}

/**
 * The message of anything thrown. Not `instanceof Error`: a tool loaded through createRequire may
 * throw an Error of another realm (Jest's sandbox), and swc has thrown bare strings.
 */
export function messageOf(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(err);
}

/** A version 3 source map as the tools produce it. */
export interface RawSourceMap {
  version: number;
  sources: string[];
  sourcesContent?: (string | null)[];
  sourceRoot?: string | null;
  [key: string]: unknown;
}

/**
 * The map as JSON text with every `sources` entry an absolute file path (what swc writes, and
 * what rollup resolves a transform's map against), no `sourceRoot`, and `sourcesContent` filled
 * where the tool left it out (`contentOf` reads it).
 */
export function absoluteSourceMap(map: RawSourceMap, toPath: (source: string) => string, contentOf?: (path: string) => string | undefined): string {
  const sources = map.sources.map(toPath);
  const sourcesContent = sources.map((path, i) => map.sourcesContent?.[i] ?? contentOf?.(path) ?? null);
  const { sourceRoot: _sourceRoot, ...rest } = map;
  return JSON.stringify({ ...rest, sources, sourcesContent });
}

/** `source` resolved against `base` unless it is already absolute. */
export function againstBase(base: string, source: string): string {
  return isAbsolute(source) ? source : resolve(base, source);
}

/**
 * A build tool the framework itself depends on (swc, lightningcss), loaded on first compile rather
 * than on import, so that a production server that imports the framework never loads it.
 * `require` through createRequire, not `import()`, so it also works under Jest without flags.
 */
export function frameworkTool<T>(name: string): T {
  // Kept once loaded, as buildTools() keeps rollup: the modules hold no state of a build, and a
  // compile that rollup started before failing a build then needs no require (under Jest, one
  // after the test file ended is an error).
  let tool = tools.get(name);
  if (tool === undefined) tools.set(name, (tool = createRequire(__filename)(name)));
  return tool as T;
}

/** The framework's build tools loaded so far, by package name. */
const tools = new Map<string, unknown>();
