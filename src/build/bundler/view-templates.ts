import { sep } from 'node:path';
import type { Plugin } from 'rollup';
import { SocketStreamError } from '../../errors/socketstream-error';
import { displayPath } from '../display-path';

/** `@View({ template: 'chat/message' })` at the start of a line (not in a comment), with a literal template path. */
const VIEW = /^[ \t]*@View\(\s*\{[^}]*?\btemplate\s*:\s*(['"`])([^'"`$\\]*)\1/gm;

/** One `@View` of a module: the template it names and where. */
interface ViewUse {
  readonly template: string;
  readonly line: number;
  readonly column: number;
}

/** The `@View`s of `source` that name a template by a literal, with their line and column (1-based). */
export function findViews(source: string): ViewUse[] {
  const uses: ViewUse[] = [];
  for (const match of source.matchAll(VIEW)) {
    const at = match.index + match[0].indexOf('@View');
    const before = source.slice(0, at);
    uses.push({ template: match[2], line: before.split('\n').length, column: at - before.lastIndexOf('\n') });
  }
  return uses;
}

/**
 * Checks that every `@View({ template })` of a client's code names one of its templates, so a
 * typo fails the build rather than the page. It reads each module's source as written (before
 * any formatter), the app's own modules only; what it found outlives a build, as rollup's cache does
 * (a module taken from the cache is not transformed again).
 */
export class ViewTemplates {
  private readonly byModule = new Map<string, ViewUse[]>();

  /** @param root the app's folder: only its own modules are read (not the framework's, not `node_modules`) */
  constructor(private readonly root: string) {}

  plugin(): Plugin {
    return {
      name: 'socketstream-view-templates',
      transform: (code, id) => {
        if (id.startsWith('\0') || /[\\/]node_modules[\\/]/.test(id) || !id.startsWith(this.root + sep)) return null;
        const uses = code.includes('@View') ? findViews(code) : [];
        if (uses.length > 0) this.byModule.set(id, uses);
        else this.byModule.delete(id);
        return null;
      },
    };
  }

  /**
   * @param modules the ids of this build's modules
   * @param templates the addresses of the client's templates
   * @throws SocketStreamError `SS_ERR_BUILD`
   *   `client/code/main/views.ts:4:1: @View({ template: 'chat/mesage' }) names no template of client/templates (it has chat/message)`
   */
  check(modules: Iterable<string>, templates: readonly string[], templatesDir: string): void {
    const root = this.root;
    const known = new Set(templates);
    for (const id of modules) {
      for (const use of this.byModule.get(id) ?? []) {
        if (known.has(use.template)) continue;
        const has = templates.length === 0 ? 'it has none' : `it has ${templates.slice(0, 10).join(', ')}${templates.length > 10 ? '…' : ''}`;
        throw new SocketStreamError(
          'SS_ERR_BUILD',
          `${displayPath(root, id)}:${use.line}:${use.column}: @View({ template: '${use.template}' }) names no template of ${displayPath(root, templatesDir)} (${has})`,
        );
      }
    }
  }
}
