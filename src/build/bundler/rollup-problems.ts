import type { RollupLog } from 'rollup';
import { SocketStreamError } from '../../errors/socketstream-error';
import { displayPath } from '../display-path';
import { SOURCE_EXTENSIONS } from './sources-plugin';

/** Warnings rollup gives that leave a bundle broken in the page: they fail the build. */
const FATAL_WARNINGS = new Set(['UNRESOLVED_IMPORT', 'MISSING_EXPORT', 'MISSING_GLOBAL_NAME', 'MISSING_NODE_BUILTINS', 'INVALID_EXPORT_OPTION']);

const inNodeModules = (id: string): boolean => /[\\/]node_modules[\\/]/.test(id);

/** `client/code/main/entry.ts:3:14`, from what rollup tells of a problem; empty when it names no file. */
export function placeOf(root: string, problem: Pick<RollupLog, 'id' | 'loc' | 'exporter'>): string {
  const file = problem.loc?.file ?? problem.id ?? problem.exporter;
  if (!file) return '';
  const at = problem.loc ? `:${problem.loc.line}:${problem.loc.column + 1}` : '';
  return `${displayPath(root, file)}${at}`;
}

/**
 * Rollup's message in the app's terms: files relative to the app (rollup names them relative to
 * the process's folder), without the `[plugin x]` and file prefixes {@link placeOf} says better.
 */
function bareMessage(root: string, problem: RollupLog): string {
  const named = (id: string | undefined): string => (id === undefined ? '?' : displayPath(root, id));
  switch (problem.code) {
    case 'UNRESOLVED_IMPORT':
      return problem.exporter !== undefined && !/^\.{0,2}\//.test(problem.exporter)
        ? `cannot resolve "${problem.exporter}": no such package in node_modules (npm install it?)`
        : `cannot resolve "${problem.exporter ?? '?'}": no such file (tried ${SOURCE_EXTENSIONS.join(', ')} and /index…)`;
    case 'CIRCULAR_DEPENDENCY':
      if (problem.ids) return `Circular dependency: ${problem.ids.map(named).join(' -> ')}`;
      break;
    case 'MISSING_EXPORT':
      return `"${problem.binding ?? '?'}" is not exported by ${named(problem.exporter)}`;
  }
  let message = problem.message;
  if (problem.plugin) message = message.replace(`[plugin ${problem.plugin}] `, '');
  if (problem.id) {
    if (message.startsWith(problem.id)) message = message.slice(problem.id.length).replace(/^\s*(\(\d+:\d+\))?:?\s*/, '');
    if (message.endsWith(` in ${problem.id}`)) message = message.slice(0, -` in ${problem.id}`.length);
  }
  // `../../tmp/app/client/x.ts (3:4): …`: rollup's own prefix, with the file relative to the process's folder.
  message = message.replace(/^\S+ \(\d+:\d+\): /, '');
  return message;
}

/** The framework's own errors thrown by the bundle's plugins, as they were thrown (see `recordThrows`). */
export type ThrownErrors = WeakMap<object, { code: string; message: string }>;

/**
 * What to do with a rollup warning: `'fail'` for those that leave the page broken (an import
 * that resolves to nothing, a name a module does not export), `'ignore'` for circular
 * dependencies and top-level `this` inside `node_modules` (common, harmless, not the app's to
 * fix), `'report'` for the rest.
 */
export function judgeWarning(warning: RollupLog): 'fail' | 'ignore' | 'report' {
  if (warning.code !== undefined && FATAL_WARNINGS.has(warning.code)) return 'fail';
  if (warning.code === 'CIRCULAR_DEPENDENCY' && (warning.ids ?? []).every(inNodeModules)) return 'ignore';
  // TypeScript's helpers compiled to ES modules (`this && this.__decorate`) in class-validator and many others.
  if (warning.code === 'THIS_IS_UNDEFINED' && warning.id !== undefined && inNodeModules(warning.id)) return 'ignore';
  return 'report';
}

/** A warning as one line: `client/code/main/entry.ts:3:1: "x" is not exported by "a.ts"…`. */
export function describeWarning(root: string, warning: RollupLog): string {
  const place = placeOf(root, warning);
  return place ? `${place}: ${bareMessage(root, warning)}` : bareMessage(root, warning);
}

/** A failure that rollup reported: `SS_ERR_BUILD` starting `file:line:col:` as a formatter's does, then what was being bundled. */
export function rollupFailure(root: string, problem: RollupLog, label: string): SocketStreamError {
  return new SocketStreamError('SS_ERR_BUILD', `${describeWarning(root, problem)} (${label})`, { cause: problem });
}

/**
 * The error a failed build rejects with. A `SocketStreamError` thrown by a plugin (a formatter's
 * `SS_ERR_BUILD`, the guard's `SS_ERR_SERVER_ONLY_IMPORT`) comes back as it was thrown: rollup
 * rewrites the `code` of what a plugin throws (to `PLUGIN_ERROR`, the original in `pluginCode`),
 * so both are restored. Anything else becomes `SS_ERR_BUILD` naming the file, line and column,
 * the original as `cause`.
 */
export function buildFailure(root: string, err: unknown, label: string, thrown: ThrownErrors): SocketStreamError {
  const original = err !== null && typeof err === 'object' ? thrown.get(err) : undefined;
  if (original) {
    const restored = err as SocketStreamError & Record<string, unknown>;
    Object.assign(restored, { code: original.code, message: original.message });
    for (const key of ['plugin', 'pluginCode', 'hook', 'id', 'watchFiles']) delete restored[key];
    return restored;
  }
  if (err instanceof SocketStreamError) return err;
  const problem = err as RollupLog | null;
  if (problem === null || typeof problem !== 'object' || typeof problem.message !== 'string') return new SocketStreamError('SS_ERR_BUILD', `${String(err)} (${label})`, { cause: err });
  return rollupFailure(root, problem, label);
}
