import type { BuildReport } from './build-report';

/** Bytes in SI units, one decimal above a thousand: `512 B`, `12.3 kB`, `1.2 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Options of {@link formatSizeReport}. */
export interface SizeReportOptions {
  /** List the source maps too. Default false: a browser fetches them only when its tools are open. */
  readonly maps?: boolean;
}

/**
 * The build's assets as a plain text table (no colors: the CLI adds them): one line per asset,
 * sorted by path (assets shown from their client's folder: `main/main-<hash>.js`,
 * `pages/main.html`), its raw, gzip and brotli sizes right-aligned, and a total line.
 *
 * @example
 * asset                     raw     gzip       br
 * main/main-AbC12_-z.js  12.3 kB   4.5 kB   4.0 kB
 */
export function formatSizeReport(report: BuildReport, options: SizeReportOptions = {}): string {
  const assets = report.assets.filter((asset) => options.maps === true || asset.kind !== 'map');
  const total = assets.reduce((sum, a) => ({ raw: sum.raw + a.raw, gzip: sum.gzip + a.gzip, brotli: sum.brotli + a.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const rows = [
    ['asset', 'raw', 'gzip', 'br'],
    ...[...assets]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((asset) => [asset.path.replace(/^_ss\/assets\//, ''), formatBytes(asset.raw), formatBytes(asset.gzip), formatBytes(asset.brotli)]),
    [`total (${assets.length} files)`, formatBytes(total.raw), formatBytes(total.gzip), formatBytes(total.brotli)],
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[column]))).join('  ').trimEnd()).join('\n');
}
