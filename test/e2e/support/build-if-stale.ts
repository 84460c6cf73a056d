/**
 * The e2e tests that use the built package (dist/) rebuild it first when any source is newer,
 * so they never test a stale build and never pay for a fresh one needlessly.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root folder. */
export const REPO = join(__dirname, '..', '..', '..');

const ENTRIES = ['src/index', 'decorators/index', 'src/client/index', 'src/testing/index'];
const ESM = ['index', 'decorators', 'client', 'testing'];
const OUTPUTS = [...ENTRIES.map((e) => `dist/${e}.js`), ...ESM.flatMap((e) => [`dist/esm/${e}.mjs`, `dist/esm/${e}.d.mts`]), 'dist/browser/src/client/browser.js'];
const INPUTS = ['src', 'decorators', 'scripts/build.mjs', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.browser.json'];

/** Newest modification time of a file, or of any file under a directory. */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Builds dist/ (`node scripts/build.mjs`) unless every output exists and is newer than every input. */
export function buildIfStale(): void {
  const outputs = OUTPUTS.map((o) => join(REPO, o));
  const fresh = outputs.every((o) => existsSync(o)) && Math.min(...outputs.map(newest)) > Math.max(...INPUTS.map((i) => newest(join(REPO, i))));
  if (fresh) return;
  try {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'pipe' });
  } catch (err) {
    const { stdout, stderr } = err as { stdout: Buffer; stderr: Buffer };
    throw new Error(`node scripts/build.mjs failed:\n${stdout.toString()}${stderr.toString()}`, { cause: err });
  }
}
