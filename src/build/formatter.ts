/** What an asset becomes in the browser: a script, a stylesheet, or a page (a client's view). */
export type AssetKind = 'js' | 'css' | 'html';

/** One file to compile, as the build hands it to a {@link Formatter}. */
export interface FormatterInput {
  /** The file's text. */
  readonly source: string;
  /** Its absolute path: where `@import`s and includes are resolved from, and what errors and source maps name. */
  readonly file: string;
  /** The app's folder (`createApp({ root })`): optional tools are loaded from its `node_modules`. */
  readonly root: string;
  /** Production build: minify. Default false. */
  readonly production?: boolean;
  /** Emit a source map (development). Default true. */
  readonly sourceMap?: boolean;
}

/** What a {@link Formatter} made of a file. */
export interface FormatterOutput {
  /** JavaScript (an ES module), CSS or HTML, as the formatter's `kind` says. */
  readonly code: string;
  /** A source map (JSON text, version 3) when one was asked for and the tool makes one. */
  readonly map?: string;
  /** Files read besides `file` (imports, includes): a change to any of them recompiles `file`. */
  readonly dependencies?: readonly string[];
}

/**
 * A preprocessor, chosen by file extension: TypeScript, Sass, Pug… Subclass it for a language of
 * your own and list it in `createApp({ formatters })`; the built-ins are written the same way.
 * A compile error is thrown as a `SocketStreamError('SS_ERR_BUILD')` whose message names the file
 * and line; a formatter whose tool is not installed throws `SS_ERR_MISSING_PACKAGE` naming the
 * package to install.
 */
export abstract class Formatter {
  /** File extensions it compiles, with their dot: `['.scss', '.sass']`. */
  abstract readonly extensions: readonly string[];
  /** What it outputs. */
  abstract readonly kind: AssetKind;
  /** The npm package it needs from the app's `node_modules`, loaded on first use; undefined when built in. */
  readonly packageName?: string;

  /** Compiles one file. */
  abstract compile(input: FormatterInput): Promise<FormatterOutput>;
}
