import { join } from 'node:path';
import { isAppModule, purgeAppModules } from '../../../src/cli/dev/module-cache';

const root = join('/', 'work', 'my-app');

/** A stand-in for a Node module: what purgeAppModules reads and writes. */
function fakeModule(id: string, children: NodeJS.Module[] = []): NodeJS.Module {
  return { id, filename: id, children } as unknown as NodeJS.Module;
}

describe("forgetting the app's modules between restarts", () => {
  it("counts the app's own files, not its packages nor anything outside its folder", () => {
    expect(isAppModule(join(root, 'app.ts'), root)).toBe(true);
    expect(isAppModule(join(root, 'server', 'rpc', 'hello.ts'), root)).toBe(true);
    expect(isAppModule(join(root, 'node_modules', 'socketstream', 'index.js'), root)).toBe(false);
    expect(isAppModule(join(root, 'shared', 'node_modules', 'x', 'index.js'), root)).toBe(false);
    expect(isAppModule(join('/', 'work', 'my-app-2', 'app.ts'), root)).toBe(false);
    expect(isAppModule(join('/', 'work', 'socketstream', 'dist', 'index.js'), root)).toBe(false);
    expect(isAppModule(root, root)).toBe(false);
  });

  it("deletes the app's modules from the cache and unlinks them from the modules that stay", () => {
    const rpc = fakeModule(join(root, 'server', 'rpc', 'hello.ts'));
    const app = fakeModule(join(root, 'app.ts'), [rpc]);
    const framework = fakeModule(join(root, 'node_modules', 'socketstream', 'index.js'));
    const loader = fakeModule(join('/', 'cli', 'load-app.js'), [app, framework]);
    const cache: NodeJS.Dict<NodeJS.Module> = Object.fromEntries([rpc, app, framework, loader].map((m) => [m.id, m]));

    const purged = purgeAppModules(root, cache);

    expect(purged.sort()).toEqual([app.id, rpc.id].sort());
    expect(Object.keys(cache).sort()).toEqual([framework.id, loader.id].sort());
    expect(loader.children).toEqual([framework]);
  });
});
