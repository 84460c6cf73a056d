import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway app folder holding `files` (path under the app → text); `remove()` deletes it. */
export function appWith(files: Readonly<Record<string, string>>): { root: string; templates: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'ss-templates-'));
  for (const [path, text] of Object.entries(files)) {
    const file = join(root, ...path.split('/'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { root, templates: join(root, 'client', 'templates'), remove: () => rmSync(root, { recursive: true, force: true }) };
}
