import type { Connection } from '../transport/connection';
import type { Session } from './session';

/** A connection whose handshake hook is the app's sessions: what every layer above sees. */
export type SessionConnection = Connection<Session>;
