import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from '@swc/core';

const repo = join(__dirname, '..', '..', '..');

describe("the TypeScript hook ss dev and ss build load an app's server code with", () => {
  it('compiles a required .ts file with legacy decorators and their design:paramtypes metadata, and a stack trace names the .ts line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-ts-hook-'));
    try {
      symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
      writeFileSync(
        join(dir, 'service.ts'),
        [
          "import 'reflect-metadata';",
          'class Store {}',
          'function Tag(): ClassDecorator { return () => {}; }',
          '@Tag()',
          'export class Service { constructor(readonly store: Store) {} }',
          'export const paramTypes: unknown[] = Reflect.getMetadata("design:paramtypes", Service);',
          'export function fail(): never {',
          "  throw new Error('from line 8');",
          '}',
        ].join('\n'),
      );
      // The hook compiled to JavaScript beside the app, so that plain Node (no other loader) runs it.
      for (const name of ['typescript-hook', 'swc-options']) {
        const source = readFileSync(join(repo, 'src/cli/server-code', `${name}.ts`), 'utf8');
        writeFileSync(join(dir, `${name}.js`), transformSync(source, { filename: `${name}.ts`, module: { type: 'commonjs' }, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }).code);
      }
      const script = `
        const { registerTypeScript } = require('./typescript-hook.js');
        registerTypeScript();
        const m = require(${JSON.stringify(join(dir, 'service.ts'))});
        let where = '';
        try { m.fail(); } catch (e) { where = e.stack.split('\\n')[1]; }
        console.log(JSON.stringify({ names: m.paramTypes.map((t) => t.name), where }));`;
      const out = execFileSync(process.execPath, ['--enable-source-maps', '-e', script], { cwd: dir, encoding: 'utf8' });
      const { names, where } = JSON.parse(out) as { names: string[]; where: string };
      expect(names).toEqual(['Store']);
      expect(where).toMatch(/service\.ts:8:/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
