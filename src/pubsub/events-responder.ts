import type { FrameResponder } from '../responders/frame-responder';
import type { SessionConnection as Connection } from '../session/session-connection';
import type { LocalFanout } from './local-fanout';

/**
 * Events (`publish.all/user/socket/channel`) as a responder: no frame comes in, so it only
 * follows connections, making each a recipient while it is open. The `ev` and `gap` frames it
 * causes are written by the fanout.
 */
export class EventsResponder implements FrameResponder {
  readonly name = 'events';
  readonly frameTypes = [] as const;

  constructor(private readonly fanout: LocalFanout) {}

  connected(conn: Connection): void {
    this.fanout.add(conn);
  }

  /** Leaves its topics and channels at once (the channels responder, told first, announces the leaves). */
  disconnected(conn: Connection): void {
    this.fanout.remove(conn);
  }
}
