import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserFile, frameworkFile, frameworkModules, templateRegistryFile } from '../../../src/build/bundler/framework-modules';

const repo = join(__dirname, '..', '..', '..');

describe('the framework files a page bundles', () => {
  it('from src/ (Jest): the TypeScript sources of the browser builds', () => {
    expect(Object.fromEntries(frameworkModules())).toEqual({
      'socketstream/client': join(repo, 'src/client/browser.ts'),
      'socketstream/decorators': join(repo, 'decorators/browser.ts'),
    });
    expect(templateRegistryFile()).toBe(join(repo, 'src/client/templates.ts'));
  });

  it('from dist/ (after npm run build): the compiled .js beside its .d.ts, as no .ts source ships', () => {
    const top = mkdtempSync(join(tmpdir(), 'ss-dist-'));
    try {
      mkdirSync(join(top, 'src/client'), { recursive: true });
      writeFileSync(join(top, 'src/client/browser.js'), '');
      writeFileSync(join(top, 'src/client/browser.d.ts'), '');
      expect(frameworkFile('src/client/browser', top)).toBe(join(top, 'src/client/browser.js'));
      // Until the ES module build is there, pages get the CommonJS one.
      expect(browserFile('src/client/browser', top)).toBe(join(top, 'src/client/browser.js'));
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });

  it('from dist/ with the ES module build (dist/browser/): pages bundle that one, which tree-shakes', () => {
    const top = mkdtempSync(join(tmpdir(), 'ss-dist-'));
    try {
      for (const dir of ['src/client', 'browser/src/client']) mkdirSync(join(top, dir), { recursive: true });
      writeFileSync(join(top, 'src/client/browser.js'), '');
      writeFileSync(join(top, 'browser/src/client/browser.js'), '');
      expect(browserFile('src/client/browser', top)).toBe(join(top, 'browser/src/client/browser.js'));
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });
});

describe('loading the build tools', () => {
  /** The rollup modules Node has loaded after running `code` with the sources compiled on the fly. */
  const rollupModulesAfter = (code: string): number =>
    Number(
      execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', `${code};console.log(Object.keys(require.cache).filter((p) => /[\\\\/](rollup|@rollup)[\\\\/]/.test(p)).length)`], {
        cwd: repo,
        encoding: 'utf8',
      }).trim(),
    );

  it('importing the bundler loads no rollup; the first build does', () => {
    expect(rollupModulesAfter("require('./src/build/bundler')")).toBe(0);
    expect(rollupModulesAfter("require('./src/build/bundler/build-tools').buildTools()")).toBeGreaterThan(0);
  });
});
