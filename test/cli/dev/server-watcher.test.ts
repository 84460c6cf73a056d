import { join } from 'node:path';
import { type FileChange, isServerFile, ServerWatcher } from '../../../src/cli/dev/server-watcher';
import { type FixtureApp, fixtureApp } from './dev-fixtures';

let app: FixtureApp;
let watcher: ServerWatcher | undefined;

afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  app?.remove();
});

/** A watcher on the fixture app whose batches are taken one at a time, as they come. */
async function watch(root: string): Promise<() => Promise<FileChange[]>> {
  const batches: FileChange[][] = [];
  const waiting: Array<(batch: FileChange[]) => void> = [];
  watcher = new ServerWatcher(root, (batch) => {
    const next = waiting.shift();
    if (next) next(batch);
    else batches.push(batch);
  });
  await watcher.start();
  return () => (batches.length > 0 ? Promise.resolve(batches.shift()!) : new Promise((resolve) => waiting.push(resolve)));
}

describe("the watcher of an app's server files", () => {
  it('restarts for code and JSON outside client/, node_modules/, build/, dist/, test/ and dot-folders', () => {
    const watched = ['app.ts', 'server/rpc/hello.ts', join('server', 'rpc', 'hello.ts'), 'shared/greeting.ts', 'server/data.json', 'lib/util.js', 'config.cjs'];
    const ignored = ['client/code/main/entry.ts', 'node_modules/x/index.js', 'build/server/app.js', 'dist/app.js', 'test/hello.test.ts', '.git/x.json', 'server/.cache/x.ts', 'shared/node_modules/y/index.js', 'README.md', 'server/types.d.ts'];
    expect(watched.filter((path) => !isServerFile(path))).toEqual([]);
    expect(ignored.filter((path) => isServerFile(path))).toEqual([]);
  });

  it('reports a burst of saves as one batch, and nothing for files live reload or no one runs', async () => {
    app = fixtureApp();
    app.write('client/code/main/entry.ts', '');
    app.write('node_modules/pkg/index.js', '');
    const next = await watch(app.root);

    // Written first, so a wrongly reported one would be in the batch below.
    app.write('client/code/main/entry.ts', 'export {};\n');
    app.write('node_modules/pkg/index.js', 'module.exports = 1;\n');
    app.write('README.md', '# changed\n');
    app.write('server/message.ts', 'export const a = 1;\n');
    app.write('server/message.ts', 'export const a = 2;\n');
    app.write('server/rpc/new.ts', 'export {};\n');

    const batch = await next();
    expect(new Set(batch.map((change) => change.path)).size).toBe(batch.length);
    expect(batch).toEqual(expect.arrayContaining([{ path: 'server/message.ts', event: 'changed' }]));
    expect(batch.filter((change) => change.path === 'server/rpc/new.ts' || change.path === 'server/message.ts')).toHaveLength(batch.length);

    // A batch may end between two saves; whatever was not in the first comes in the next.
    const seen = new Set(batch.map((change) => change.path));
    while (!seen.has('server/rpc/new.ts')) for (const change of await next()) seen.add(change.path);
    expect([...seen].sort()).toEqual(['server/message.ts', 'server/rpc/new.ts']);
  });
});
