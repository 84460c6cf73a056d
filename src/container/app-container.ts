import { container as rootContainer, type DependencyContainer, injectable, instanceCachingFactory, Lifecycle } from 'tsyringe';
import { SocketStreamError } from '../errors/socketstream-error';
import { walkDependencies } from './dependency-graph';
import { type Constructor, describeToken, type Provider, type Token } from './provider';

function isConstructor(p: Provider): p is Constructor {
  return typeof p === 'function';
}

/** `provide` of a provider, or the class itself. */
export function providerToken(p: Provider): Token {
  return isConstructor(p) ? p : p.provide;
}

const KINDS = ['useValue', 'useClass', 'useFactory'] as const;

/**
 * Refuses (`SS_ERR_INVALID_PROVIDER`) what `createApp({ providers })` or an override gave that is
 * not a class or a `{ provide, useValue | useClass | useFactory }` object, naming its token; tsyringe
 * would otherwise fail later with its own message, or a TypeError.
 */
function assertProvider(p: unknown): asserts p is Provider {
  if (typeof p === 'function') return;
  const fail = (why: string): never => {
    throw new SocketStreamError('SS_ERR_INVALID_PROVIDER', `providers: ${why}; a provider is a class or { provide, useValue | useClass | useFactory }`);
  };
  if (typeof p !== 'object' || p === null) return fail(`${describeToken(p)} is neither a class nor a provider object`);
  const provider = p as Record<string, unknown>;
  const token = provider.provide;
  if (token === undefined || token === null || !['function', 'string', 'symbol', 'object'].includes(typeof token)) {
    return fail(`a provider's provide must be a class, string or symbol, got ${describeToken(token)}`);
  }
  const given = KINDS.filter((k) => k in provider);
  if (given.length !== 1) return fail(`the provider of ${describeToken(token)} gives ${given.length === 0 ? 'none' : given.join(' and ')} of useValue, useClass, useFactory; it needs exactly one`);
  // tsyringe takes a provider with a null or undefined useValue for no provider at all.
  if (given[0] === 'useValue' && (provider.useValue === undefined || provider.useValue === null)) {
    return fail(`the provider of ${describeToken(token)}: useValue cannot be ${String(provider.useValue)} (the container would not register it); use useFactory: () => ${String(provider.useValue)}`);
  }
  if (given[0] === 'useClass' && typeof provider.useClass !== 'function') return fail(`the provider of ${describeToken(token)}: useClass must be a class, got ${describeToken(provider.useClass)}`);
  if (given[0] === 'useFactory' && typeof provider.useFactory !== 'function') return fail(`the provider of ${describeToken(token)}: useFactory must be a function, got ${describeToken(provider.useFactory)}`);
}

/**
 * Builds one app's container: a fresh tsyringe child of the (never written) root container.
 * Every class reachable from `roots` becomes a singleton of this app only, so two apps in one
 * process never share an instance; `providers` (later ones win) replace or add registrations.
 * A malformed provider is `SS_ERR_INVALID_PROVIDER`.
 */
export function buildContainer(roots: readonly Constructor[], providers: readonly Provider[]): { container: DependencyContainer; tokens: Set<unknown> } {
  for (const p of providers) assertProvider(p);
  const container = rootContainer.createChildContainer();
  const known = new Map<unknown, Constructor | null>();
  for (const p of providers) {
    const impl = isConstructor(p) ? p : 'useClass' in p ? p.useClass : null;
    known.set(providerToken(p), impl);
  }
  const providedClasses = [...known.values()].filter((c): c is Constructor => c !== null);
  const { classes, tokens } = walkDependencies([...roots, ...providedClasses], known);

  for (const cls of classes) {
    // tsyringe needs its own record of parameter types; reading them is all injectable() does
    // without a token, so calling it here registers nothing anywhere.
    injectable()(cls as Constructor<object>);
    if (!known.has(cls) || known.get(cls) === cls) container.register(cls, { useClass: cls }, { lifecycle: Lifecycle.Singleton });
  }
  for (const p of providers) {
    if (isConstructor(p)) continue;
    if ('useValue' in p) container.register(p.provide, { useValue: p.useValue });
    else if ('useClass' in p) {
      if (p.provide !== p.useClass) container.register(p.provide, { useToken: p.useClass });
    } else container.register(p.provide, { useFactory: instanceCachingFactory(p.useFactory) });
  }
  return { container, tokens };
}
