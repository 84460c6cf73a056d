/** Topic every node subscribes to for `publish.all`. */
export const ALL_TOPIC = 'all';

/** Topic of one user's connections, on every node that has one. */
export function userTopic(userId: string): string {
  return `user:${userId}`;
}

/** Topic of one node: `publish.socket` goes to the node that holds the socket. */
export function nodeTopic(nodeId: string): string {
  return `node:${nodeId}`;
}

/** The node part of a socket id (`<node>.<random>`), or undefined for a malformed id. */
export function nodeOfSocket(socketId: string): string | undefined {
  const dot = socketId.indexOf('.');
  return dot > 0 ? socketId.slice(0, dot) : undefined;
}

/** Topic of session id changes, so every node holding a session follows a login or logout made elsewhere. */
export const SESSIONS_TOPIC = 'sessions';
