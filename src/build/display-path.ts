import { relative, sep } from 'node:path';

/** `file` as error messages show it: relative to the app's folder with `/` separators, or absolute when outside it. */
export function displayPath(root: string, file: string): string {
  const rel = relative(root, file);
  if (!rel || rel.startsWith('..') || rel === file) return file;
  return rel.split(sep).join('/');
}
