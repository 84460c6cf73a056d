/**
 * Installs a packed SocketStream into a user's project the way `npm install ./socketstream-x.tgz`
 * does, but with no network: npm may only read its local cache. The cache holds the tarballs the
 * repository itself was installed from (content-addressed by integrity) but not always the
 * registry's package documents, which a plain `npm install --offline` asks for. So the user's
 * `package-lock.json` is written first, from the repository's own lock (same versions, same
 * integrity), plus an entry for the tarball; `npm install --offline` then only unpacks.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One entry of a lockfile's `packages`. */
interface LockEntry {
  version?: string;
  integrity?: string;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** The fields of a package.json this module reads. */
interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * The lock entry a dependency `name` of the package at `from` resolves to, as Node would find
 * it: the nearest `node_modules/<name>` walking up from `from`.
 */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

/**
 * Writes `package-lock.json` for `project` (its package.json must exist and name the tarball as
 * `file:<tarball>`), holding only the packages its dependencies reach, then runs
 * `npm install --offline`. Throws with npm's output when npm needs anything it has not cached.
 *
 * @param project the user's project folder
 * @param tarball the packed framework's file name, inside `project`
 * @param repo the framework's repository (its package.json is the one packed; its lock gives the rest)
 */
export async function installOffline(project: string, tarball: string, repo: string): Promise<void> {
  const user = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as PackageJson;
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const bytes = readFileSync(join(project, tarball));
  const framework = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as PackageJson;
  const source: Record<string, LockEntry> = { ...lock.packages };
  source['node_modules/socketstream'] = {
    version: framework.version,
    resolved: `file:${tarball}`,
    integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
    dependencies: framework.dependencies,
  };

  const packages: Record<string, LockEntry> = { '': { name: user.name, version: user.version, dependencies: user.dependencies, devDependencies: user.devDependencies } };
  const queue: Array<[string, Record<string, string>]> = [['', { ...user.dependencies, ...user.devDependencies }]];
  while (queue.length > 0) {
    const [from, deps] = queue.shift()!;
    for (const name of Object.keys(deps)) {
      const at = locate(source, from, name);
      if (!at || packages[at]) continue;
      const entry = { ...source[at] };
      delete entry.dev;
      delete entry.devOptional;
      // With its registry URL npm finds the tarball in its cache by integrity alone, without the
      // package's registry document (which a pre-filled or separate cache may lack).
      if (entry.resolved === undefined && entry.version !== undefined) entry.resolved = registryTarball(at.slice(at.lastIndexOf('node_modules/') + 13), entry.version);
      packages[at] = entry;
      queue.push([at, { ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies }]);
    }
  }
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify({ name: user.name, version: user.version, lockfileVersion: 3, requires: true, packages }, null, 2));
  try {
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: project });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`npm install --offline failed in ${project} (is the repository's npm cache there? run npm ci in the repository):\n${stdout ?? ''}${stderr ?? ''}`, { cause: err });
  }
}

/** Where the npm registry serves `name@version` (`@scope/pkg` → `@scope/pkg/-/pkg-1.0.0.tgz`). */
function registryTarball(name: string, version: string): string {
  return `https://registry.npmjs.org/${name}/-/${name.slice(name.lastIndexOf('/') + 1)}-${version}.tgz`;
}
