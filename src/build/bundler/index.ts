/** The client bundler: rollup over a client's code, its templates and its workers, in memory. */
export { ClientBundler, chunkNameOf, type ClientBundlerOptions } from './client-bundler';
export type { BuiltFile, ClientBuild } from './client-build';
export { bundleWorker, type BundleWorkerOptions, type WorkerBuild } from './bundle-worker';
export { isNodeBuiltin } from './server-only-guard';
