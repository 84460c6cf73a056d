import { resolve as resolvePath } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleBrowserCode } from '../../src/build/bundle-browser-code';

const BUDGET = 5 * 1024;

test('the browser runtime stays within 5 KiB min+gzip and pulls in nothing from Node', async () => {
  const { code, modules: ids } = await bundleBrowserCode({ entry: resolvePath(__dirname, '../../src/client/browser.ts') });
  expect(ids.some((id) => /node-transport|cookie-jar/.test(id))).toBe(false);
  expect(code).not.toMatch(/\bnode:|from"ws"|require\(/);
  expect(gzipSync(code).length).toBeLessThanOrEqual(BUDGET);
});
