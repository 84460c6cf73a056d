import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { gzipSync } from 'node:zlib';
import { minify, transform } from '@swc/core';
import { rollup } from 'rollup';

const BUDGET = 5 * 1024;

/** Bundles the browser entry the way a page gets it: ES module, minified. */
async function bundleBrowserEntry(): Promise<{ code: string; ids: string[] }> {
  const bundle = await rollup({
    input: resolvePath(__dirname, '../../src/client/browser.ts'),
    plugins: [
      {
        name: 'typescript-via-swc',
        resolveId(source, importer) {
          if (!importer || !source.startsWith('.')) return null;
          const file = `${resolvePath(importer, '..', source)}.ts`;
          return existsSync(file) ? file : null;
        },
        async transform(code, id) {
          if (!id.endsWith('.ts')) return null;
          const out = await transform(code, { filename: id, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } });
          return { code: out.code };
        },
      },
    ],
    onwarn(warning) {
      throw new Error(`rollup: ${warning.message}`);
    },
  });
  try {
    const { output } = await bundle.generate({ format: 'es' });
    const code = (await minify(output[0].code, { module: true, compress: true, mangle: true })).code;
    return { code, ids: Object.keys(output[0].modules) };
  } finally {
    await bundle.close();
  }
}

test('the browser runtime stays within 5 KiB min+gzip and pulls in nothing from Node', async () => {
  const { code, ids } = await bundleBrowserEntry();
  expect(ids.some((id) => /node-transport|cookie-jar/.test(id))).toBe(false);
  expect(code).not.toMatch(/\bnode:|from"ws"|require\(/);
  expect(gzipSync(code).length).toBeLessThanOrEqual(BUDGET);
});
