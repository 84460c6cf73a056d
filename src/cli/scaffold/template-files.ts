import { readdirSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

/**
 * Template files stored under another name than the one they get in the app, because the real
 * name would confuse tooling in the framework's own package: npm turns a `.gitignore` into
 * `.npmignore` (or drops it) when packing, and a nested `package.json` would be taken for a
 * package of its own by npm, jest and editors.
 */
const RENAMED: Readonly<Record<string, string>> = {
  gitignore: '.gitignore',
  'package.json.tpl': 'package.json',
};

/** One file of the template: where it is in the package and where it goes in the app. */
export interface TemplateFile {
  /** Absolute path in the template folder. */
  readonly source: string;
  /** Path in the new app, relative, with `/` separators (`server/rpc/hello.ts`). */
  readonly target: string;
}

/** Every file under `templateDir`, with the name it takes in the app, sorted by that name. */
export function templateFiles(templateDir: string): TemplateFile[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  return walk(templateDir)
    .map((source) => {
      const parts = relative(templateDir, source).split(sep);
      const last = parts.length - 1;
      parts[last] = RENAMED[parts[last]] ?? parts[last];
      return { source, target: parts.join(posix.sep) };
    })
    .sort((a, b) => a.target.localeCompare(b.target));
}
