import type { Plugin } from 'rollup';
import { SocketStreamError } from '../../errors/socketstream-error';
import type { Formatter } from '../formatter';
import type { BuildTools } from './build-tools';
import { formattersPlugin } from './formatters-plugin';
import { jsonPlugin } from './json-plugin';
import { nodeEnvPlugin } from './node-env-plugin';
import type { ThrownErrors } from './rollup-problems';
import { serverOnlyGuard } from './server-only-guard';
import { SOURCE_EXTENSIONS, sourcesPlugin } from './sources-plugin';

/** Options of {@link pluginStack}. */
export interface PluginStackOptions {
  readonly root: string;
  readonly formatters: readonly Formatter[];
  readonly production: boolean;
  /** The bundle's own plugins (virtual modules, checks of the source as written), placed right after the guard, before the formatters. */
  readonly extra?: readonly Plugin[];
}

const HOOKS = ['buildStart', 'resolveId', 'load', 'transform'] as const;

/** The hooks of a stack's own plugins still running, by stack. */
const running = new WeakMap<readonly Plugin[], Set<Promise<unknown>>>();

/**
 * Resolves once no hook of the stack's own plugins runs any more. Rollup rejects a build at the
 * first error while other modules are still being compiled; a caller waits for them before it
 * reports the failure, so that no compile goes on after the build has answered.
 */
export async function hooksSettled(plugins: readonly Plugin[]): Promise<void> {
  const hooks = running.get(plugins);
  while (hooks && hooks.size > 0) await Promise.allSettled([...hooks]);
}

/**
 * Notes each `SocketStreamError` a plugin's hook throws, with its code and message, before
 * rollup rewrites them, so that the build rejects with the error as thrown; and counts the hooks
 * running in `hooks`.
 */
export function recordThrows(plugin: Plugin, thrown: ThrownErrors, hooks?: Set<Promise<unknown>>): Plugin {
  const wrapped: Plugin = { ...plugin };
  for (const hook of HOOKS) {
    const original = plugin[hook];
    if (typeof original !== 'function') continue;
    (wrapped as unknown as Record<string, unknown>)[hook] = function (this: unknown, ...args: unknown[]) {
      const call = (async () => {
        try {
          return await (original as (...a: unknown[]) => unknown).apply(this, args);
        } catch (err) {
          if (err instanceof SocketStreamError && !thrown.has(err)) thrown.set(err, { code: err.code, message: err.message });
          throw err;
        }
      })();
      if (hooks) {
        hooks.add(call);
        const done = (): void => void hooks.delete(call);
        call.then(done, done);
      }
      return call;
    };
  }
  return wrapped;
}

/**
 * The plugins of a client or worker bundle, in order: the server-only guard (first, so it sees
 * every import), the bundle's own (virtual modules, checks), the framework's names and extensionless imports, the
 * formatters (TypeScript… before CommonJS looks at the code), JSON, `process.env.NODE_ENV` as a
 * constant, node-resolve (browser builds,
 * the `browser` export condition; a polyfill installed under a built-in's name is used), and
 * CommonJS (Handlebars's runtime, older packages).
 */
export function pluginStack(tools: BuildTools, options: PluginStackOptions, thrown: ThrownErrors): Plugin[] {
  const own: Plugin[] = [serverOnlyGuard(options.root), ...(options.extra ?? []), sourcesPlugin(), formattersPlugin(options), jsonPlugin(options.root), nodeEnvPlugin(options.production)];
  const hooks = new Set<Promise<unknown>>();
  const stack = [
    ...own.map((plugin) => recordThrows(plugin, thrown, hooks)),
    tools.nodeResolve({
      browser: true,
      exportConditions: ['browser', options.production ? 'production' : 'development'],
      preferBuiltins: false,
      extensions: [...SOURCE_EXTENSIONS, '.json'],
      rootDir: options.root,
    }),
    tools.commonjs(),
  ];
  running.set(stack, hooks);
  return stack;
}
