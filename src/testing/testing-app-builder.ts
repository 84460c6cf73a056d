import type { DependencyContainer } from 'tsyringe';
import { App } from '../app/app';
import type { AppOptions } from '../app/app-options';
import { type Constructor, describeToken, type Provider, type Token } from '../container/provider';
import { SocketStreamError } from '../errors/socketstream-error';
import { TestingApp } from './testing-app';

/** `createTestingApp(definition)`: the app's parts, listed explicitly (no discovery). */
export interface TestingAppDefinition extends Omit<AppOptions, 'services' | 'channels' | 'responders' | 'root' | 'clients'> {
  /** The clients to serve (their files under `root`). Default none: a test app does not look for `client/views/main.html`. */
  clients?: AppOptions['clients'];
  /** The services under test. Default none. */
  services?: Constructor[];
  /** The `@Channel` classes under test. Default none. */
  channels?: Constructor[];
  /** The `Responder` classes under test; their constructor dependencies can be overridden like a service's. Default none. */
  responders?: Constructor[];
}

/**
 * What a fake of `T` must have: for a class instance, its public members (private and protected
 * ones are left out, so a fake need not, and cannot, declare them); a function or a primitive
 * stays as it is.
 *
 * @example
 * const fakeStore: Public<TodoStore> = { add: async (text) => ({ id: '1', text }) };
 */
export type Public<T> = T extends (...args: never[]) => unknown ? T : T extends object ? { [K in keyof T]: StrictMember<T[K]> } : T;

/**
 * A method as a function-typed property: TypeScript checks method parameters loosely (a fake
 * taking `'a'` would pass for one taking `string`), function properties strictly.
 */
type StrictMember<M> = M extends (...args: infer A) => infer R ? (...args: A) => R : M;

/**
 * The three ways to replace a token; each returns the builder to chain more overrides. A fake
 * needs only the public members of the token's type ({@link Public}), not a cast.
 */
export interface OverrideBy<T> {
  /** Use this value. */
  useValue(value: Public<T>): TestingAppBuilder;
  /** Use a singleton of this class (its own dependencies are injected). */
  useClass(cls: Constructor<Public<T>>): TestingAppBuilder;
  /** Use what this factory returns, called once. */
  useFactory(factory: (container: DependencyContainer) => Public<T>): TestingAppBuilder;
}

/**
 * Collects overrides, then builds and starts the app. Overriding a token that nothing in the app
 * registers or depends on fails `start()` with `SS_ERR_UNKNOWN_OVERRIDE`, naming the token.
 */
export class TestingAppBuilder {
  private readonly overrides: Provider[] = [];
  /** Set by `start()`: an override after it would not reach the running app. */
  private started = false;

  /** @internal use `createTestingApp` */
  constructor(private readonly definition: TestingAppDefinition) {}

  /**
   * Replaces `token` in the app's container.
   *
   * @throws SocketStreamError `SS_ERR_ALREADY_STARTED` after `start()`: the app is built by then
   */
  override<T>(token: Token<T>): OverrideBy<T> {
    if (this.started) {
      throw new SocketStreamError('SS_ERR_ALREADY_STARTED', `override(${describeToken(token)}) after start(): the app is built already; add overrides before start()`);
    }
    // The container hands the fake out wherever T is injected: the caller vouched for its shape.
    const provide = token as Token<Public<T>>;
    return {
      useValue: (value) => this.add({ provide, useValue: value }),
      useClass: (cls) => this.add({ provide, useClass: cls }),
      useFactory: (factory) => this.add({ provide, useFactory: factory }),
    };
  }

  private add(provider: Provider): TestingAppBuilder {
    this.overrides.push(provider);
    return this;
  }

  /** Builds the app with its overrides and starts it on 127.0.0.1, on a free port. */
  async start(): Promise<TestingApp> {
    this.started = true;
    const env = this.definition.env ?? { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'test' };
    const app = new App({ logLevel: 'warn', ...this.definition, env, services: this.definition.services ?? [], channels: this.definition.channels ?? [], responders: this.definition.responders ?? [], clients: this.definition.clients ?? {} }, this.overrides);
    try {
      const url = await app.start(0, '127.0.0.1');
      return new TestingApp(app, url);
    } catch (err) {
      await app.close();
      throw err;
    }
  }
}

/**
 * Builds an app for tests, Nest-style: list its parts, override what you want to fake, start it.
 *
 * @example
 * await using app = await createTestingApp({ services: [ChatService] })
 *   .override(MessageStore).useValue(fakeStore)
 *   .start();
 * const alice = await app.connect({ session: { userId: 'alice' } });
 */
export function createTestingApp(definition: TestingAppDefinition = {}): TestingAppBuilder {
  return new TestingAppBuilder(definition);
}
