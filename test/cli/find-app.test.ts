import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findApp } from '../../src/cli/find-app';

let tmp: string;

/** Creates `files` (path → content) under the temporary folder; a path ending in / is a folder. */
function layout(files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(tmp, path);
    if (path.endsWith('/')) {
      mkdirSync(full, { recursive: true });
      continue;
    }
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, content);
  }
}

beforeEach(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'ss-find-app-')));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('findApp', () => {
  it('finds app.ts in the working directory', () => {
    layout({ 'my-app/app.ts': '' });
    expect(findApp({ cwd: join(tmp, 'my-app') })).toEqual({ root: join(tmp, 'my-app'), file: join(tmp, 'my-app', 'app.ts') });
  });

  it('walks up from a subfolder of the app to the nearest app file', () => {
    layout({ 'my-app/app.ts': '', 'my-app/server/rpc/': '' });
    expect(findApp({ cwd: join(tmp, 'my-app', 'server', 'rpc') }).root).toBe(join(tmp, 'my-app'));
  });

  it('takes app.js when there is no app.ts, and prefers app.ts when both are there', () => {
    layout({ 'js-app/app.js': '', 'both/app.ts': '', 'both/app.js': '' });
    expect(findApp({ cwd: join(tmp, 'js-app') }).file).toBe(join(tmp, 'js-app', 'app.js'));
    expect(findApp({ cwd: join(tmp, 'both') }).file).toBe(join(tmp, 'both', 'app.ts'));
  });

  it('stops at the nearest app, not one further up', () => {
    layout({ 'app.ts': '', 'apps/chat/app.ts': '', 'apps/chat/client/': '' });
    expect(findApp({ cwd: join(tmp, 'apps', 'chat', 'client') }).root).toBe(join(tmp, 'apps', 'chat'));
  });

  it('ignores a folder named app.ts', () => {
    layout({ 'outer/app.ts': '', 'outer/inner/app.ts/': '' });
    expect(findApp({ cwd: join(tmp, 'outer', 'inner') }).root).toBe(join(tmp, 'outer'));
  });

  it('uses --root alone, relative to the working directory, without walking up', () => {
    layout({ 'app.ts': '', 'apps/chat/app.ts': '', 'apps/empty/': '' });
    expect(findApp({ cwd: tmp, root: 'apps/chat' })).toEqual({ root: join(tmp, 'apps', 'chat'), file: join(tmp, 'apps', 'chat', 'app.ts') });
    expect(() => findApp({ cwd: tmp, root: 'apps/empty' })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_APP_NOT_FOUND', message: `--root ${join(tmp, 'apps', 'empty')} has no app.ts or app.js; point --root at the folder of your app.ts` }),
    );
  });

  it('names a --root that does not exist', () => {
    expect(() => findApp({ cwd: tmp, root: 'nowhere' })).toThrow(expect.objectContaining({ code: 'SS_ERR_APP_NOT_FOUND', message: expect.stringContaining(`${join(tmp, 'nowhere')} does not exist`) }));
  });

  it('stops at a package.json that depends on socketstream without an app file, naming it', () => {
    layout({ 'app.ts': '', 'project/package.json': JSON.stringify({ dependencies: { socketstream: '^0.1.0' } }), 'project/src/': '' });
    expect(() => findApp({ cwd: join(tmp, 'project', 'src') })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_APP_NOT_FOUND', message: expect.stringContaining(`${join(tmp, 'project', 'package.json')} depends on socketstream but ${join(tmp, 'project')} has no app.ts or app.js`) }),
    );
  });

  it('walks past a package.json that does not depend on socketstream, or that cannot be read', () => {
    layout({ 'app.ts': '', 'lib/package.json': '{"dependencies":{"koa":"^3"}}', 'lib/broken/package.json': '{ not json' });
    expect(findApp({ cwd: join(tmp, 'lib', 'broken') }).root).toBe(tmp);
  });

  it('throws SS_ERR_APP_NOT_FOUND naming the working directory when no folder up to the root has an app', () => {
    // The temporary folder's ancestors (/tmp, /) hold no app.ts on any sane machine.
    layout({ 'nothing/here/': '' });
    const cwd = join(tmp, 'nothing', 'here');
    expect(() => findApp({ cwd })).toThrow(expect.objectContaining({ name: 'SocketStreamError', code: 'SS_ERR_APP_NOT_FOUND', message: expect.stringContaining(`no app.ts or app.js in ${cwd} or any folder above it`) }));
  });
});
