import type { BuildManifest, ManifestAsset } from './manifest';

/** What {@link buildClients} wrote. */
export interface BuildReport {
  /** The build's folder (absolute), as given. */
  readonly outDir: string;
  /** What `<outDir>/manifest.json` holds. */
  readonly manifest: BuildManifest;
  /** Every file written under `public/` (siblings aside) with its raw, gzip and brotli sizes, sorted by path. */
  readonly assets: readonly ManifestAsset[];
  /** Rollup's warnings that did not fail the build (a circular import…), one line each, naming the file. */
  readonly warnings: readonly string[];
}
