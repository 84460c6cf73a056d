import { SocketStreamError } from '../../errors/socketstream-error';
import type { ManifestAsset } from './manifest';

/** A glob as a regular expression: `**` any characters, `*` any but `/`, `?` one but `/`. */
function globPattern(glob: string): RegExp {
  const source = glob
    .split(/(\*\*|\*|\?)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Whether a budget's pattern covers an asset. A pattern without `/` is matched against the
 * file's name with and without its hash (`*.js`, `main.css`, `main-AbC12_-z.css`); one with `/`
 * against `<client>/<name>` (`main/chunks/*.js`, `admin/**`) and the path under `public/`.
 */
export function budgetMatches(pattern: string, asset: ManifestAsset): boolean {
  const glob = globPattern(pattern);
  const candidates = pattern.includes('/') ? [`${asset.client}/${asset.name}`, asset.path] : [lastSegment(asset.name), lastSegment(asset.path)];
  return candidates.some((candidate) => glob.test(candidate));
}

/**
 * Checks a build against its size budgets (pattern → the most gzip bytes each matching asset
 * may weigh, see {@link budgetMatches}); the gzip size is what a browser accepting gzip
 * downloads (see {@link ManifestAsset.gzip}).
 *
 * @throws SocketStreamError `SS_ERR_INVALID_OPTION` for a budget that is not a number of bytes;
 *   `SS_ERR_BUDGET` naming every asset over a budget, its gzip size and the budget
 */
export function checkBudgets(assets: readonly ManifestAsset[], budgets: Readonly<Record<string, number>> = {}): void {
  const over: string[] = [];
  for (const pattern of Object.keys(budgets).sort()) {
    const limit = budgets[pattern];
    if (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 0) {
      throw new SocketStreamError('SS_ERR_INVALID_OPTION', `budgets["${pattern}"] must be a number of bytes (gzip), got ${JSON.stringify(limit)}`);
    }
    for (const asset of assets) {
      if (asset.gzip > limit && budgetMatches(pattern, asset)) over.push(`${asset.path} is ${asset.gzip} bytes gzip, over its budget "${pattern}" of ${limit} bytes`);
    }
  }
  if (over.length > 0) throw new SocketStreamError('SS_ERR_BUDGET', `size budget exceeded: ${over.join('; ')}`);
}
