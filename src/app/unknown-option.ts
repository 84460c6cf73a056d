import { SocketStreamError } from '../errors/socketstream-error';
import { APP_OPTION_NAMES, type AppOptions } from './app-options';

/**
 * Throws `SS_ERR_UNKNOWN_OPTION` for the first key of `options` that `createApp` does not take,
 * naming it and the closest option (a JavaScript user's `sesion` would otherwise be ignored).
 */
export function assertKnownAppOptions(options: AppOptions): void {
  const known: ReadonlySet<string> = new Set(APP_OPTION_NAMES);
  for (const key of Object.keys(options)) {
    if (known.has(key)) continue;
    const closest = closestName(key, APP_OPTION_NAMES);
    throw new SocketStreamError(
      'SS_ERR_UNKNOWN_OPTION',
      `createApp(options): unknown option ${JSON.stringify(key)}; did you mean ${JSON.stringify(closest)}? (the options are ${APP_OPTION_NAMES.join(', ')})`,
    );
  }
}

/** The name in `names` fewest edits away from `word`, case ignored (the first one on a tie). */
export function closestName(word: string, names: readonly string[]): string {
  let best = names[0];
  let bestDistance = Infinity;
  for (const name of names) {
    const d = editDistance(word.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

/** Insertions, deletions, substitutions and swaps of two neighbours that turn `a` into `b` (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  // Three rows of the table suffice: the swap looks two rows back.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current.push(d);
    }
    [before, previous] = [previous, current];
  }
  return previous[b.length];
}
