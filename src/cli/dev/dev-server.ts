import { performance } from 'node:perf_hooks';
import { SocketStreamError } from '../../errors/socketstream-error';
import type { AppLocation } from '../find-app';
import { loadApp, type LoadedApp } from '../server-code/load-app';
import { registerTypeScript } from '../server-code/typescript-hook';
import { SHUTDOWN_TIMEOUT_MS, withinTime } from '../start/signals';
import { describeLoadError, type LoadFailure } from './load-error';
import { purgeAppModules } from './module-cache';

/** What `ss dev` runs of an app: what `ss start` uses, and `start(port, host)`. */
interface DevApp extends LoadedApp {
  start(port?: number, host?: string): Promise<string>;
}

/** Where and how the dev server runs the app. */
export interface DevServerOptions {
  /** The app's folder and file. */
  readonly app: AppLocation;
  /** The port to listen on; 0 picks a free one on the first start, and restarts keep it. */
  readonly port: number;
  /** The address to listen on. */
  readonly host: string;
}

/** The app runs: it listens on `port`; loading and starting took `ms`. */
export interface Started {
  readonly ok: true;
  readonly port: number;
  readonly ms: number;
}

/** The app did not load or start; nothing runs until the next attempt. */
export interface NotStarted {
  readonly ok: false;
  readonly failure: LoadFailure;
  /** The port could not be listened on (in use, not allowed): saving a file will not fix that. */
  readonly listenFailed: boolean;
  readonly ms: number;
}

/** What an attempt to start or restart the app came to. */
export type StartResult = Started | NotStarted;

const LISTEN_ERRORS = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL']);

/**
 * Runs the app in this process and runs it again on demand: loads the app file through the
 * TypeScript hook, starts it, and on `restart` closes it (clients are told to reconnect, calls in
 * flight finish), forgets the app's modules and loads them afresh, on the same port. The memory
 * stores the app takes are outside it (see memory-stores.ts), so sessions and channel histories
 * survive. Operations run one after another, never overlapping.
 */
export class DevServer {
  private app: DevApp | undefined;
  private port: number;
  private unhook: (() => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DevServerOptions) {
    this.port = options.port;
  }

  /** The port the app listens on once started (the one asked for until then). */
  get listeningPort(): number {
    return this.port;
  }

  /** Whether an app is running now. */
  get running(): boolean {
    return this.app !== undefined;
  }

  /** Loads and starts the app. */
  start(): Promise<StartResult> {
    return this.serially(() => this.load(performance.now()));
  }

  /** Closes the running app, if any, then loads and starts the app again; `ms` counts both. */
  restart(): Promise<StartResult> {
    return this.serially(async () => {
      const began = performance.now();
      try {
        await this.stop();
      } catch (err) {
        return this.failed(err, began);
      }
      return this.load(began);
    });
  }

  /** Closes the running app and removes the TypeScript hook. */
  close(): Promise<void> {
    return this.serially(async () => {
      try {
        await this.stop();
      } finally {
        this.unhook?.();
        this.unhook = undefined;
      }
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async stop(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    if (app) await withinTime(app.close(), SHUTDOWN_TIMEOUT_MS, 'closing the app');
  }

  private async load(began: number): Promise<StartResult> {
    this.unhook ??= registerTypeScript();
    // Every time, not only on restarts: a load that failed half-way left some modules cached.
    purgeAppModules(this.options.app.root);
    let app: DevApp | undefined;
    try {
      app = loadDevApp(this.options.app.file);
      const url = await app.start(this.port, this.options.host);
      this.port = Number(new URL(url).port);
      this.app = app;
      return { ok: true, port: this.port, ms: Math.round(performance.now() - began) };
    } catch (err) {
      // An app that loaded but could not listen still holds the stores: free them for the next try.
      await app?.close().catch(() => undefined);
      return this.failed(err, began);
    }
  }

  private failed(err: unknown, began: number): NotStarted {
    const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
    return {
      ok: false,
      failure: describeLoadError(err, this.options.app.root),
      listenFailed: typeof code === 'string' && LISTEN_ERRORS.has(code),
      ms: Math.round(performance.now() - began),
    };
  }
}

/**
 * The app file's app, as {@link loadApp} finds it, which must also have `start(port, host)`.
 *
 * @throws SocketStreamError `SS_ERR_NOT_AN_APP` when it exports no app
 */
function loadDevApp(file: string): DevApp {
  const app = loadApp(file) as Partial<DevApp> & LoadedApp;
  if (typeof app.start !== 'function') {
    throw new SocketStreamError('SS_ERR_NOT_AN_APP', `${file} exports no app that ss dev can start (it has no start(port, host)): write \`export default createApp({ root: __dirname, … })\``);
  }
  return app as DevApp;
}
