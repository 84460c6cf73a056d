import type { Middleware } from 'koa';
import { clientForPath, type ResolvedClient } from './client-definitions';
import type { Logger } from '../logging/logger';
import { type AssetSettings, ClientAssets } from './client-assets';

/** Requests for a file (a dot in the last segment) never get a page: a missing image is a 404, not the app. */
const FILE_LIKE = /\.[^/]*$/;

/**
 * Serves the app's clients: each client's page at its routes and their sub-paths (pushState
 * URLs), for GET and HEAD requests that accept HTML; and its code, chunks, source maps and
 * stylesheet under `<assetsPath>/<client>/`. Everything is compiled on first request and kept
 * (the code rebuilt incrementally once invalidated). A compile error is logged and answers 500,
 * with the error's message (file and line) in development only. Mounted after the app's own middleware, so
 * the app's routes win.
 */
export class ClientPages {
  private readonly assets: Map<string, ClientAssets>;

  constructor(
    private readonly clients: readonly ResolvedClient[],
    private readonly settings: AssetSettings,
    private readonly log: Logger,
  ) {
    this.assets = new Map(clients.map((client) => [client.name, new ClientAssets(client, settings)]));
  }

  /** Forgets every compiled asset (a file changed). */
  invalidate(): void {
    for (const assets of this.assets.values()) assets.invalidate();
  }

  /** Builds every client's page and code again; rejects with the first compile error. */
  async rebuild(): Promise<void> {
    await Promise.all([...this.assets.values()].map((assets) => assets.page()));
  }

  /** Compiles every client's stylesheets again; rejects with the first compile error. */
  async stylesheets(): Promise<void> {
    await Promise.all([...this.assets.values()].map((assets) => assets.stylesheet()));
  }

  /** The asset URL prefix of each client (`/_ss/assets/main/`). */
  bases(): string[] {
    return [...this.assets.values()].map((assets) => assets.base);
  }

  readonly middleware: Middleware = async (ctx, next) => {
    await next();
    if (ctx.body != null || ctx.status !== 404 || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return;
    try {
      const prefix = `${this.settings.assetsPath}/`;
      if (ctx.path.startsWith(prefix)) return await this.asset(ctx, ctx.path.slice(prefix.length));
      if (FILE_LIKE.test(ctx.path) || !ctx.accepts('html')) return;
      const client = clientForPath(this.clients, ctx.path);
      if (!client) return;
      ctx.type = 'html';
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = await this.assets.get(client.name)?.page();
    } catch (err) {
      this.log.error(`could not build ${ctx.path}`, err);
      ctx.status = 500;
      ctx.type = 'text/plain';
      // The message names files and lines of the app: for its developer, not for a visitor.
      ctx.body = this.settings.production ? 'Internal Server Error' : err instanceof Error ? err.message : String(err);
    }
  };

  private async asset(ctx: Parameters<Middleware>[0], rest: string): Promise<void> {
    const slash = rest.indexOf('/');
    const assets = slash > 0 ? this.assets.get(rest.slice(0, slash)) : undefined;
    if (!assets) return;
    const file = rest.slice(slash + 1);
    ctx.set('Cache-Control', 'no-cache');
    const map = file.endsWith('.map');
    if (file === assets.cssFile || (map && file.slice(0, -4) === assets.cssFile)) {
      const css = await assets.stylesheet();
      if (map && css.map === undefined) return;
      ctx.type = map ? 'application/json' : 'text/css';
      ctx.body = map ? css.map : css.map === undefined ? css.code : `${css.code}\n/*# sourceMappingURL=${file}.map */\n`;
      return;
    }
    const worker = /^workers\/([^/]+)\.js(\.map)?$/.exec(file);
    if (worker) {
      const built = await assets.worker(worker[1]);
      if (!built || (map && built.map === undefined)) return;
      ctx.type = map ? 'application/json' : 'text/javascript';
      ctx.body = map ? built.map : built.code;
      return;
    }
    const build = await assets.build();
    const built = build.files.get(map ? file.slice(0, -4) : file);
    if (!built || (map && built.map === undefined)) return;
    ctx.type = map ? 'application/json' : 'text/javascript';
    ctx.body = map ? built.map : built.code;
  }
}
