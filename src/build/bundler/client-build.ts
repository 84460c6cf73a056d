/** One output file of a build, in memory. */
export interface BuiltFile {
  /** JavaScript (an ES module). In development it ends with `//# sourceMappingURL=<its name>.map`. */
  readonly code: string;
  /** Its source map as JSON text (development only), to serve at the file's URL + `.map`. */
  readonly map?: string;
}

/** What {@link ClientBundler.build} made of a client's code. */
export interface ClientBuild {
  /**
   * The output files by name, relative to the client's asset folder: the entry (`main.js`, or
   * `main-<hash>.js` in production) and the chunks of dynamic `import()`s (`chunks/lazy-<hash>.js`).
   */
  readonly files: Map<string, BuiltFile>;
  /** The entry chunk's file name, a key of `files`: what the page's `<script type="module">` loads. */
  readonly entry: string;
  /** The absolute paths of the files bundled (modules of every chunk), sorted: what to watch. */
  readonly modules: string[];
  /** The addresses of the client's templates (`chat/message`), sorted: what a `@View({ template })` may name. */
  readonly templatePaths: string[];
  /** The template files and the files they read, sorted: also to watch. */
  readonly templateFiles: string[];
  /** Rollup's warnings that do not fail the build (a circular import in the app's code…), one line each, naming the file. */
  readonly warnings: string[];
}
