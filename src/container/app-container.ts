import { container as rootContainer, type DependencyContainer, injectable, instanceCachingFactory, Lifecycle } from 'tsyringe';
import { walkDependencies } from './dependency-graph';
import type { Constructor, Provider, Token } from './provider';

function isConstructor(p: Provider): p is Constructor {
  return typeof p === 'function';
}

/** `provide` of a provider, or the class itself. */
export function providerToken(p: Provider): Token {
  return isConstructor(p) ? p : p.provide;
}

/**
 * Builds one app's container: a fresh tsyringe child of the (never written) root container.
 * Every class reachable from `roots` becomes a singleton of this app only, so two apps in one
 * process never share an instance; `providers` (later ones win) replace or add registrations.
 */
export function buildContainer(roots: readonly Constructor[], providers: readonly Provider[]): { container: DependencyContainer; tokens: Set<unknown> } {
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
