/** One template to compile, as the build hands it to a {@link TemplateEngine}. */
export interface TemplateInput {
  /** The template's text. */
  readonly source: string;
  /** Its absolute path, for errors. */
  readonly file: string;
  /** Its address: its path under `client/templates/` without the extension, `/`-separated (`chat/message`). */
  readonly path: string;
  /** The app's folder: optional tools are loaded from its `node_modules`. */
  readonly root: string;
}

/** What a {@link TemplateEngine} made of a template. */
export interface TemplateOutput {
  /**
   * A JavaScript expression that evaluates, in the bundle, to the template function
   * `(data: unknown) => string`. It may use the names the engine's `runtime` module exports.
   * It must not need `eval` or `new Function` to run (the page may forbid `unsafe-eval`).
   */
  readonly code: string;
  /** Addresses of the other templates it includes (partials), so a missing one fails the build naming this file. */
  readonly partials?: readonly string[];
  /** Files read besides the template (Pug's `include`, `extends`): a change to any of them recompiles it. */
  readonly dependencies?: readonly string[];
}

/**
 * A template language, chosen by file extension. Templates are compiled at build time into
 * plain functions, so no compiler reaches the browser. Subclass it for another language and
 * list it in `createApp({ templateEngines })`; the built-ins are written the same way.
 */
export abstract class TemplateEngine {
  /** File extensions it compiles, with their dot: `['.html']`. */
  abstract readonly extensions: readonly string[];
  /** The npm package it needs from the app's `node_modules`, loaded on first use; undefined when built in. */
  readonly packageName?: string;

  /**
   * ES module source imported once into every bundle that has templates of this engine, whose
   * exports the compiled `code` may use; undefined when the compiled code needs nothing. When it
   * exports `link`, the bundle calls `link(templates)` once with every template of the bundle by
   * address (of all engines), before any renders: how partials find one another. A template is
   * called as `(data)` by the page, and as `(data, { data: frame })` by a partial call, `frame`
   * holding `root` and the `@index`-like variables (Handlebars's convention).
   */
  runtime?(): string;

  /** Compiles one template. A syntax error is a `SocketStreamError('SS_ERR_BUILD')` naming the file and line. */
  abstract compile(input: TemplateInput): Promise<TemplateOutput>;
}
