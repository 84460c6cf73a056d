import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, sep } from 'node:path';
import type * as Swc from '@swc/core';
import { SocketStreamError } from '../../errors/socketstream-error';
import { serverSwcOptions } from './swc-options';

/** Folders of an app that hold no server code, at its top level. */
const NOT_SERVER = new Set(['client', 'node_modules', 'test', 'tests', 'dist', 'coverage']);
const TYPESCRIPT = new Set(['.ts', '.tsx', '.mts', '.cts']);
const COPIED = new Set(['.js', '.cjs', '.json']);

/** What {@link compileServer} wrote. */
export interface CompiledServer {
  /** The files written, relative to `outDir`, sorted (`app.js`, `server/rpc/chat.js`…). */
  readonly files: string[];
}

/** Every file under `dir` (relative, `/`-separated, sorted), skipping `skip` at the top and dot-folders anywhere. */
function listFiles(dir: string, skip: ReadonlySet<string>, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name.startsWith('.') || (prefix === '' && skip.has(entry.name))) continue;
    if (entry.isDirectory()) out.push(...listFiles(dir, skip, path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/**
 * Compiles an app's server code into `outDir` (`build/server/`), keeping its layout: `app.ts`,
 * `server/**`, `shared/**` and any other TypeScript outside `client/`, `test/` and
 * `node_modules/` become `.js` files (CommonJS, decorator metadata kept, a `.map` beside each,
 * naming the source relative to it, so the build does not depend on the folder it was made in);
 * `.js` and `.json` files are copied. `require('socketstream')` from the output still resolves to
 * the app's `node_modules` (the output is inside the app's folder).
 *
 * @throws SocketStreamError `SS_ERR_BUILD` naming the file, line and column of a syntax error
 */
export function compileServer(root: string, outDir: string): CompiledServer {
  const swc = createRequire(__filename)('@swc/core') as typeof Swc;
  const skip = new Set([...NOT_SERVER, relative(root, outDir).split(sep)[0]]);
  const files: string[] = [];
  for (const path of listFiles(root, skip)) {
    const extension = extname(path);
    const source = join(root, path);
    if (TYPESCRIPT.has(extension) && !path.endsWith('.d.ts')) {
      const outPath = `${path.slice(0, -extension.length)}.js`;
      const target = join(outDir, outPath);
      let out: Swc.Output;
      try {
        out = swc.transformSync(readFileSync(source, 'utf8'), { ...serverSwcOptions(source, true), sourceFileName: relative(dirname(target), source).split(sep).join('/') });
      } catch (err) {
        // swc reports `  x Expression expected` then the code frame `,-[file:2:1]` and a backtrace: keep what a person reads.
        const message = String((err as { message?: unknown }).message ?? err);
        // The frame's header gives the line; its column is the frame's, not the error's, so only the line is named.
        const place = /-\[[^\]]*:(\d+):\d+\]/.exec(message);
        const what = /^\s*[x×]\s+(.+)$/m.exec(message)?.[1] ?? message.split('\n')[0];
        throw new SocketStreamError('SS_ERR_BUILD', `${path}${place ? `:${place[1]}` : ''}: ${what}`, { cause: err });
      }
      mkdirSync(dirname(target), { recursive: true });
      const name = outPath.slice(outPath.lastIndexOf('/') + 1);
      writeFileSync(target, `${out.code}\n//# sourceMappingURL=${name}.map\n`);
      if (out.map) writeFileSync(`${target}.map`, out.map);
      files.push(outPath, ...(out.map ? [`${outPath}.map`] : []));
    } else if (COPIED.has(extension) && path !== 'package.json' && path !== 'package-lock.json' && !path.startsWith('tsconfig')) {
      mkdirSync(dirname(join(outDir, path)), { recursive: true });
      copyFileSync(source, join(outDir, path));
      files.push(path);
    }
  }
  return { files: files.sort() };
}
