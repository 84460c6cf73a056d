import { isAbsolute, relative, sep } from 'node:path';
import { isAppModule } from './module-cache';

/** Why the app did not load or start, as `ss dev` prints it. */
export interface LoadFailure {
  /** One line: where (`server/rpc/hello.ts:3`, relative to the app's folder) when known, and what. */
  readonly summary: string;
  /** The code frame of a syntax error (the offending lines, the caret), else empty. */
  readonly detail: readonly string[];
  /** The stable code of a SocketStream error (`SS_ERR_NOT_AN_APP`…), or a Node code (`EADDRINUSE`). */
  readonly code?: string;
}

/** A path for the terminal: relative to the app's folder when inside it. */
function shown(file: string, root: string): string {
  const rel = relative(root, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}

/**
 * swc's message for a syntax error: `  x Expected ',', got 'numeric literal'`, then a code frame
 * whose header `,-[/abs/file.ts:3:1]` names the file and line (its column is the frame's, not
 * the error's, so only the line is kept), then a native backtrace nobody needs.
 */
function syntaxError(message: string, root: string): LoadFailure | undefined {
  const header = /^\s*,-\[(.+):(\d+):\d+\]$/m.exec(message);
  // At a line's start, or after the `could not import server/rpc/x.ts:` of the framework's wrapper.
  const what = /(?:^|:)\s*[x×]\s+(.+)$/m.exec(message);
  if (!header || !what) return undefined;
  const frameStart = message.indexOf('\n', header.index + 1) + 1;
  const frameEnd = message.indexOf('`----', frameStart);
  const frame = frameEnd > frameStart ? message.slice(frameStart, frameEnd).split('\n').filter((line) => line.trim() !== '') : [];
  return { summary: `${shown(header[1], root)}:${header[2]}: ${what[1]}`, detail: frame.map((line) => line.trimEnd()) };
}

/**
 * The first frame of a stack inside the app's own code (not the framework, not node_modules):
 * where the app went wrong, `file:line` (with Node's source maps on, the `.ts` line).
 */
function appFrame(stack: string, root: string): string | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const at = /(?:\(|at )((?:[a-zA-Z]:)?[^():]+):(\d+):\d+\)?$/.exec(line.trim());
    if (at && isAbsolute(at[1]) && isAppModule(at[1], root)) return `${shown(at[1], root)}:${at[2]}`;
  }
  return undefined;
}

/**
 * Whether `value` looks like an Error. Not `instanceof`: what the app's code throws may come from
 * another realm (a `vm` context, Jest's sandbox) whose Error is another class.
 */
function isErrorLike(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/** `err` and its causes, outermost first. */
function causes(err: unknown): Error[] {
  const chain: Error[] = [];
  for (let e: unknown = err; isErrorLike(e) && chain.length < 10 && !chain.includes(e); e = e.cause) chain.push(e);
  return chain;
}

/**
 * Where in the app's code an error arose: the deepest `cause` that names an app file wins, since
 * the framework wraps what an app's module threw while being discovered (`could not import
 * server/rpc/x.ts`) and the wrapper's own stack points at `app.ts`.
 */
function placeOf(err: unknown, root: string): string | undefined {
  for (const e of causes(err).reverse()) {
    const where = e.stack ? appFrame(e.stack, root) : undefined;
    if (where) return where;
  }
  return undefined;
}

/**
 * Describes what loading or starting the app threw, for the terminal: a syntax error by its file
 * and line with swc's code frame; anything else by its message (and stable code), placed at the
 * first line of the app's own code in its stack.
 *
 * @param root the app's folder (paths are shown relative to it)
 */
export function describeLoadError(err: unknown, root: string): LoadFailure {
  const message = isErrorLike(err) ? err.message : String(err);
  const rawCode = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const code = typeof rawCode === 'string' ? rawCode : undefined;
  const syntax = causes(err).reduceRight<LoadFailure | undefined>((found, e) => found ?? syntaxError(e.message, root), undefined) ?? syntaxError(message, root);
  if (syntax) return syntax;
  const where = placeOf(err, root);
  const name = isErrorLike(err) && typeof err.name === 'string' && err.name !== 'Error' && !(code?.startsWith('SS_ERR_') ?? false) ? `${err.name}: ` : '';
  const suffix = code?.startsWith('SS_ERR_') ? ` (${code})` : '';
  return { summary: `${where ? `${where}: ` : ''}${name}${message}${suffix}`, detail: [], code };
}
