import { realpathSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, sep } from 'node:path';
import type { Plugin, ResolvedId } from 'rollup';
import { SocketStreamError } from '../../errors/socketstream-error';
import { displayPath } from '../display-path';

const BUILTINS = new Set(builtinModules);

/** `fs`, `fs/promises`, `node:fs`, `node:test`: a Node built-in module. */
export function isNodeBuiltin(source: string): boolean {
  return source.startsWith('node:') || BUILTINS.has(source);
}

/** The app's `server/` folder, as written and through symbolic links (`/tmp` → `/private/tmp`), each ending in a separator. */
function serverFolders(root: string): string[] {
  const folders = new Set([join(root, 'server') + sep]);
  try {
    folders.add(join(realpathSync(root), 'server') + sep);
  } catch {
    // a root that does not exist has no server folder to protect
  }
  return [...folders];
}

/**
 * Who first imported each module, statically or by `import()`: rollup's `importers` leave out
 * dynamic importers, and are not complete yet while modules are still being resolved. It
 * outlives a build, as the plugin does: modules rollup takes from its cache are not resolved again.
 */
class ImportChains {
  private readonly importerOf = new Map<string, { importer: string; build: number }>();
  private build = 0;

  nextBuild(): void {
    this.build++;
  }

  /** Records `importer` as the way to `id`, unless this build already found one. */
  record(id: string, importer: string): void {
    const known = this.importerOf.get(id);
    if (!known || known.build !== this.build) this.importerOf.set(id, { importer, build: this.build });
  }

  /** `[entry, …, importer]`: the modules from an entry down to `importer`, virtual ones left out. */
  chainTo(importer: string): string[] {
    const chain: string[] = [];
    const seen = new Set<string>();
    for (let id: string | undefined = importer; id !== undefined && !seen.has(id); id = this.importerOf.get(id)?.importer) {
      seen.add(id);
      if (!id.startsWith('\0')) chain.unshift(id);
    }
    return chain;
  }
}

/**
 * The first plugin of every bundle: client code must not pull in what only runs on the server.
 * A Node built-in (`fs`, `node:crypto`) that nothing resolves to a browser file (an installed
 * polyfill, a package's `browser` field), or a file under the app's `server/` folder, fails the
 * build with the import chain from the entry (`import type` imports are erased before, so a
 * client may still type itself with server classes).
 *
 * @throws SocketStreamError `SS_ERR_SERVER_ONLY_IMPORT`:
 *   `client bundle imports server-only module: client/code/main/entry.ts -> shared/a.ts -> server/secret.ts`
 */
export function serverOnlyGuard(root: string): Plugin {
  const chains = new ImportChains();
  const servers = serverFolders(root);
  const fail = (importer: string, target: string): SocketStreamError => {
    const chain = [...chains.chainTo(importer), target].map((id) => (isNodeBuiltin(id) ? id : displayPath(root, id)));
    return new SocketStreamError('SS_ERR_SERVER_ONLY_IMPORT', `client bundle imports server-only module: ${chain.join(' -> ')}`);
  };
  return {
    name: 'socketstream-server-only-guard',
    buildStart() {
      chains.nextBuild();
    },
    async resolveId(source, importer, options): Promise<ResolvedId | null> {
      if (source.startsWith('\0') || importer === undefined) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (isNodeBuiltin(source) && (!resolved || resolved.external || isNodeBuiltin(resolved.id))) throw fail(importer, source);
      if (!resolved) return null;
      if (!resolved.external && servers.some((folder) => resolved.id.startsWith(folder))) throw fail(importer, resolved.id);
      if (!resolved.external) chains.record(resolved.id, importer);
      return resolved;
    },
  };
}
