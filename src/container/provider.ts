import type { DependencyContainer, InjectionToken } from 'tsyringe';

/** A class the container can construct. */
export type Constructor<T = unknown> = new (...args: never[]) => T;

/** A token: a class, or a string/symbol registered through a provider. */
export type Token<T = unknown> = InjectionToken<T>;

/** Registers `provide` as a fixed value. */
export interface ValueProvider<T = unknown> {
  provide: Token<T>;
  useValue: T;
}

/** Registers `provide` as a singleton of `useClass`. */
export interface ClassProvider<T = unknown> {
  provide: Token<T>;
  useClass: Constructor<T>;
}

/** Registers `provide` as the (cached) result of `useFactory`, called once per app. */
export interface FactoryProvider<T = unknown> {
  provide: Token<T>;
  useFactory: (container: DependencyContainer) => T;
}

/** What `createApp({ providers })` and `createTestingApp({ providers })` accept: a class (a singleton of itself) or a provider object. */
export type Provider<T = unknown> = Constructor<T> | ValueProvider<T> | ClassProvider<T> | FactoryProvider<T>;

/** `ChatService`, `"db"`, `Symbol(db)` for messages. */
export function describeToken(token: unknown): string {
  if (typeof token === 'function') return (token as { name?: string }).name || '<anonymous class>';
  if (typeof token === 'symbol') return token.toString();
  return JSON.stringify(token) ?? String(token);
}
