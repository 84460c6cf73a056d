import { basename } from 'node:path';

/** Used when nothing usable is left of the folder's name. */
const FALLBACK = 'socketstream-app';

/**
 * The npm package name for an app created in `dir`: the folder's name made acceptable to npm
 * (lower case; letters, digits, `-`, `.`, `_`; not starting with `.` or `_`; at most 214
 * characters), so `ss new "My App"` gives `my-app` and `npm install` does not refuse it.
 */
export function packageNameFor(dir: string): string {
  const name = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+/, '')
    .replace(/-+$/, '')
    .slice(0, 214);
  return name === '' || name === 'node_modules' || name === 'favicon.ico' ? FALLBACK : name;
}
