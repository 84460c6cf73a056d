import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(repo, path), 'utf8');

/** The string literals of a union type declared in `path`. */
function codesOf(path: string, typeName: string): string[] {
  const text = read(path);
  const start = text.indexOf(`export type ${typeName} =`);
  const body = text.slice(start, text.indexOf("';", start) + 1);
  return [...body.matchAll(/\|\s*'(SS_ERR_[A-Z_]+)'/g)].map((m) => m[1]);
}

describe('docs/errors.md', () => {
  const documented = new Set([...read('docs/errors.md').matchAll(/^\| `(SS_ERR_[A-Z_]+)` \|/gm)].map((m) => m[1]));

  it.each([
    ['SocketStreamErrorCode', 'src/errors/socketstream-error.ts'],
    ['ClientErrorCode', 'src/client/client-error.ts'],
  ])('lists every code of %s', (typeName, path) => {
    const codes = codesOf(path, typeName);
    expect(codes.length).toBeGreaterThan(4);
    expect(codes.filter((code) => !documented.has(code))).toEqual([]);
  });

  it('lists no code that is not thrown', () => {
    const known = new Set([...codesOf('src/errors/socketstream-error.ts', 'SocketStreamErrorCode'), ...codesOf('src/client/client-error.ts', 'ClientErrorCode'), 'SS_ERR_DECORATOR_TARGET', 'SS_ERR_DECORATOR_ARGUMENT']);
    expect([...documented].filter((code) => !known.has(code))).toEqual([]);
  });
});
