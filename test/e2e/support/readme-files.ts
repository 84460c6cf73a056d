/**
 * README.md marks the code blocks that are whole files with an HTML comment just above the fence
 * (invisible on GitHub and npm): `<!-- file: app.ts -->` for the CommonJS app of "Use it in your
 * app", `<!-- esm: app.ts -->` for a file its ES module variant replaces, and `<!-- sample:
 * try.mjs -->` for a script run against the sample. Tests write these blocks out verbatim, so
 * the README cannot drift from what is tested.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The kinds of marked blocks. */
export type BlockKind = 'file' | 'esm' | 'sample';

const MARKED = /<!-- (file|esm|sample): (\S+) -->\n```[a-z]*\n([\s\S]*?)\n```/g;

/** Every marked block of one kind in the README at `repo`, by file name (in README order). */
export function readmeFiles(repo: string, kind: BlockKind): Map<string, string> {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const files = new Map<string, string>();
  for (const [, found, name, body] of readme.matchAll(MARKED)) {
    if (found !== kind) continue;
    if (files.has(name)) throw new Error(`README.md marks two blocks as ${kind}: ${name}`);
    files.set(name, `${body}\n`);
  }
  return files;
}

/** Relative imports in `source` pointed at their compiled `.js` file, as ES modules need. */
export function withJsExtensions(source: string): string {
  return source.replace(/(from '\.{1,2}\/[^']+?)(?<!\.js)'/g, "$1.js'");
}

/** The relative link targets of README.md (`[text](path)`, without `#anchors`), in order. */
export function readmeLinks(repo: string): string[] {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  return [...readme.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((target) => !/^[a-z]+:/.test(target));
}
