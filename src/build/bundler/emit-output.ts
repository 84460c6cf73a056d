import type { OutputBundle, OutputChunk, RollupOutput } from 'rollup';
import type { BuiltFile } from './client-build';

/** The output files of a build, each chunk with its source map when it has one (development). */
export function emitOutput(output: RollupOutput['output'] | OutputBundle[string][]): Map<string, BuiltFile> {
  const files = new Map<string, BuiltFile>();
  // Rollup lists each chunk's map as an asset too; here the map travels with its chunk.
  const maps = new Set(output.filter((item) => item.type === 'chunk').map((chunk) => `${chunk.fileName}.map`));
  for (const item of output) {
    if (item.type === 'asset') {
      if (maps.has(item.fileName)) continue;
      files.set(item.fileName, { code: typeof item.source === 'string' ? item.source : Buffer.from(item.source).toString('utf8') });
      continue;
    }
    files.set(item.fileName, emitChunk(item));
  }
  return files;
}

/** One chunk, with its map as JSON text and a `sourceMappingURL` comment when it has one. */
function emitChunk(chunk: OutputChunk): BuiltFile {
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
