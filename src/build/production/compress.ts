import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Extensions worth precompressing: text. Images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.map', '.svg', '.json', '.txt', '.xml']);

/** Whether a file of this name gets `.gz` and `.br` siblings (text formats only). */
export function isCompressible(fileName: string): boolean {
  const dot = fileName.lastIndexOf('.');
  return dot >= 0 && COMPRESSIBLE.has(fileName.slice(dot).toLowerCase());
}

/** The precompressed variants of a file; each is left out when it would not be smaller than the file. */
export interface Compressed {
  readonly gzip?: Buffer;
  readonly br?: Buffer;
}

/**
 * Gzip (level 9) and brotli (quality 11, text mode) of `data`, for `.gz` and `.br` siblings.
 * Both are deterministic: zlib writes no time or file name into the gzip header.
 */
export async function compress(data: Buffer): Promise<Compressed> {
  const [gz, br] = await Promise.all([
    gzipAsync(data, { level: 9 }),
    brotliAsync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  ]);
  return { gzip: gz.length < data.length ? gz : undefined, br: br.length < data.length ? br : undefined };
}
