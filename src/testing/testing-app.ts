import type { DependencyContainer } from 'tsyringe';
import type { App } from '../app/app';
import { connect } from '../client/index';
import type { ClientOptions, SocketStreamClient } from '../client/index';
import type { SessionRecord } from '../session/session-store';

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
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`TestingApp.connect: no hello from ${this.url} within 5 s`)), 5000);
      client.server.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
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
