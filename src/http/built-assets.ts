import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Context, Middleware } from 'koa';
import { type AssetEncoding, type BuildManifest, type ManifestAsset, readManifest } from '../build/production';
import { clientForPath, type ResolvedClient } from './client-definitions';

/** Options of {@link builtAssets}. */
export interface BuiltAssetsOptions {
  /** The build's folder (absolute): `<root>/build`, holding `manifest.json` and `public/`. */
  readonly outDir: string;
  /** The build's manifest. Default: read from `<outDir>/manifest.json` (once, now). */
  readonly manifest?: BuildManifest;
}

/** Hashed assets never change under their name: the browser may keep them for a year without asking. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Pages name the assets of the current build: the browser asks again each time (a 304 while unchanged). */
const PAGE = 'no-cache';
/** Requests for a file (a dot in the last segment) never get a page: a missing image is a 404, not the app. */
const FILE_LIKE = /\.[^/]*$/;
/** Sibling suffixes of the precompressed variants. */
const SUFFIX: Record<AssetEncoding, string> = { br: '.br', gzip: '.gz' };

/**
 * The variant of an asset to send for an `Accept-Encoding` header: brotli before gzip (it is
 * smaller) unless the client weighs gzip higher; none (the file itself) when the client accepts
 * neither (absent, or `q=0`) or the asset has no sibling.
 */
export function chooseEncoding(header: string | undefined, available: readonly AssetEncoding[]): AssetEncoding | undefined {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [token, ...params] = part.split(';').map((piece) => piece.trim());
    if (!token) continue;
    const q = params.map((param) => /^q\s*=\s*([0-9.]+)$/.exec(param)?.[1]).find((value) => value !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    weights.set(token === 'x-gzip' ? 'gzip' : token, Number.isFinite(weight) ? weight : 0);
  }
  let best: AssetEncoding | undefined;
  let bestWeight = 0;
  for (const encoding of ['br', 'gzip'] as const) {
    const weight = weights.get(encoding) ?? weights.get('*') ?? 0;
    if (available.includes(encoding) && weight > bestWeight) [best, bestWeight] = [encoding, weight];
  }
  return best;
}

/**
 * Koa middleware serving a production build (`ss build`'s `<outDir>`), from its manifest only:
 *
 * - assets at `/` + their path (`/_ss/assets/main/main-<hash>.js`, their `.map`s) with
 *   `Cache-Control: public, max-age=31536000, immutable`, answered before the app's own
 *   middleware (the `/_ss/` prefix is the framework's);
 * - each client's page at its routes and every sub-path (pushState URLs) for requests that
 *   accept HTML and do not look like a file, with `Cache-Control: no-cache`, after the app's own
 *   middleware, so its routes win (as in development).
 *
 * GET and HEAD only. The `.br` or `.gz` sibling is sent when `Accept-Encoding` allows
 * (see {@link chooseEncoding}) with `Content-Encoding` and `Vary: Accept-Encoding`; the
 * `Content-Type` is the file's own. A strong `ETag` per variant (from the content hash in the
 * manifest) answers a matching `If-None-Match` with a bodiless 304. Only files the manifest lists
 * are served, by the path it records, never by one taken from the URL: `..`, encoded slashes or
 * files added to `public/` later find nothing and go on to the next middleware. Each file is
 * read on its first request and kept in memory (a build is a known, bounded set of files).
 *
 * @throws SocketStreamError `SS_ERR_NO_BUILD` when no manifest is given and `<outDir>` has none
 */
export function builtAssets(options: BuiltAssetsOptions): Middleware {
  const manifest = options.manifest ?? readManifest(options.outDir);
  const publicDir = join(options.outDir, 'public');
  const assets = new Map(manifest.assets.filter((asset) => asset.kind !== 'page').map((asset) => [`/${asset.path}`, asset]));
  const pages = new Map(manifest.assets.filter((asset) => asset.kind === 'page').map((asset) => [asset.path, asset]));
  // clientForPath matches routes the way development does; the rest of each entry is what the build made of the client.
  const clients: ResolvedClient[] = Object.entries(manifest.clients).map(([name, client]) => ({
    name,
    view: client.page,
    code: client.entry,
    css: client.css === null ? [] : [client.css],
    templates: [],
    workers: Object.values(client.workers),
    routes: client.routes,
  }));

  // Each file read once, when first asked for, and kept: a build is a few files of known size,
  // and a buffer ends the response at once where a stream would race a client that closes.
  const files = new Map<string, Promise<Buffer>>();
  const read = (file: string): Promise<Buffer> => {
    let pending = files.get(file);
    if (!pending) {
      files.set(file, (pending = readFile(file)));
      pending.catch(() => files.delete(file));
    }
    return pending;
  };

  const send = async (ctx: Context, asset: ManifestAsset, cacheControl: string): Promise<void> => {
    const encoding = chooseEncoding(ctx.get('Accept-Encoding'), asset.encodings);
    ctx.status = 200;
    ctx.type = extname(asset.path);
    ctx.set('Cache-Control', cacheControl);
    ctx.set('X-Content-Type-Options', 'nosniff');
    if (asset.encodings.length > 0) ctx.vary('Accept-Encoding');
    if (encoding) ctx.set('Content-Encoding', encoding);
    // One entity tag per variant: a cache must not answer a brotli request with the gzip bytes.
    ctx.etag = `"${asset.hash.slice(0, 22)}${encoding ? `-${encoding}` : ''}"`;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    if (ctx.method === 'GET') ctx.body = await read(join(publicDir, ...asset.path.split('/')) + (encoding ? SUFFIX[encoding] : ''));
    else ctx.length = encoding === 'br' ? asset.brotli : encoding === 'gzip' ? asset.gzip : asset.raw;
  };

  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const asset = assets.get(ctx.path);
    if (asset) return send(ctx, asset, IMMUTABLE);
    await next();
    if (ctx.body != null || ctx.status !== 404 || FILE_LIKE.test(ctx.path) || !ctx.accepts('html')) return;
    const client = clientForPath(clients, ctx.path);
    const page = client && pages.get(manifest.clients[client.name].page);
    if (page) await send(ctx, page, PAGE);
  };
}
