import type { OutputBundle, OutputChunk, RollupOutput } from 'rollup';
import type { BuildTools } from './build-tools';
import type { BuiltFile } from './client-build';

/** The output files of a build, minified with swc in production; with their source maps otherwise. */
export async function emitOutput(tools: BuildTools, output: RollupOutput['output'] | OutputBundle[string][], production: boolean): Promise<Map<string, BuiltFile>> {
  const files = new Map<string, BuiltFile>();
  // Rollup lists each chunk's map as an asset too; here the map travels with its chunk.
  const maps = new Set(output.filter((item) => item.type === 'chunk').map((chunk) => `${chunk.fileName}.map`));
  for (const item of output) {
    if (item.type === 'asset') {
      if (maps.has(item.fileName)) continue;
      files.set(item.fileName, { code: typeof item.source === 'string' ? item.source : Buffer.from(item.source).toString('utf8') });
      continue;
    }
    files.set(item.fileName, await emitChunk(tools, item, production));
  }
  return files;
}

/** One chunk: minified (ES module rules: top-level names may be mangled, strict mode) in production; its map as JSON text and a `sourceMappingURL` comment in development. */
async function emitChunk(tools: BuildTools, chunk: OutputChunk, production: boolean): Promise<BuiltFile> {
  if (production) {
    const minified = await tools.swc.minify(chunk.code, { module: true, compress: true, mangle: true, sourceMap: false });
    return { code: minified.code };
  }
  if (!chunk.map) return { code: chunk.code };
  const name = chunk.fileName.slice(chunk.fileName.lastIndexOf('/') + 1);
  const comment = `//# sourceMappingURL=${name}.map`;
  const code = chunk.code.includes('//# sourceMappingURL=') ? chunk.code : `${chunk.code.replace(/\n?$/, '\n')}${comment}\n`;
  return { code, map: chunk.map.toString() };
}

/** The absolute paths of the real files among a build's modules (virtual ones, starting with `\0`, left out), sorted. */
export function realModules(ids: Iterable<string>): string[] {
  return [...new Set([...ids].filter((id) => !id.startsWith('\0') && !id.includes('?')))].sort();
}
