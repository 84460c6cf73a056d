/**
 * `npm run build` (also the `prepare` script): compiles src/ and decorators/ to CommonJS in
 * dist/ with tsc, then writes thin ESM wrappers (dist/esm/*.mjs) that re-export each CommonJS
 * entry under explicit names, with matching .d.mts types. The wrappers import the CommonJS
 * module itself, so ESM and CommonJS users share one copy of every class.
 *
 * `node scripts/build.mjs --out-dir <dir>` builds into another folder than dist/ (a test packs
 * from such a copy so that it never rewrites dist/ under other tests); Node must be able to
 * resolve the package's dependencies from there (a node_modules link beside it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/**
 * Gives every relative import under `dir` its file name (`./client` → `./client.js`, a folder →
 * `./x/index.js`), as Node's ES modules and webpack's fully specified resolution require; tsc
 * writes them as the sources do, without extension.
 */
function fullySpecify(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      fullySpecify(path);
      continue;
    }
    if (!name.endsWith('.js')) continue;
    const code = readFileSync(path, 'utf8').replace(/(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*)\2/g, (all, keyword, quote, specifier) => {
      if (/\.m?js$/.test(specifier)) return all;
      const target = resolve(dirname(path), specifier);
      const file = existsSync(`${target}.js`) ? `${specifier}.js` : existsSync(join(target, 'index.js')) ? `${specifier}/index.js` : undefined;
      if (file === undefined) throw new Error(`build: ${path} imports ${specifier}, which is no file of the browser build`);
      return `${keyword}${quote}${file}${quote}`;
    });
    writeFileSync(path, code);
  }
}
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out-dir');
const dist = outArg > 0 && process.argv[outArg + 1] ? resolve(process.argv[outArg + 1]) : join(root, 'dist');
const require = createRequire(import.meta.url);
/** ESM wrapper name → compiled CommonJS entry (without .js), as wired in package.json `exports`. */
const ENTRIES = { index: 'src/index', decorators: 'decorators/index', client: 'src/client/index', testing: 'src/testing/index' };

const started = Date.now();
rmSync(dist, { recursive: true, force: true });
try {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', dist], { cwd: root, stdio: 'inherit' });
} catch {
  console.error('build: tsc failed');
  process.exit(1);
}

// The browser files again, as ES modules (dist/browser/), for the `browser` export condition: a
// user's bundler (rollup, Vite, esbuild, webpack) and our own client bundler tree-shake them,
// which they cannot do with the CommonJS build.
try {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.browser.json'), '--outDir', join(dist, 'browser')], { cwd: root, stdio: 'inherit' });
} catch {
  console.error('build: tsc (browser ES modules) failed');
  process.exit(1);
}
fullySpecify(join(dist, 'browser'));
writeFileSync(join(dist, 'browser', 'package.json'), '{ "type": "module" }\n');

mkdirSync(join(dist, 'esm'));
const summary = [];
for (const [name, entry] of Object.entries(ENTRIES)) {
  const cjs = require(join(dist, `${entry}.js`));
  const names = Object.keys(cjs).filter((key) => key !== '__esModule' && key !== 'default');
  const hasDefault = Object.hasOwn(cjs, 'default');
  const from = `'../${entry}.js'`;
  const js = [`import cjs from ${from};`, `export const { ${names.join(', ')} } = cjs;`];
  // In a .d.mts, a default import of a CommonJS module is its module.exports, as in Node.
  const dts = [`export * from ${from};`];
  if (hasDefault) {
    js.push('export default cjs.default;');
    dts.unshift(`import cjs from ${from};`);
    dts.push('declare const _default: typeof cjs.default;', 'export default _default;');
  }
  writeFileSync(join(dist, 'esm', `${name}.mjs`), `${js.join('\n')}\n`);
  writeFileSync(join(dist, 'esm', `${name}.d.mts`), `${dts.join('\n')}\n`);
  summary.push(`${name} (${names.length}${hasDefault ? ' + default' : ''})`);
}
console.log(`build: dist/ in ${((Date.now() - started) / 1000).toFixed(1)}s; CommonJS by tsc, ESM wrappers: ${summary.join(', ')}`);
