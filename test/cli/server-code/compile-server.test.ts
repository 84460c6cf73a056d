import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compileServer } from '../../../src/cli/server-code/compile-server';

const APP = {
  'app.ts': "import { createApp } from 'socketstream';\nexport default createApp({ root: __dirname });\n",
  'server/rpc/notes.ts': "import { Note } from '../../shared/note';\nfunction Tag(): ClassDecorator { return () => {}; }\n@Tag()\nexport class Notes { constructor(readonly note: Note) {} }\n",
  'shared/note.ts': 'export class Note { text!: string; }\n',
  'shared/limits.json': '{ "max": 3 }\n',
  'client/code/main/entry.ts': "console.log('browser only');\n",
  'test/notes.test.ts': "it('x', () => {});\n",
  'node_modules/pkg/index.ts': 'export const no = 1;\n',
  'types.d.ts': 'declare const x: number;\n',
};

function appFolder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'ss-compile-server-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('compiling an app\'s server code for ss build', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it('writes app.ts, server/ and shared/ as CommonJS with decorator metadata and maps, and leaves client/, test/ and node_modules/ out', () => {
    const root = appFolder(APP);
    roots.push(root);
    const { files } = compileServer(root, join(root, 'build', 'server'));
    expect(files).toEqual(['app.js', 'app.js.map', 'server/rpc/notes.js', 'server/rpc/notes.js.map', 'shared/limits.json', 'shared/note.js', 'shared/note.js.map']);
    const notes = readFileSync(join(root, 'build/server/server/rpc/notes.js'), 'utf8');
    expect(notes).toContain('"design:paramtypes"');
    expect(notes).toContain('require("../../shared/note")');
    expect(notes).toMatch(/\/\/# sourceMappingURL=notes\.js\.map\n$/);
    const map = JSON.parse(readFileSync(join(root, 'build/server/server/rpc/notes.js.map'), 'utf8')) as { sources: string[] };
    expect(map.sources).toEqual(['../../../../server/rpc/notes.ts']);
  });

  it('gives the same bytes in another folder (nothing of the machine in the output)', () => {
    const [a, b] = [appFolder(APP), appFolder(APP)];
    roots.push(a, b);
    const { files } = compileServer(a, join(a, 'build', 'server'));
    compileServer(b, join(b, 'build', 'server'));
    for (const file of files) expect(readFileSync(join(b, 'build/server', file), 'utf8')).toBe(readFileSync(join(a, 'build/server', file), 'utf8'));
  });

  it('fails on a syntax error with SS_ERR_BUILD naming the file and line', () => {
    const root = appFolder({ ...APP, 'server/rpc/broken.ts': 'export const ok = 1;\nexport const broken = ;\n' });
    roots.push(root);
    expect(() => compileServer(root, join(root, 'build', 'server'))).toThrow(expect.objectContaining({ code: 'SS_ERR_BUILD', message: 'server/rpc/broken.ts:2: Expression expected' }));
  });
});
