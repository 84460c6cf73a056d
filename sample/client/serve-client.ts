import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Middleware } from 'koa';
import { bundleBrowserCode } from '../../src/build/bundle-browser-code';

/**
 * Serves the page and its bundled code until the build service (`ss build`, live reload) takes
 * over: `/` is client/views/main.html, `/assets/main.js` is client/code/main/entry.ts bundled on
 * first request.
 */
export function serveClient(clientDir: string): Middleware {
  let bundle: Promise<string> | undefined;
  return async (ctx, next) => {
    if (ctx.method !== 'GET') return next();
    if (ctx.path === '/') {
      ctx.type = 'html';
      ctx.body = await readFile(join(clientDir, 'views', 'main.html'), 'utf8');
      return;
    }
    if (ctx.path === '/assets/main.js') {
      bundle ??= bundleBrowserCode({ entry: join(clientDir, 'code', 'main', 'entry.ts'), minify: false }).then((b) => b.code);
      ctx.type = 'application/javascript';
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = await bundle;
      return;
    }
    return next();
  };
}
