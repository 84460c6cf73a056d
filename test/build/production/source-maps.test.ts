import { join } from 'node:path';
import { portableSource, portableSourceMap } from '../../../src/build/production/source-maps';

const ROOT = join('/', 'srv', 'apps', 'chat');
const REPO = join(__dirname, '..', '..', '..');

describe('portable source maps', () => {
  it('name the app\'s files relative to it, packages from node_modules on, the framework as socketstream/, the rest by base name', () => {
    expect(portableSource(ROOT, join(ROOT, 'chunks'), '../client/code/main/lazy.ts')).toBe('client/code/main/lazy.ts');
    expect(portableSource(ROOT, ROOT, join(ROOT, 'client/css/app.css'))).toBe('client/css/app.css');
    expect(portableSource(ROOT, ROOT, '../../../home/me/.npm/x/node_modules/@scope/pkg/index.js')).toBe('node_modules/@scope/pkg/index.js');
    expect(portableSource(ROOT, ROOT, join(REPO, 'src/client/browser.ts'))).toBe('socketstream/src/client/browser.ts');
    expect(portableSource(ROOT, ROOT, join('/', 'opt', 'elsewhere', 'thing.ts'))).toBe('external/thing.ts');
    expect(portableSource(ROOT, ROOT, '\0virtual-entry')).toBe('virtual-entry');
  });

  it('rewrite sources, set file and drop sourceRoot, keeping every other field', () => {
    const map = JSON.stringify({ version: 3, file: 'x', sourceRoot: '../client', sources: ['code/a.ts', null], sourcesContent: ['a', null], names: [], mappings: 'AAAA' });
    expect(JSON.parse(portableSourceMap(map, { root: ROOT, sourcesDir: join(ROOT, 'chunks'), file: 'chunks/a-12345678.js' }))).toEqual({
      version: 3,
      file: 'a-12345678.js',
      sources: ['client/code/a.ts', null],
      sourcesContent: ['a', null],
      names: [],
      mappings: 'AAAA',
    });
  });
});
