import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DEVELOPMENT_STORES, type DevelopmentStores } from '../../app/development-stores';
import { MemoryTransport } from '../../pubsub/memory-transport';
import { MemorySessionStore } from '../../session/memory-session-store';

/** The two classes `ss dev` needs from a copy of socketstream. */
interface StoreClasses {
  readonly MemorySessionStore: new () => DevelopmentStores['sessionStore'];
  readonly MemoryTransport: new () => DevelopmentStores['pubsub'];
}

/** The stores `ss dev` made, and which copy of the framework they come from. */
export interface ProvidedStores {
  readonly stores: DevelopmentStores;
  /** `app`: the socketstream the app resolves (what its `createApp` will be); `cli`: the CLI's own. */
  readonly from: 'app' | 'cli';
  /** Takes them back from the global slot and closes them (when `ss dev` stops). */
  release(): Promise<void>;
}

function isStoreClasses(value: unknown): value is StoreClasses {
  const m = value as Partial<Record<keyof StoreClasses, unknown>> | null;
  return typeof m === 'object' && m !== null && typeof m.MemorySessionStore === 'function' && typeof m.MemoryTransport === 'function';
}

/** The socketstream the app's own `require('socketstream')` finds, if it finds one that has the stores. */
function appCopy(appRoot: string): StoreClasses | undefined {
  try {
    const framework: unknown = createRequire(join(appRoot, 'package.json'))('socketstream');
    return isStoreClasses(framework) ? framework : undefined;
  } catch {
    // Not resolvable from the app (no node_modules yet, or an app inside this repository):
    // the CLI's own copy will do, the stores only need the base classes' shape.
    return undefined;
  }
}

/**
 * Makes the memory session store and PubSub transport that outlive the app's restarts, and puts
 * them where the app's `createApp` looks for them (`globalThis[DEVELOPMENT_STORES]`, see
 * src/app/development-stores.ts). They are made from the socketstream the app resolves, so that
 * they are instances of the very classes the app's framework extends; the CLI's own copy when the
 * app resolves none. Call it before the app is first loaded.
 *
 * @param appRoot the app's folder (its `package.json` need not exist: resolution starts there)
 */
export function provideMemoryStores(appRoot: string): ProvidedStores {
  const fromApp = appCopy(appRoot);
  const classes: StoreClasses = fromApp ?? { MemorySessionStore, MemoryTransport };
  const stores: DevelopmentStores = { sessionStore: new classes.MemorySessionStore(), pubsub: new classes.MemoryTransport() };
  const slot = globalThis as Record<symbol, DevelopmentStores | undefined>;
  slot[DEVELOPMENT_STORES] = stores;
  return {
    stores,
    from: fromApp ? 'app' : 'cli',
    async release() {
      if (slot[DEVELOPMENT_STORES] === stores) delete slot[DEVELOPMENT_STORES];
      await Promise.all([stores.sessionStore.close(), stores.pubsub.close()]);
    },
  };
}
