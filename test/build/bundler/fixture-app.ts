import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { builtinFormatters } from '../../../src/build/formatters/builtin-formatters';
import { defaultTemplateEngines } from '../../../src/build/templates/default-engines';
import { ClientBundler, type ClientBundlerOptions } from '../../../src/build/bundler';

const REPO_NODE_MODULES = join(__dirname, '..', '..', '..', 'node_modules');

/** An app written into a temporary folder, removed by `remove()`. */
export interface FixtureApp {
  readonly root: string;
  /** `<root>/client/code/main/entry.ts`. */
  readonly entry: string;
  readonly templatesDir: string;
  write(path: string, text: string): void;
  /** Links `<root>/node_modules/<name>` to the repository's installed package. */
  linkPackage(name: string): void;
  bundler(options?: Partial<ClientBundlerOptions>): ClientBundler;
  remove(): void;
}

/** A fixture app with `files` (paths relative to its folder). */
export function fixtureApp(files: Record<string, string>): FixtureApp {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'ss-bundler-')));
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  const app: FixtureApp = {
    root,
    entry: join(root, 'client/code/main/entry.ts'),
    templatesDir: join(root, 'client/templates'),
    write,
    linkPackage(name) {
      mkdirSync(join(root, 'node_modules'), { recursive: true });
      symlinkSync(join(REPO_NODE_MODULES, name), join(root, 'node_modules', name), 'dir');
    },
    bundler: (options = {}) =>
      new ClientBundler({ root, entry: app.entry, formatters: builtinFormatters(), templateEngines: defaultTemplateEngines(), templatesDir: app.templatesDir, ...options }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  return app;
}
