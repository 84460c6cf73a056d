/** What the client calls back for the socket a transport opened. */
export interface SocketHandlers {
  /** A text frame arrived. */
  message(data: string): void;
  /**
   * The socket closed, or failed to open. Called at most once per socket. `cause` is the error
   * that ended it when the transport knows one (Node: ECONNREFUSED, an HTTP status instead of
   * the upgrade…); the client reports it as the `cause` of its `UNAVAILABLE` errors.
   */
  close(cause?: Error): void;
  /** The socket cannot be opened now or ever (e.g. a module failed to load): the client stops. */
  fail(error: Error): void;
}

/** The two things the client does with an open socket. A browser `WebSocket` satisfies it. */
export interface SocketLike {
  send(data: string): void;
  close(): void;
}

/**
 * The environment the client runs in: how to open a socket and how to trade a session refresh
 * token for a cookie. The browser and Node each provide one, so the client core imports nothing
 * from either.
 */
export interface ClientTransport {
  /**
   * Opens a new socket to the endpoint and reports its frames and its end to `handlers`.
   * Throwing makes the client fail for good with that error.
   */
  connect(handlers: SocketHandlers): SocketLike;
  /**
   * Fetches `/_ss/session?token=…` so the rotated session cookie is stored for the next
   * connection. Rejects when the request fails.
   */
  refreshSession(token: string, changed: boolean): Promise<void>;
  /**
   * Calls `listener` when another client sharing this one's cookies (another tab of the browser)
   * changed the session cookie: this client then reconnects to use it. Browsers only.
   */
  onSessionChange?(listener: () => void): void;
  /** The URL the transport connects to, for error messages. */
  readonly url?: string;
  /** The `Cookie` header sent when connecting, where the transport keeps it (Node). */
  readonly cookie?: string | undefined;
}
