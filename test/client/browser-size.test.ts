import { resolve as resolvePath } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleBrowserCode } from '../../src/build/bundle-browser-code';

const BUDGET = 5 * 1024;

/**
 * DESIGN §4: the runtime "bundled from the package entry as a user's bundler does": a page's
 * module importing `socketstream/client` and using the default client. Everything the client
 * class holds counts; named exports the page does not import (Component, template) do not.
 */
test('the browser runtime stays within 5 KiB min+gzip and pulls in nothing from Node', async () => {
  const { code, modules: ids } = await bundleBrowserCode({ entry: resolvePath(__dirname, 'fixtures', 'size-page.ts') });
  expect(ids.some((id) => id.endsWith('client/browser.ts'))).toBe(true);
  expect(ids.some((id) => /node-transport|cookie-jar/.test(id))).toBe(false);
  expect(code).not.toMatch(/\bnode:|from"ws"|require\(/);
  expect(gzipSync(code).length).toBeLessThanOrEqual(BUDGET);
});
