import { createHash } from 'node:crypto';

/**
 * The SHA-256 of `data`, base64url: what the manifest records of each file (and what the server
 * makes its ETag from). Same bytes, same hash, on any machine.
 */
export function contentHash(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('base64url');
}

/**
 * A short hash for a file name (`main-<hash>.css`): 8 characters of {@link contentHash}, the
 * length rollup gives the chunks it names, so every hashed name of a build looks alike.
 */
export function nameHash(...parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('base64url').slice(0, 8);
}

/** A hashed file name without its hash: `chunks/lazy-view-AbC_12-z.js` → `chunks/lazy-view.js`. */
export function unhashedName(fileName: string): string {
  // The hash is 8 characters right before the extension; it may itself hold `-`, so the match is anchored at the end.
  return fileName.replace(/-[\w-]{8}((?:\.[a-z]+)+)$/, '$1');
}
