import { createRequire } from 'node:module';
import { extname, relative, sep } from 'node:path';
import type * as Chokidar from 'chokidar';

/** Top-level folders of an app that hold no server code: live reload has `client/`, the rest is not the app's running code. */
export const NOT_SERVER_FOLDERS: ReadonlySet<string> = new Set(['client', 'node_modules', 'build', 'dist', 'test', 'tests', 'coverage']);

/** The files whose change restarts the server: code and the JSON it may read. */
export const SERVER_EXTENSIONS: ReadonlySet<string> = new Set(['.ts', '.tsx', '.cts', '.mts', '.js', '.cjs', '.mjs', '.json']);

/** Saves closer together than this are one change: an editor's save is often several events. */
export const BATCH_MS = 40;

/** What happened to a file. */
export type FileEvent = 'added' | 'changed' | 'removed';

/** One file of a batch, relative to the app's folder with `/` separators (`server/rpc/hello.ts`). */
export interface FileChange {
  readonly path: string;
  readonly event: FileEvent;
}

const EVENTS: Readonly<Record<string, FileEvent>> = { add: 'added', change: 'changed', unlink: 'removed' };

/** Whether a path (relative to the app's folder, any separator) is outside the server code `ss dev` watches. */
export function isIgnoredFolder(rel: string): boolean {
  const parts = rel.split(sep).join('/').split('/');
  return NOT_SERVER_FOLDERS.has(parts[0]) || parts.some((part) => part.startsWith('.') || part === 'node_modules');
}

/** Whether a change to this file (relative to the app's folder) restarts the server. */
export function isServerFile(rel: string): boolean {
  return !isIgnoredFolder(rel) && SERVER_EXTENSIONS.has(extname(rel)) && !/\.d\.[mc]?ts$/.test(rel);
}

/**
 * Watches an app's server-side files (chokidar): everything under its folder except `client/`
 * (live reload's), `node_modules/`, `build/`, `dist/`, `test/`, `tests/`, `coverage/` and
 * dot-folders, and only code and JSON (see {@link SERVER_EXTENSIONS}; type declarations do not
 * run). Changes within {@link BATCH_MS} of the first one are reported together, once.
 */
export class ServerWatcher {
  private watcher: Chokidar.FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly pending = new Map<string, FileEvent>();

  /**
   * @param root the app's folder
   * @param onChange called with each batch of changes, in the order first seen
   * @param onError called when watching fails (the watcher goes on where it can)
   */
  constructor(
    private readonly root: string,
    private readonly onChange: (changes: FileChange[]) => void,
    private readonly onError: (err: Error) => void = () => undefined,
    private readonly batchMs = BATCH_MS,
  ) {}

  /** Starts watching; resolves once the initial scan is done, so a change made afterwards is seen. */
  async start(): Promise<void> {
    const chokidar = createRequire(__filename)('chokidar') as typeof Chokidar;
    const watcher = chokidar.watch(this.root, {
      ignoreInitial: true,
      // A folder ignored here is not descended into: node_modules is never scanned.
      ignored: (path) => {
        const rel = relative(this.root, path);
        return rel !== '' && isIgnoredFolder(rel);
      },
    });
    this.watcher = watcher;
    watcher.on('all', (event, path) => this.saw(event, path));
    watcher.on('error', (err) => this.onError(err instanceof Error ? err : new Error(String(err))));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  /** Stops watching; a batch not yet reported is dropped. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    await this.watcher?.close();
    this.watcher = undefined;
  }

  private saw(event: string, path: string): void {
    const kind = EVENTS[event];
    const rel = relative(this.root, path);
    if (!kind || !isServerFile(rel)) return;
    const key = rel.split(sep).join('/');
    // Added then changed within one batch is still new; removed then added again is a change.
    const before = this.pending.get(key);
    this.pending.set(key, before === 'added' && kind === 'changed' ? 'added' : before === 'removed' && kind === 'added' ? 'changed' : kind);
    this.timer ??= setTimeout(() => this.flush(), this.batchMs);
  }

  private flush(): void {
    this.timer = undefined;
    const changes = [...this.pending].map(([path, event]) => ({ path, event }));
    this.pending.clear();
    if (changes.length > 0) this.onChange(changes);
  }
}
