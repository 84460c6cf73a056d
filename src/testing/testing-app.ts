import type { DependencyContainer } from 'tsyringe';
import type { App } from '../app/app';
import { connect } from '../client/index';
import type { ClientOptions, RpcError, SocketStreamClient } from '../client/index';
import { withCause } from '../client/with-cause';
import type { SessionRecord } from '../session/session-store';

/** How long `TestingApp#connect` waits for the server's hello: less than Jest's default test timeout, so a test fails with this reason rather than Jest's. */
const HELLO_TIMEOUT_MS = 4000;

/** `testingApp.connect(options)`. */
export interface TestingConnectOptions extends ClientOptions {
  /** Start the client with a session holding these values (as if it had logged in earlier). */
  session?: Partial<Pick<SessionRecord, 'userId' | 'data'>>;
}

/**
 * A started app for tests: listening on 127.0.0.1 on a free port. Dispose it (`await using`)
 * to close every client it made and the app itself.
 */
export class TestingApp implements AsyncDisposable {
  private readonly clients = new Set<SocketStreamClient>();

  /** @internal made by `TestingAppBuilder#start` */
  constructor(
    /** The app under test. */
    readonly app: App,
    /** Base URL, e.g. `http://127.0.0.1:41234`. */
    readonly url: string,
  ) {}

  /** The app's container: resolve a service to unit-test it without a socket. */
  get container(): DependencyContainer {
    return this.app.container;
  }

  /**
   * A client speaking the real protocol to the app, resolved once the server said hello.
   * With `session`, the client carries the cookie of a session created with those values.
   *
   * @throws RpcError (as a rejection) `UNAVAILABLE` when the client cannot connect, its message
   *   naming the URL and the transport's error, which is its `cause`; or when no hello came
   *   within 4 s. The client is closed then.
   */
  async connect(options: TestingConnectOptions = {}): Promise<SocketStreamClient> {
    const { session: initial, ...clientOptions } = options;
    let cookie = clientOptions.cookie;
    if (initial) {
      const session = await this.app.sessions.create(initial);
      cookie = this.app.sessions.cookieHeader(session);
    }
    const client = connect(this.url, { ...clientOptions, cookie });
    this.clients.add(client);
    try {
      await new Promise<void>((resolve, reject) => {
        const done = (error?: RpcError): void => {
          clearTimeout(timer);
          client.server.off('ready', ready).off('error', failed);
          if (error) reject(error);
          else resolve();
        };
        const ready = (): void => done();
        // Before the hello, every error the client reports is a failure to connect.
        const failed = (error: RpcError): void => done(withCause('UNAVAILABLE', `TestingApp.connect: cannot connect to ${this.url}`, error.cause ?? error));
        const timer = setTimeout(() => done(withCause('UNAVAILABLE', `TestingApp.connect: no hello from ${this.url} within ${HELLO_TIMEOUT_MS} ms`)), HELLO_TIMEOUT_MS);
        client.server.once('ready', ready).on('error', failed);
      });
    } catch (error) {
      this.clients.delete(client);
      await client.close();
      throw error;
    }
    return client;
  }

  /** Closes every client made by `connect`, then the app. */
  async close(): Promise<void> {
    await Promise.all([...this.clients].map((c) => c.close()));
    this.clients.clear();
    await this.app.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
