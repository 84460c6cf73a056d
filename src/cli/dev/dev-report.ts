import type { Output } from '../output';
import type { NotStarted } from './dev-server';
import type { LoadFailure } from './load-error';
import type { FileChange, FileEvent } from './server-watcher';

/** Names shown per kind of change before `and N more`: a branch switch changes hundreds. */
const MAX_NAMES = 3;

/**
 * A batch of changes in a few words: `server/rpc/hello.ts changed`,
 * `server/a.ts, server/b.ts changed; shared/c.ts added`, `a.ts, b.ts, c.ts and 9 more changed`.
 */
export function describeChanges(changes: readonly FileChange[]): string {
  const byEvent = new Map<FileEvent, string[]>();
  for (const { path, event } of changes) byEvent.set(event, [...(byEvent.get(event) ?? []), path]);
  return [...byEvent]
    .map(([event, paths]) => {
      const names = paths.slice(0, MAX_NAMES).join(', ');
      return `${paths.length > MAX_NAMES ? `${names} and ${paths.length - MAX_NAMES} more` : names} ${event}`;
    })
    .join('; ');
}

/**
 * What `ss dev` prints, through the CLI's {@link Output}: the URL once the app first runs, one
 * line per restart, and a failed start's error (file, line, code frame) on stderr.
 */
export class DevReport {
  constructor(private readonly output: Output) {}

  /** The app runs for the first time: where to open it. */
  ready(url: string, ms: number): void {
    const c = this.output.colors;
    this.output.info(`${c.green('ss dev')} ${c.bold(url)} ${c.dim(`(started in ${ms} ms; server changes restart it, client changes reload the page)`)}`);
  }

  /** A batch of changes restarted the app. */
  restarted(changes: readonly FileChange[], ms: number): void {
    const c = this.output.colors;
    this.output.info(`${c.cyan(describeChanges(changes))} ${c.dim('—')} restarted in ${c.green(`${ms} ms`)}`);
  }

  /** The app did not load or start: the changes that led to it (none on the first start), and why. */
  failed(changes: readonly FileChange[] | undefined, result: NotStarted): void {
    const c = this.output.errorColors;
    const what = changes ? `${describeChanges(changes)} — the app did not start:` : 'ss dev: the app did not start:';
    this.output.error(what);
    this.output.error(`  ${result.failure.summary}`);
    for (const line of result.failure.detail) this.output.writeErr(`  ${c.dim(line)}\n`);
    if (result.failure.code === 'SS_ERR_TRANSPORT_IN_USE') {
      // An earlier load made an app and then threw (code after createApp in app.ts): that app,
      // which nothing can close, still holds the PubSub store.
      this.output.writeErr(`  ${c.yellow('an app from an earlier load that failed after createApp() still holds the PubSub store: restart ss dev')}\n`);
      return;
    }
    this.output.writeErr(`  ${c.yellow('still watching: save a fix and it starts again')}\n`);
  }

  /**
   * The running app threw where nothing caught it (a timer, an event handler, a promise no one
   * awaited). `ss dev` keeps running rather than lose the sessions it holds: say so, and how to
   * get a fresh app.
   */
  crashed(failure: LoadFailure): void {
    const c = this.output.errorColors;
    this.output.error(`the app threw: ${failure.summary}`);
    for (const line of failure.detail) this.output.writeErr(`  ${c.dim(line)}\n`);
    this.output.writeErr(`  ${c.yellow('ss dev keeps running; save a file to restart the app')}\n`);
  }

  /** Watching failed somewhere (a folder went away, too many files): not fatal, worth knowing. */
  watchError(err: Error): void {
    this.output.warn(`ss dev: watching server files: ${err.message}`);
  }

  /** A stop signal arrived. */
  stopping(signal: string): void {
    this.output.info(this.output.colors.dim(`${signal}: stopping`));
  }
}
