import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { builtinFormatters } from '../../../src/build/formatters/builtin-formatters';
import { defaultTemplateEngines } from '../../../src/build/templates/default-engines';
import { buildClients, type BuildClient, type BuildClientsOptions, type BuildReport } from '../../../src/build/production';
import { fixtureApp, type FixtureApp } from '../bundler/fixture-app';

/** An app with everything a client can have: a lazy chunk, a worker, a stylesheet, a template, shared code. */
export const APP_FILES: Record<string, string> = {
  'client/views/main.html': '<!doctype html><html><head><title>built</title></head><body><ul id="list"></ul></body></html>',
  'client/code/main/entry.ts': [
    "import ss, { template } from 'socketstream/client';",
    "import { greeting } from '../../../shared/greeting';",
    "document.title = greeting + ' ' + template('chat/message')({ user: 'ada' });",
    "document.body.addEventListener('click', () => { void import('./lazy').then((lazy) => lazy.open()); });",
    "ss.worker('search').postMessage('q');",
    'export default ss;',
  ].join('\n'),
  'client/code/main/lazy.ts': "export function open(): string { return 'the-lazy-chunk-' + document.title; }",
  'client/workers/search.ts': "self.onmessage = (e: MessageEvent) => self.postMessage(String(e.data).toUpperCase() + '-searched');",
  'shared/greeting.ts': "export const greeting: string = 'hello';",
  'client/templates/chat/message.html': '<li>{{user}}</li>',
  'client/css/app.css': '.list { .item { color: red } }\n.unused-but-kept { margin: 0 }',
};

/** A second client, `admin`: a view and code of its own, no stylesheet, no worker. */
export const ADMIN_FILES: Record<string, string> = {
  'client/views/admin.html': '<!doctype html><html><head><title>admin</title></head><body><!-- socketstream --><main></main></body></html>',
  'client/code/admin/entry.ts': "import ss from 'socketstream/client';\ndocument.title = 'the-admin-page';\nexport default ss;",
};

/** The admin client at `/admin`, as `resolveClients` makes it. */
export function adminClient(app: FixtureApp): BuildClient {
  return { name: 'admin', view: join(app.root, 'client/views/admin.html'), code: join(app.root, 'client/code/admin/entry.ts'), css: [], templates: [], workers: [], routes: ['/admin'] };
}

/** The fixture's main client as `resolveClients` makes it. */
export function mainClient(app: FixtureApp): BuildClient {
  return {
    name: 'main',
    view: join(app.root, 'client/views/main.html'),
    code: app.entry,
    css: [join(app.root, 'client/css/app.css')],
    templates: [],
    workers: [join(app.root, 'client/workers/search.ts')],
    routes: ['/'],
  };
}

/** The same kind of app written deeper, at `<tmp>/ss-nested-…/a/b/c/app`: its relative paths to everything outside differ. */
export function nestedApp(files: Record<string, string>): FixtureApp {
  const top = realpathSync(mkdtempSync(join(tmpdir(), 'ss-nested-')));
  const root = join(top, 'a', 'b', 'c', 'app');
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  const unsupported = (): never => {
    throw new Error('not needed by the production tests');
  };
  return {
    root,
    entry: join(root, 'client/code/main/entry.ts'),
    templatesDir: join(root, 'client/templates'),
    write,
    linkPackage: unsupported,
    bundler: unsupported,
    remove: () => rmSync(top, { recursive: true, force: true }),
  };
}

/** Builds `app`'s main client into `<root>/build`. */
export function build(app: FixtureApp, options: Partial<BuildClientsOptions> = {}): Promise<BuildReport> {
  return buildClients({
    root: app.root,
    clients: [mainClient(app)],
    formatters: builtinFormatters(),
    templateEngines: defaultTemplateEngines(),
    outDir: join(app.root, 'build'),
    ...options,
  });
}

/** Every file under `dir` by its path relative to it (with `/`), with its bytes. */
export function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path).split(sep).join('/'), readFileSync(path));
    }
  };
  walk(dir);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export { fixtureApp, type FixtureApp };
