import { mkdir, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { SocketStreamError } from '../../errors/socketstream-error';
import { writeAssets, type PendingAsset } from './asset-writer';
import { checkBudgets } from './budgets';
import { buildClient } from './build-client';
import type { BuildClientsOptions } from './build-options';
import type { BuildReport } from './build-report';
import { MANIFEST_VERSION, serializeManifest, type BuildManifest, type ManifestClient } from './manifest';

function invalid(message: string): SocketStreamError {
  return new SocketStreamError('SS_ERR_INVALID_OPTION', message);
}

/** The CDN base without its trailing `/`: an http(s) URL, a protocol-relative `//host/…` or a path `/…`. */
function cdnBase(cdn: string | undefined): string {
  if (cdn === undefined) return '';
  if (typeof cdn !== 'string' || !/^(https?:\/\/[^/\s"'<>]+|\/\/[^/\s"'<>]+|\/)[^\s"'<>]*$/i.test(cdn)) {
    throw invalid(`buildClients({ cdn }) must be an http(s) URL, a //host/… URL or a /path, got ${JSON.stringify(cdn)}`);
  }
  return cdn.replace(/\/+$/, '');
}

/** The names of the clients whose pages inline their stylesheet and entry script. */
function inlined(options: BuildClientsOptions): Set<string> {
  const { inline = false, clients } = options;
  if (typeof inline === 'boolean') return new Set(inline ? clients.map((client) => client.name) : []);
  if (!Array.isArray(inline)) throw invalid(`buildClients({ inline }) must be true, false or a list of client names, got ${JSON.stringify(inline)}`);
  for (const name of inline) {
    if (!clients.some((client) => client.name === name)) throw invalid(`buildClients({ inline }) names client "${name}", which the app does not define`);
  }
  return new Set(inline);
}

/** `<outDir>/public` is emptied: `outDir` must be a folder of its own, not the app's folder nor one above it. */
function publicDirOf(root: string, outDir: string): string {
  if (typeof outDir !== 'string' || !isAbsolute(outDir)) throw invalid(`buildClients({ outDir }) must be an absolute path, got ${JSON.stringify(outDir)}`);
  const rel = relative(outDir, root);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) throw invalid(`buildClients({ outDir }): ${outDir} holds the app's folder; the build replaces its public/ folder, so give it a folder of its own (<root>/build)`);
  return join(outDir, 'public');
}

/**
 * The production build of an app's clients, into `<outDir>/public/` and `<outDir>/manifest.json`:
 *
 * ```
 * <outDir>/manifest.json                          see BuildManifest
 * <outDir>/public/pages/<client>.html             each page, with the final tags (served at its routes)
 * <outDir>/public/_ss/assets/<client>/<name>-<hash>.js|.css   entry and stylesheet, with .map
 * <outDir>/public/_ss/assets/<client>/chunks/<name>-<hash>.js lazy chunks, with .map
 * <outDir>/public/_ss/assets/<client>/workers/<name>-<hash>.js
 * ```
 * every text file with `.br` and `.gz` siblings where they are smaller. The files under
 * `public/` are served at the same paths (`/_ss/assets/main/main-<hash>.js`), or from
 * `<cdn>/_ss/assets/…`. The previous `public/` and manifest are removed first; other files of
 * `outDir` (`server/`) are kept. Deterministic: the same app, here or in another folder, gives
 * the same bytes (source maps name files relative to the app; nothing records a time).
 * Clients are built one after the other, sorted by name.
 *
 * @returns every file written with its sizes, the manifest and rollup's warnings
 * @throws SocketStreamError what the bundler and formatters throw (`SS_ERR_BUILD` naming the file
 *   and line, `SS_ERR_SERVER_ONLY_IMPORT`, `SS_ERR_MISSING_PACKAGE`), unchanged;
 *   `SS_ERR_INVALID_OPTION` for a bad option; `SS_ERR_BUDGET` (after writing) for an asset over its budget
 */
export async function buildClients(options: BuildClientsOptions): Promise<BuildReport> {
  const { root, outDir } = options;
  if (typeof root !== 'string' || !isAbsolute(root)) throw invalid(`buildClients({ root }) must be an absolute path, got ${JSON.stringify(root)}`);
  const publicDir = publicDirOf(root, outDir);
  const cdn = cdnBase(options.cdn);
  const inline = inlined(options);
  const progress = options.onProgress ?? (() => undefined);

  const pending: PendingAsset[] = [];
  const clients: Record<string, ManifestClient> = {};
  const warnings: string[] = [];
  for (const client of [...options.clients].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const built = await buildClient(client, { ...options, cdn, inline: inline.has(client.name), progress });
    pending.push(...built.assets);
    clients[client.name] = built.manifest;
    warnings.push(...built.warnings);
  }

  progress(`compressing and writing ${pending.length} files`);
  await rm(publicDir, { recursive: true, force: true });
  await rm(join(outDir, 'manifest.json'), { force: true });
  await mkdir(publicDir, { recursive: true });
  const assets = await writeAssets(publicDir, pending);
  const manifest: BuildManifest = {
    version: MANIFEST_VERSION,
    ...(options.contract === undefined ? {} : { contract: options.contract }),
    ...(cdn === '' ? {} : { cdn }),
    clients,
    assets,
  };
  await writeFile(join(outDir, 'manifest.json'), serializeManifest(manifest));
  checkBudgets(assets, options.budgets);
  return { outDir, manifest, assets, warnings };
}
