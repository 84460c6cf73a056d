import { createRequire } from 'node:module';
import { extname, join, relative } from 'node:path';
import type * as Chokidar from 'chokidar';
import type { ClientPages } from '../http/client-pages';
import type { Logger } from '../logging/logger';
import type { LiveReloadResponder } from './live-reload.responder';

/** Stylesheet extensions: a change to one of these swaps stylesheets instead of reloading. */
const STYLESHEETS = new Set(['.css', '.scss', '.sass', '.less', '.styl']);
/** Saves closer together than this are one change: an editor's save is often several events. */
const BATCH_MS = 40;

/**
 * Development only: watches `client/` and `shared/` (chokidar, loaded on start), and on each
 * change (saves within 40 ms are one) forgets the compiled assets, rebuilds what changed to find
 * compile errors, and tells the pages through the live reload responder: a stylesheet change
 * swaps stylesheets, anything else reloads, a compile error shows the overlay (and is logged
 * with file and line), its fix removes it.
 */
export class ClientWatcher {
  private watcher: Chokidar.FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private changed = new Set<string>();
  private failing = false;

  constructor(
    private readonly root: string,
    private readonly pages: ClientPages,
    private readonly responder: LiveReloadResponder,
    private readonly log: Logger,
  ) {}

  /** Starts watching; resolves once the watcher is ready. */
  async start(): Promise<void> {
    const chokidar = createRequire(__filename)('chokidar') as typeof Chokidar;
    const watcher = chokidar.watch([join(this.root, 'client'), join(this.root, 'shared')], { ignoreInitial: true, ignored: (path) => path.includes(`${join('client', 'static')}`) });
    this.watcher = watcher;
    watcher.on('all', (_event, path) => this.saw(path));
    watcher.on('error', (err) => this.log.warn('watching client files failed', err));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.watcher?.close();
  }

  private saw(path: string): void {
    this.changed.add(path);
    if (this.timer === undefined) this.timer = setTimeout(() => void this.flush(), BATCH_MS);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const files = [...this.changed];
    this.changed.clear();
    const cssOnly = files.every((file) => STYLESHEETS.has(extname(file)));
    this.pages.invalidate();
    this.log.info(`${files.map((f) => relative(this.root, f)).join(', ')} changed; ${cssOnly ? 'swapping stylesheets' : 'reloading pages'}`);
    try {
      await (cssOnly ? this.pages.stylesheets() : this.pages.rebuild());
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`build failed: ${message}`);
      this.failing = true;
      this.responder.broadcast({ type: 'error', message });
      return;
    }
    const recovered = this.failing;
    this.failing = false;
    if (cssOnly) {
      for (const base of this.pages.bases()) this.responder.broadcast({ type: 'css', base });
      if (recovered) this.responder.broadcast({ type: 'ok' });
    } else this.responder.broadcast({ type: 'reload' });
  }
}
