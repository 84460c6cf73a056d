import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Middleware } from 'koa';
import { SocketStreamError } from '../errors/socketstream-error';

/** Options of {@link serveStatic}. */
export interface StaticOptions {
  /**
   * The `Cache-Control` header of every file, or false to send none. Default `'no-cache'`: the
   * browser may keep a file but asks again each time, and the `ETag` (or `Last-Modified`) turns
   * an unchanged file into a bodiless 304.
   */
  cacheControl?: string | false;
  /**
   * What to do with a path in which a file or folder name starts with a dot (`.env`,
   * `.git/config`, `.well-known/…`): `'ignore'` treats it as absent (the request goes on to the
   * next middleware), `'allow'` serves it like any file. Default `'ignore'`.
   */
  dotfiles?: 'ignore' | 'allow';
}

/** Errors of the file system that mean "no such file here": the request goes on to the next middleware. */
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'ELOOP', 'EISDIR']);

/** What the URL path names: a file under the root, a refusal, or nothing (go on). */
type Located = { file: string } | { refuse: 400 | 404 } | undefined;

/**
 * Koa middleware serving the files under `dir` as they are (an app's `client/static/**`), at the
 * same paths: `dir/img/logo.png` is `/img/logo.png`.
 *
 * - `GET` and `HEAD` only; other methods, and paths naming no file (absent, a directory, a
 *   dotfile by default), go on to the next middleware, so routes and clients can answer them.
 *   Directories have no index page and no redirect: pages are the clients' business.
 * - The path is percent-decoded exactly once: `%252e%252e` is a file named `%2e%2e`. A bad
 *   encoding or a NUL byte is a malformed request: 400. A backslash or a `..` segment
 *   (`/../x`, `/%2e%2e/x`, `/..%2fx`) is a path trying to leave the folder: 404, answered here
 *   and never passed on. Empty segments are dropped (`//etc/passwd` is `dir/etc/passwd`).
 * - The file's real path (symlinks resolved) must lie under the real path of `dir`: a symlink
 *   inside the folder that points outside it is a 404. (Symlinks between files of the folder
 *   work.) This guards against URLs, not against someone who can write into the folder.
 * - `Content-Type` from the extension of the requested name (`application/octet-stream` when
 *   unknown), `Content-Length`, `Last-Modified`, a weak `ETag` made of the size and the
 *   modification time (no hashing of every file on every change; the production build names
 *   its files by content hash), `Cache-Control` (see {@link StaticOptions.cacheControl}) and
 *   `X-Content-Type-Options: nosniff`. `If-None-Match` or `If-Modified-Since` matching the file
 *   answers 304 without a body. The body is streamed from the file. No `Range` support.
 *
 * @param dir the folder to serve (resolved against the working directory when relative); it may
 *   be missing, then every request goes on to the next middleware
 */
export function serveStatic(dir: string, options: StaticOptions = {}): Middleware {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new SocketStreamError('SS_ERR_INVALID_ARGUMENT', `serveStatic(dir): dir must be a non-empty path, got ${JSON.stringify(dir)}`);
  }
  const cacheControl = options.cacheControl ?? 'no-cache';
  if (cacheControl !== false && (typeof cacheControl !== 'string' || /[\r\n]/.test(cacheControl))) {
    throw new SocketStreamError('SS_ERR_INVALID_OPTION', `serveStatic(dir, { cacheControl }) must be a header value or false, got ${JSON.stringify(cacheControl)}`);
  }
  const dotfiles = options.dotfiles ?? 'ignore';
  if (dotfiles !== 'ignore' && dotfiles !== 'allow') {
    throw new SocketStreamError('SS_ERR_INVALID_OPTION', `serveStatic(dir, { dotfiles }) must be 'ignore' or 'allow', got ${JSON.stringify(dotfiles)}`);
  }
  const root = resolve(dir);

  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const located = locate(root, ctx.path, dotfiles === 'allow');
    if (located === undefined) return next();
    if ('refuse' in located) {
      ctx.status = located.refuse;
      return;
    }

    let realFile: string;
    let realRoot: string;
    try {
      [realFile, realRoot] = await Promise.all([realpath(located.file), realpath(root)]);
    } catch (err) {
      if (isAbsent(err)) return next();
      throw err;
    }
    if (!isInside(realRoot, realFile)) {
      ctx.status = 404;
      return;
    }
    let handle: FileHandle;
    try {
      // O_NOFOLLOW: the real path has no symlink left; one swapped in since is refused.
      handle = await open(realFile, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch (err) {
      if (isAbsent(err)) return next();
      throw err;
    }
    let streaming = false;
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return await next();

      ctx.status = 200;
      ctx.type = extname(located.file);
      if (!ctx.response.type) ctx.type = 'application/octet-stream';
      ctx.etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
      ctx.lastModified = stat.mtime;
      if (cacheControl !== false) ctx.set('Cache-Control', cacheControl);
      ctx.set('X-Content-Type-Options', 'nosniff');
      if (ctx.fresh) {
        ctx.status = 304;
        return;
      }
      if (ctx.method === 'GET') {
        // The stream owns the handle from here: it closes it at its end, or when Koa destroys it
        // because the client went away.
        ctx.body = handle.createReadStream();
        streaming = true;
      }
      ctx.length = stat.size;
    } finally {
      if (!streaming) await handle.close();
    }
  };
}

function locate(root: string, rawPath: string, allowDotfiles: boolean): Located {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { refuse: 400 };
  }
  if (path.includes('\0')) return { refuse: 400 };
  if (path.includes('\\')) return { refuse: 404 };
  const segments = path.split('/');
  if (segments.includes('..')) return { refuse: 404 };
  const names = segments.filter((s) => s !== '' && s !== '.');
  if (names.length === 0) return undefined;
  if (!allowDotfiles && names.some((s) => s.startsWith('.'))) return undefined;
  const file = join(root, ...names);
  // Cannot fail after the checks above; kept so that no later change can make it.
  if (!isInside(root, file)) return { refuse: 404 };
  return { file };
}

function isInside(root: string, path: string): boolean {
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function isAbsent(err: unknown): boolean {
  return ABSENT.has((err as NodeJS.ErrnoException | null)?.code ?? '');
}
