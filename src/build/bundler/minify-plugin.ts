import type { Plugin } from 'rollup';
import type { BuildTools } from './build-tools';

/**
 * An output plugin minifying each chunk with swc (ES module rules: top-level names may be
 * mangled, strict mode). In `renderChunk`, so the `[hash]` in file names is the hash of the
 * minified code (rollup hashes what its render hooks return), with a source map when asked; the hash placeholders rollup
 * leaves in chunk references are strings, which the minifier keeps.
 */
export function minifyPlugin(tools: BuildTools, sourceMap = false): Plugin {
  return {
    name: 'socketstream-minify',
    async renderChunk(code) {
      const out = await tools.swc.minify(code, { module: true, compress: true, mangle: true, sourceMap });
      // Rollup chains this map with the chunk's own, so the final map still names the sources.
      return { code: out.code, map: sourceMap && out.map ? out.map : null };
    },
  };
}
