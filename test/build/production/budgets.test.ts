import { budgetMatches, checkBudgets, type ManifestAsset } from '../../../src/build/production';

function asset(path: string, name: string, gzip: number, client = 'main'): ManifestAsset {
  return { path, name, client, kind: name.endsWith('.map') ? 'map' : 'script', raw: gzip * 3, gzip, brotli: gzip - 1, hash: 'h', encodings: ['br', 'gzip'] };
}

const ENTRY = asset('_ss/assets/main/main-AbC12_-z.js', 'main.js', 5000);
const LAZY = asset('_ss/assets/main/chunks/lazy-view-Zz_-1234.js', 'chunks/lazy-view.js', 800);
const CSS = asset('_ss/assets/admin/admin-QQQQQQQQ.css', 'admin.css', 300, 'admin');
const MAP = asset('_ss/assets/main/main-AbC12_-z.js.map', 'main.js.map', 30_000);

describe('size budgets', () => {
  it('match a name with or without its hash, and a glob without / against file names only', () => {
    expect(budgetMatches('main.js', ENTRY)).toBe(true);
    expect(budgetMatches('main-AbC12_-z.js', ENTRY)).toBe(true);
    expect(budgetMatches('*.js', LAZY)).toBe(true);
    expect(budgetMatches('lazy-*.js', LAZY)).toBe(true);
    expect(budgetMatches('*.js', MAP)).toBe(false);
    expect(budgetMatches('main.css', CSS)).toBe(false);
  });

  it('match a glob with / against <client>/<name> and the path, ** crossing folders', () => {
    expect(budgetMatches('main/chunks/*.js', LAZY)).toBe(true);
    expect(budgetMatches('main/*.js', LAZY)).toBe(false);
    expect(budgetMatches('main/**', LAZY)).toBe(true);
    expect(budgetMatches('admin/**', LAZY)).toBe(false);
    expect(budgetMatches('_ss/assets/admin/*.css', CSS)).toBe(true);
  });

  it('pass an asset at its budget and fail one over it, naming every asset over, its gzip size and the budget', () => {
    expect(() => checkBudgets([ENTRY, LAZY, CSS, MAP], { 'main.js': 5000, '*.css': 300 })).not.toThrow();
    expect(() => checkBudgets([ENTRY, LAZY, CSS, MAP], { '*.js': 700 })).toThrow(
      expect.objectContaining({
        code: 'SS_ERR_BUDGET',
        message:
          'size budget exceeded: _ss/assets/main/main-AbC12_-z.js is 5000 bytes gzip, over its budget "*.js" of 700 bytes; ' +
          '_ss/assets/main/chunks/lazy-view-Zz_-1234.js is 800 bytes gzip, over its budget "*.js" of 700 bytes',
      }),
    );
  });

  it('refuse a budget that is not a number of bytes, naming it', () => {
    expect(() => checkBudgets([ENTRY], { '*.js': -1 })).toThrow(expect.objectContaining({ code: 'SS_ERR_INVALID_OPTION', message: expect.stringContaining('budgets["*.js"]') }));
    expect(() => checkBudgets([ENTRY], { '*.js': Number.NaN })).toThrow(expect.objectContaining({ code: 'SS_ERR_INVALID_OPTION' }));
  });
});
