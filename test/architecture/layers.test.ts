import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const repo = resolve(__dirname, '..', '..');
const src = join(repo, 'src');

/**
 * The layers of README "Architecture", lowest first. A folder may import its own files and any
 * folder of a lower layer, never one of its own layer or above.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['protocol', 'errors', 'logging'],
  ['transport', 'container', 'redis', 'client'],
  ['responders'],
  ['session'],
  ['invocation'],
  ['rpc', 'pubsub'],
  ['service'],
  ['build'],
  ['http'],
  ['dev'],
  ['app'],
  ['testing'],
  ['cli'],
];

function layerOf(folder: string): number {
  const at = LAYERS.findIndex((layer) => layer.includes(folder));
  if (at < 0) throw new Error(`src/${folder} is in no layer: add it to LAYERS and to README "Architecture"`);
  return at;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `from './x'` and `import('./x')` specifiers of relative imports, type-only ones included. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
}

describe('the layers (DESIGN §2)', () => {
  const violations: string[] = [];
  const folders = new Set<string>();
  for (const file of sourceFiles(src)) {
    const rel = relative(src, file).split(sep);
    if (rel.length < 2) continue;
    const folder = rel[0];
    folders.add(folder);
    for (const spec of relativeImports(file)) {
      const target = relative(repo, resolve(dirname(file), spec)).split(sep);
      if (target[0] === 'decorators') {
        // The decorators record metadata; only the layers that read it may import them.
        if (layerOf(folder) < layerOf('container')) violations.push(`${relative(repo, file)} imports ${spec}`);
        continue;
      }
      if (target[0] !== 'src' || target.length < 3) continue;
      const other = target[1];
      if (other !== folder && layerOf(other) >= layerOf(folder)) violations.push(`${relative(repo, file)} (${folder}) imports ${spec} (${other})`);
    }
  }

  it('every folder of src/ imports only folders of lower layers', () => {
    expect(violations).toEqual([]);
  });

  it('protocol/ imports nothing outside itself, so the browser client can share it', () => {
    const outside = sourceFiles(join(src, 'protocol')).flatMap((file) =>
      relativeImports(file)
        .filter((spec) => !resolve(dirname(file), spec).startsWith(join(src, 'protocol')))
        .map((spec) => `${relative(repo, file)} imports ${spec}`),
    );
    expect(outside).toEqual([]);
  });

  it('every folder of src/ has its place', () => {
    for (const folder of folders) expect(() => layerOf(folder)).not.toThrow();
  });

  it('the decorators import nothing from src/: they only record metadata', () => {
    const fromSrc = sourceFiles(join(repo, 'decorators')).flatMap((file) =>
      relativeImports(file)
        .filter((spec) => resolve(dirname(file), spec).startsWith(src))
        .map((spec) => `${relative(repo, file)} imports ${spec}`),
    );
    expect(fromSrc).toEqual([]);
  });
});
