/** The production build of an app's clients (`ss build`): hashed, minified, precompressed assets, pages and a manifest. */
export { buildClients } from './build-clients';
export type { BuildClient, BuildClientsOptions } from './build-options';
export type { BuildReport } from './build-report';
export { formatBytes, formatSizeReport, type SizeReportOptions } from './size-report';
export { budgetMatches, checkBudgets } from './budgets';
export {
  MANIFEST_VERSION,
  readManifest,
  type AssetEncoding,
  type AssetKind,
  type BuildManifest,
  type ManifestAsset,
  type ManifestClient,
} from './manifest';
export { isCompressible } from './compress';
