import type { Formatter } from '../formatter';
import type { TemplateEngine } from '../template-engine';

/** One client with absolute paths and its routes: what `resolveClients()` makes of `createApp({ clients, routes })` (http's `ResolvedClient`). */
export interface BuildClient {
  /** The client's name (`main`): its assets are under `/_ss/assets/<name>/`. */
  readonly name: string;
  /** The view's absolute path (`<root>/client/views/main.html`). */
  readonly view: string;
  /** The code entry's absolute path (`<root>/client/code/main/entry.ts`). */
  readonly code: string;
  /** The stylesheets' absolute paths, in page order; empty for none. */
  readonly css: readonly string[];
  /** Template folders relative to `client/templates/`; empty for every template. */
  readonly templates: readonly string[];
  /** The workers' absolute paths (`<root>/client/workers/search.ts`). */
  readonly workers: readonly string[];
  /** The paths whose page is this client's (written to the manifest for the server). */
  readonly routes: readonly string[];
}

/** Options of {@link buildClients}. */
export interface BuildClientsOptions {
  /** The app's folder (absolute). Source maps and messages name files relative to it. */
  readonly root: string;
  /** The clients to build, usually `resolveClients(root, clients, routes)`. */
  readonly clients: readonly BuildClient[];
  /** Formatters by extension, built-ins first (`builtinFormatters()`). */
  readonly formatters: readonly Formatter[];
  /** Template engines (`defaultTemplateEngines()`). */
  readonly templateEngines: readonly TemplateEngine[];
  /**
   * Where the build goes (absolute, e.g. `<root>/build`). Its `public/` folder and
   * `manifest.json` are replaced; anything else in it (`server/`) is left alone.
   */
  readonly outDir: string;
  /**
   * A base URL for every asset (`https://cdn.example.com/app`): the pages then load
   * `<cdn>/_ss/assets/<client>/<file>`, so uploading `<outDir>/public/` to that base serves them.
   * Default none: assets are loaded from the app's own origin (`/_ss/assets/<client>/<file>`).
   */
  readonly cdn?: string;
  /**
   * Inline each page's stylesheet (`<style>`) and entry script (`<script type="module">`): true
   * for every client, or the names of the clients to inline. Lazy chunks and workers stay files.
   * Default false.
   */
  readonly inline?: boolean | readonly string[];
  /**
   * Size budgets: an asset glob or name → the most gzip bytes it may weigh
   * (`{ '*.js': 100_000, 'main.css': 20_000 }`). Names are matched without their hash
   * (`main.css` is `main-<hash>.css`); see {@link checkBudgets}. Default none.
   */
  readonly budgets?: Readonly<Record<string, number>>;
  /** The app's wire contract hash, written as is to the manifest's `contract`. Default none (not written). */
  readonly contract?: string;
  /** Called with a short line as each step starts (`bundling main`), for the CLI's progress. Default none. */
  readonly onProgress?: (step: string) => void;
}
