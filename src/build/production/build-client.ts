import { basename, dirname, extname, join } from 'node:path';
import { bundleWorker } from '../bundler/bundle-worker';
import { ClientBundler } from '../bundler/client-bundler';
import type { ClientBuild } from '../bundler/client-build';
import { buildStylesheet } from '../stylesheet';
import { compileView } from '../view';
import type { PendingAsset } from './asset-writer';
import type { BuildClient, BuildClientsOptions } from './build-options';
import { nameHash, unhashedName } from './content-hash';
import type { ManifestClient } from './manifest';
import { type PageTag, pageHtml } from '../page-tags';
import { portableSourceMap } from './source-maps';

/** How one client is built: the shared options, and this client's choices. */
export interface ClientSettings extends Pick<BuildClientsOptions, 'root' | 'formatters' | 'templateEngines' | 'contract'> {
  /** The assets' base URL without a trailing `/` (`https://cdn.example.com/app`), or `''` for the app's origin. */
  readonly cdn: string;
  /** Whether the page inlines its stylesheet and entry script. */
  readonly inline: boolean;
  readonly progress: (step: string) => void;
}

/** One client, built in memory: its files and its manifest entry. */
export interface BuiltClient {
  readonly assets: PendingAsset[];
  readonly manifest: ManifestClient;
  readonly warnings: string[];
}

/**
 * Builds one client for production: its workers first (their hashed URLs go into the code, for
 * `ss.worker(name)`), then its code (minified, hashed chunks, source maps), its stylesheet (named
 * by the hash of its code and map) and its page with the final URLs. Files are under
 * `_ss/assets/<client>/` as in development, so a URL differs only by its hash.
 *
 * @throws SocketStreamError what the bundler, formatters and template engines throw (`SS_ERR_BUILD` naming the file and line…), unchanged
 */
export async function buildClient(client: BuildClient, settings: ClientSettings): Promise<BuiltClient> {
  const { root, formatters } = settings;
  const dir = `_ss/assets/${client.name}/`;
  const url = (file: string): string => `${settings.cdn}/${dir}${file}`;
  const assets: PendingAsset[] = [];
  const add = (file: string, kind: PendingAsset['kind'], data: string, name = unhashedName(file)): void => {
    assets.push({ path: dir + file, name, client: client.name, kind, data });
  };
  const warnings: string[] = [];

  const workers: Record<string, string> = {};
  for (const file of [...client.workers].sort()) {
    const name = basename(file, extname(file));
    settings.progress(`bundling the worker ${name} of ${client.name}`);
    const worker = await bundleWorker({ root, file, formatters, production: true, sourceMap: true });
    add(`workers/${worker.fileName}`, 'worker', worker.code);
    if (worker.map !== undefined) add(`workers/${worker.fileName}.map`, 'map', portableSourceMap(worker.map, { root, sourcesDir: root, file: worker.fileName }));
    workers[name] = url(`workers/${worker.fileName}`);
    warnings.push(...worker.warnings);
  }

  settings.progress(`bundling ${client.name}`);
  const build = await new ClientBundler({
    root,
    entry: client.code,
    formatters,
    templateEngines: settings.templateEngines,
    templatesDir: join(root, 'client', 'templates'),
    production: true,
    sourceMap: true,
    prebundle: false,
    workers,
    templateFolders: client.templates.length > 0 ? client.templates : undefined,
    contract: settings.contract,
  }).build();
  warnings.push(...build.warnings);
  for (const [file, built] of [...build.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    add(file, 'script', built.code);
    if (built.map !== undefined) add(`${file}.map`, 'map', portableSourceMap(built.map, { root, sourcesDir: join(root, dirname(file)), file }));
  }

  let css: { file: string; code: string } | undefined;
  if (client.css.length > 0) {
    settings.progress(`compiling the stylesheet of ${client.name}`);
    const sheet = await buildStylesheet({ root, files: client.css, formatters, production: true, sourceMap: true });
    const map = sheet.map === undefined ? undefined : portableSourceMap(sheet.map, { root, sourcesDir: root, file: `${client.name}.css` });
    const file = `${client.name}-${nameHash(sheet.code, map ?? '')}.css`;
    css = { file, code: map === undefined ? sheet.code : `${sheet.code}\n/*# sourceMappingURL=${file}.map */\n` };
    add(file, 'style', css.code);
    if (map !== undefined) add(`${file}.map`, 'map', JSON.stringify({ ...(JSON.parse(map) as object), file }));
  }

  settings.progress(`compiling the page of ${client.name}`);
  const view = await compileView({ root, file: client.view, formatters, production: true });
  const cssTags: PageTag[] = css === undefined ? [] : [settings.inline ? { inline: inlineSourceMap(css.code, css.file, url) } : { url: url(css.file) }];
  const jsTag: PageTag = settings.inline ? { inline: inlineEntry(build, url) } : { url: url(build.entry) };
  const page = `pages/${client.name}.html`;
  assets.push({ path: page, name: `${client.name}.html`, client: client.name, kind: 'page', data: pageHtml(view, { css: cssTags, js: [jsTag] }) });

  const manifest: ManifestClient = {
    routes: [...client.routes].sort(),
    page,
    entry: url(build.entry),
    css: css === undefined ? null : url(css.file),
    workers,
    inline: settings.inline,
  };
  return { assets, manifest, warnings };
}

/** A file's `sourceMappingURL` made absolute: inlined into the page, a relative one would resolve against the page's URL. */
function inlineSourceMap(code: string, file: string, url: (file: string) => string): string {
  return code.replace(`sourceMappingURL=${basename(file)}.map`, () => `sourceMappingURL=${url(file)}.map`);
}

/**
 * The entry chunk's code for a `<script type="module">` in the page: a module's relative imports
 * resolve against its own URL, which for an inline script is the page's, so each chunk's
 * `"./chunks/x-<hash>.js"` becomes its full URL. Only the exact names of the build's chunks are
 * replaced, in quotes, so the app's own strings are left alone.
 */
function inlineEntry(build: ClientBuild, url: (file: string) => string): string {
  let code = inlineSourceMap(build.files.get(build.entry)?.code ?? '', build.entry, url);
  const base = dirname(build.entry) === '.' ? '' : `${dirname(build.entry)}/`;
  for (const file of [...build.files.keys()].sort()) {
    if (file === build.entry || !file.startsWith(base)) continue;
    const specifier = `./${file.slice(base.length)}`;
    for (const quote of ['"', "'", '`']) code = code.split(`${quote}${specifier}${quote}`).join(`${quote}${url(file)}${quote}`);
  }
  return code;
}
