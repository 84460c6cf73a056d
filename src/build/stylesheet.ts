import { readFile } from 'node:fs/promises';
import { decode, encode, type SourceMapMappings } from '@jridgewell/sourcemap-codec';
import { SocketStreamError } from '../errors/socketstream-error';
import type { Formatter } from './formatter';
import { formatterFor } from './formatters/builtin-formatters';
import type { RawSourceMap } from './formatters/formatter-support';

/** What {@link buildStylesheet} needs. */
export interface StylesheetInput {
  /** The app's folder. */
  readonly root: string;
  /** The stylesheets' absolute paths, in page order. */
  readonly files: readonly string[];
  /** Formatters by extension; each file needs one of kind `css`. */
  readonly formatters: readonly Formatter[];
  /** Minify. Default false. */
  readonly production?: boolean;
  /** Make one source map over every file (JSON text in `map`). Default: `!production`. */
  readonly sourceMap?: boolean;
}

/** A client's stylesheet: every file compiled and joined, with one map over them. */
export interface BuiltStylesheet {
  readonly code: string;
  /** The source map (version 3, JSON text), when asked for. The code carries no `sourceMappingURL`: the server adds it where it serves the file. */
  readonly map?: string;
  /** Every file read (the stylesheets and their imports): what to watch. */
  readonly files: readonly string[];
}

/**
 * Compiles a client's stylesheets through their formatters (CSS, Sass, Less, Stylus…) and joins
 * them in page order. Their source maps become one map over the joined file, each part's lines
 * shifted by the lines before it, so the browser's tools name the `.scss` file and line of a rule.
 *
 * @throws SocketStreamError `SS_ERR_BUILD` naming the file (a compile error, or no css formatter
 *   for its extension); `SS_ERR_MISSING_PACKAGE` for an optional tool that is not installed
 */
export async function buildStylesheet(input: StylesheetInput): Promise<BuiltStylesheet> {
  const sourceMap = input.sourceMap ?? !input.production;
  // Every file settles before the stylesheet answers (no compile goes on after a failure).
  const settled = await Promise.allSettled(input.files.map(async (file) => {
    const formatter = formatterFor(file, input.formatters);
    if (!formatter || formatter.kind !== 'css') {
      throw new SocketStreamError('SS_ERR_BUILD', `${file}: no css formatter for its extension (built in: .css; optional: .scss, .sass, .less, .styl)`);
    }
    const source = await readFile(file, 'utf8');
    const out = await formatter.compile({ source, file, root: input.root, production: input.production, sourceMap });
    return { file, code: stripMapComment(out.code), map: out.map, dependencies: out.dependencies ?? [] };
  }));
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  const parts = settled.map((result) => (result as PromiseFulfilledResult<{ file: string; code: string; map?: string; dependencies: readonly string[] }>).value);
  const code = parts.map((part) => part.code).join('\n');
  const files = [...new Set(parts.flatMap((part) => [part.file, ...part.dependencies]))].sort();
  if (!sourceMap) return { code, files };
  return { code, files, map: joinSourceMaps(parts) };
}

/** Tools that add a `sourceMappingURL` comment (Sass, Stylus) would point the joined file at a map that is not served. */
function stripMapComment(code: string): string {
  return code.replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '');
}

/** One map over parts joined with `\n`: a part without a map maps nothing (its lines stay unmapped). */
export function joinSourceMaps(parts: readonly { readonly code: string; readonly map?: string }[]): string {
  const sources: string[] = [];
  const sourcesContent: (string | null)[] = [];
  const names: string[] = [];
  const mappings: SourceMapMappings = [];
  for (const part of parts) {
    const lines = part.code.split('\n').length;
    const raw = part.map ? (JSON.parse(part.map) as RawSourceMap & { mappings: string; names?: string[] }) : undefined;
    const decoded = raw ? decode(raw.mappings) : [];
    const sourceBase = sources.length;
    const nameBase = names.length;
    if (raw) {
      sources.push(...raw.sources);
      sourcesContent.push(...raw.sources.map((_, i) => raw.sourcesContent?.[i] ?? null));
      names.push(...(raw.names ?? []));
    }
    for (let line = 0; line < lines; line++) {
      const segments = decoded[line] ?? [];
      mappings.push(segments.map((segment) => {
        if (segment.length === 1) return segment;
        if (segment.length === 4) return [segment[0], segment[1] + sourceBase, segment[2], segment[3]];
        return [segment[0], segment[1] + sourceBase, segment[2], segment[3], segment[4] + nameBase];
      }));
    }
  }
  return JSON.stringify({ version: 3, sources, sourcesContent, names, mappings: encode(mappings) });
}
