/**
 * An app made by `ss new` in a temporary folder, with its dependencies but no registry install
 * (slow, and flaky offline): its node_modules holds links to the repository's packages, the same
 * versions the scaffold asks for, and `socketstream` is a copy of the package built from the
 * current sources (scripts/build.mjs --out-dir), so the repository's dist/ is neither trusted
 * (it may be stale) nor rewritten under other tests.
 */
import { cpSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './build-if-stale';
import { runToExit, succeeded } from './child-processes';

const node = process.execPath;

/** The package as npm would install it from a pack of the current sources: package.json, bin, templates and a fresh dist/. */
export async function buildFramework(into: string): Promise<void> {
  mkdirSync(into);
  for (const entry of ['package.json', 'bin', 'templates']) cpSync(join(REPO, entry), join(into, entry), { recursive: true });
  // The build loads the compiled entries to write the ESM wrappers, so their dependencies must resolve.
  symlinkSync(join(REPO, 'node_modules'), join(into, 'node_modules'), 'dir');
  succeeded(await runToExit(node, [join(REPO, 'scripts', 'build.mjs'), '--out-dir', join(into, 'dist')], { cwd: REPO, timeoutMs: 90_000 }));
}

/** `<app>/node_modules`: a link to each of the repository's packages (and its .bin), plus socketstream → the built copy. */
export function linkDependencies(app: string, framework: string): void {
  const modules = join(app, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(REPO, 'node_modules'))) {
    if (name.startsWith('.') && name !== '.bin') continue;
    symlinkSync(join(REPO, 'node_modules', name), join(modules, name), 'dir');
  }
  symlinkSync(framework, join(modules, 'socketstream'), 'dir');
}

/**
 * `ss new <root>/app` (through the repository's bin/ss.js) beside a built copy of the framework at
 * `<root>/socketstream`, then the app's node_modules linked. Returns the app's folder and what
 * `ss new` printed.
 */
export async function scaffoldApp(root: string): Promise<{ app: string; printed: string }> {
  const app = join(root, 'app');
  const framework = join(root, 'socketstream');
  // Scaffolding (from the sources, through bin/ss.js) and building run side by side.
  const [created] = await Promise.all([runToExit(node, [join(REPO, 'bin', 'ss.js'), 'new', app], { cwd: root, env: { ...process.env, NO_COLOR: '1' } }), buildFramework(framework)]);
  const printed = succeeded(created);
  linkDependencies(app, framework);
  return { app, printed };
}
