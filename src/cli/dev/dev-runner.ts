import type { AppLocation } from '../find-app';
import { displayUrl } from './dev-environment';
import type { DevReport } from './dev-report';
import { DevServer, type StartResult } from './dev-server';
import { type FileChange, ServerWatcher } from './server-watcher';

/** What the runner runs and where it reports. */
export interface DevRunnerOptions {
  readonly app: AppLocation;
  readonly port: number;
  readonly host: string;
  readonly report: DevReport;
}

/** Changes merged by path; a later event for a path replaces an earlier one. */
function merge(earlier: readonly FileChange[], later: readonly FileChange[]): FileChange[] {
  const byPath = new Map(earlier.map((change) => [change.path, change]));
  for (const change of later) byPath.set(change.path, change);
  return [...byPath.values()];
}

/**
 * `ss dev`'s loop: starts the app, watches its server files, restarts it on each batch of changes
 * and says what happened. Changes that arrive during a restart are kept and make one more
 * restart when it ends, so the app always ends up running the files as last saved. A failed
 * start is reported and the watching goes on: the next save tries again.
 */
export class DevRunner {
  private readonly server: DevServer;
  private readonly watcher: ServerWatcher;
  private restarting: Promise<void> | undefined;
  /** Changes seen while a restart runs, for the next one. */
  private waiting: FileChange[] | undefined;
  private announced = false;
  private stopped = false;

  constructor(private readonly options: DevRunnerOptions) {
    this.server = new DevServer({ app: options.app, port: options.port, host: options.host });
    this.watcher = new ServerWatcher(
      options.app.root,
      (changes) => this.changed(changes),
      (err) => options.report.watchError(err),
    );
  }

  /**
   * Starts the app and the watcher. Resolves with the first attempt's result; when it could not
   * listen (port in use), nothing is watched and the caller should stop: no save fixes that.
   */
  async start(): Promise<StartResult> {
    const result = await this.server.start();
    if (!result.ok && result.listenFailed) return result;
    await this.watcher.start();
    this.show(result, undefined);
    return result;
  }

  /** Resolves once the restarts asked for so far are done (tests, and stopping). */
  async settled(): Promise<void> {
    while (this.restarting) await this.restarting;
  }

  /** Stops watching, lets a restart under way finish, and closes the app. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.watcher.close();
    await this.settled();
    await this.server.close();
  }

  private changed(changes: FileChange[]): void {
    if (this.stopped) return;
    this.waiting = merge(this.waiting ?? [], changes);
    this.restarting ??= this.drain();
  }

  /** Restarts until no change is waiting. The loop's last check and the reset are one step, so no change slips between them. */
  private async drain(): Promise<void> {
    try {
      for (let changes = this.takeWaiting(); changes && !this.stopped; changes = this.takeWaiting()) {
        this.show(await this.server.restart(), changes);
      }
    } finally {
      this.restarting = undefined;
    }
  }

  private takeWaiting(): FileChange[] | undefined {
    const waiting = this.waiting;
    this.waiting = undefined;
    return waiting;
  }

  private show(result: StartResult, changes: FileChange[] | undefined): void {
    const { report } = this.options;
    if (!result.ok) return report.failed(changes, result);
    if (changes) report.restarted(changes, result.ms);
    if (!this.announced) {
      this.announced = true;
      report.ready(displayUrl(this.options.host, result.port), result.ms);
    }
  }
}
