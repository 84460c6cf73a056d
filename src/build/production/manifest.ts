import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SocketStreamError } from '../../errors/socketstream-error';

/** The manifest format's version: a server refuses a manifest of another. */
export const MANIFEST_VERSION = 1;

/** What a file of the build is. */
export type AssetKind = 'page' | 'script' | 'style' | 'worker' | 'map';

/** A precompressed sibling a file has (`<file>.br`, `<file>.gz`). */
export type AssetEncoding = 'br' | 'gzip';

/** One file under `<outDir>/public/`. */
export interface ManifestAsset {
  /** Its path under `public/`, with `/` (`_ss/assets/main/main-AbC12_-z.js`); served at `/` + path, pages at their routes. */
  readonly path: string;
  /** Its name without hash, under its client (`main.js`, `chunks/lazy.js`, `workers/search.js`, `main.html` for a page): what budgets match. */
  readonly name: string;
  /** The client it belongs to. */
  readonly client: string;
  readonly kind: AssetKind;
  /** Its size in bytes. */
  readonly raw: number;
  /** What is sent to a client accepting gzip: the `.gz` sibling's size, or `raw` when it has none. */
  readonly gzip: number;
  /** What is sent to a client accepting brotli: the `.br` sibling's size, or `raw` when it has none. */
  readonly brotli: number;
  /** The SHA-256 of its bytes, base64url. */
  readonly hash: string;
  /** The siblings written, brotli first. */
  readonly encodings: readonly AssetEncoding[];
}

/** One client of the build, with the URLs its page loads. */
export interface ManifestClient {
  /** The paths whose page (and sub-paths) is this client's. */
  readonly routes: readonly string[];
  /** Its page's path under `public/` (`pages/main.html`). */
  readonly page: string;
  /** The URL of its entry script (on the CDN when built with one), also when the page inlines it. */
  readonly entry: string;
  /** The URL of its stylesheet; null when the client has none. */
  readonly css: string | null;
  /** Its workers' URLs by name (`search` → `…/workers/search-<hash>.js`). */
  readonly workers: Readonly<Record<string, string>>;
  /** Whether its page inlines the stylesheet and entry script. */
  readonly inline: boolean;
}

/** `<outDir>/manifest.json`: what `ss start` serves. Keys and lists are sorted, so equal builds give equal bytes. */
export interface BuildManifest {
  readonly version: typeof MANIFEST_VERSION;
  /** The app's wire contract hash the pages were built against, when the build was given one. */
  readonly contract?: string;
  /** The base URL of the assets when built with `cdn`, else absent (the app's own origin). */
  readonly cdn?: string;
  /** The clients by name. */
  readonly clients: Readonly<Record<string, ManifestClient>>;
  /** Every file under `public/` except the `.gz`/`.br` siblings, sorted by path. */
  readonly assets: readonly ManifestAsset[];
}

/** The manifest as written: two-space JSON with a final newline. */
export function serializeManifest(manifest: BuildManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Reads `<outDir>/manifest.json` (synchronously: a server reads it once, before it listens).
 *
 * @throws SocketStreamError `SS_ERR_NO_BUILD` when there is no manifest, or it is not one of
 *   this version (a build by another version of the framework: build again)
 */
export function readManifest(outDir: string): BuildManifest {
  const file = join(outDir, 'manifest.json');
  let parsed: Partial<BuildManifest>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<BuildManifest>;
  } catch (err) {
    throw new SocketStreamError('SS_ERR_NO_BUILD', `no build manifest at ${file}: run \`ss build\` first`, { cause: err });
  }
  if (parsed.version !== MANIFEST_VERSION || !Array.isArray(parsed.assets) || typeof parsed.clients !== 'object' || parsed.clients === null) {
    throw new SocketStreamError('SS_ERR_NO_BUILD', `${file} is not a build manifest of version ${MANIFEST_VERSION}: run \`ss build\` again`);
  }
  return parsed as BuildManifest;
}
