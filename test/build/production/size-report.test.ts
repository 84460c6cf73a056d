import { formatBytes, formatSizeReport, type BuildReport, type ManifestAsset } from '../../../src/build/production';

function asset(path: string, kind: ManifestAsset['kind'], raw: number, gzip: number, brotli: number): ManifestAsset {
  return { path, name: path, client: 'main', kind, raw, gzip, brotli, hash: 'h', encodings: [] };
}

const REPORT: BuildReport = {
  outDir: 'build',
  manifest: { version: 1, clients: {}, assets: [] },
  warnings: [],
  assets: [
    asset('pages/main.html', 'page', 229, 171, 112),
    asset('_ss/assets/main/main-AbC12_-z.js', 'script', 16_229, 5_833, 5_254),
    asset('_ss/assets/main/main-AbC12_-z.js.map', 'map', 108_981, 32_156, 28_329),
    asset('_ss/assets/main/chunks/lazy-Zz_-1234.js', 'script', 1_234_567, 999, 950),
  ],
};

describe('the size report', () => {
  it('writes bytes in SI units with one decimal from a thousand on', () => {
    expect([0, 999, 1000, 12_345, 999_949, 1_234_567].map(formatBytes)).toEqual(['0 B', '999 B', '1.0 kB', '12.3 kB', '999.9 kB', '1.2 MB']);
  });

  it('is a plain table of every asset but the maps, sorted, with aligned columns and a total', () => {
    expect(formatSizeReport(REPORT).split('\n')).toEqual([
      'asset                             raw    gzip      br',
      'main/chunks/lazy-Zz_-1234.js   1.2 MB   999 B   950 B',
      'main/main-AbC12_-z.js         16.2 kB  5.8 kB  5.3 kB',
      'pages/main.html                 229 B   171 B   112 B',
      'total (3 files)                1.3 MB  7.0 kB  6.3 kB',
    ]);
  });

  it('lists the maps when asked, and has no colors', () => {
    const table = formatSizeReport(REPORT, { maps: true });
    expect(table).toContain('main/main-AbC12_-z.js.map');
    expect(table).toContain('total (4 files)');
    // eslint-disable-next-line no-control-regex
    expect(table).not.toMatch(/\u001b\[/);
  });
});
