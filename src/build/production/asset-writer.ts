import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { compress, isCompressible } from './compress';
import { contentHash } from './content-hash';
import type { AssetEncoding, AssetKind, ManifestAsset } from './manifest';

/** A file of the build, in memory, before it is written. */
export interface PendingAsset {
  /** Its path under `public/`, with `/`. */
  readonly path: string;
  /** Its name without hash under its client (see {@link ManifestAsset.name}). */
  readonly name: string;
  readonly client: string;
  readonly kind: AssetKind;
  readonly data: string | Buffer;
}

/**
 * Writes each file under `publicDir` with its `.br` and `.gz` siblings (for text files, when
 * smaller) and returns what the manifest records of them, sorted by path.
 */
export async function writeAssets(publicDir: string, assets: readonly PendingAsset[]): Promise<ManifestAsset[]> {
  const sorted = [...assets].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const written = await Promise.all(sorted.map((asset) => writeAsset(publicDir, asset)));
  return written;
}

async function writeAsset(publicDir: string, asset: PendingAsset): Promise<ManifestAsset> {
  const data = typeof asset.data === 'string' ? Buffer.from(asset.data, 'utf8') : asset.data;
  const file = join(publicDir, ...asset.path.split('/'));
  await mkdir(dirname(file), { recursive: true });
  const variants = isCompressible(asset.path) ? await compress(data) : {};
  const encodings: AssetEncoding[] = [];
  const writes = [writeFile(file, data)];
  if (variants.br) {
    encodings.push('br');
    writes.push(writeFile(`${file}.br`, variants.br));
  }
  if (variants.gzip) {
    encodings.push('gzip');
    writes.push(writeFile(`${file}.gz`, variants.gzip));
  }
  await Promise.all(writes);
  return {
    path: asset.path,
    name: asset.name,
    client: asset.client,
    kind: asset.kind,
    raw: data.length,
    gzip: variants.gzip?.length ?? data.length,
    brotli: variants.br?.length ?? data.length,
    hash: contentHash(data),
    encodings,
  };
}
