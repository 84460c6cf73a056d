import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { SocketStreamError } from '../errors/socketstream-error';
import type { BuildClient } from '../build/production/build-options';

/**
 * One single-page client: a view, its code, stylesheets, templates and workers, each named
 * relative to its folder under `<root>/client/`.
 */
export interface ClientDefinition {
  /** The page shell under `client/views/`: `'main.html'`, or a preprocessor's format (`'main.pug'`). */
  view: string;
  /** The code entry under `client/code/`: `'main/entry.ts'`. */
  code: string;
  /** Stylesheets under `client/css/`, in page order. Default none. */
  css?: string[];
  /** Folders under `client/templates/` whose templates the page gets (`'chat'`). Default: every template. */
  templates?: string[];
  /** Workers under `client/workers/` (`'search.ts'`), each bundled on its own. Default none. */
  workers?: string[];
}

/** A client with absolute paths and the routes that serve it (declared in build/, which builds it and may not import http/). */
export type ResolvedClient = BuildClient;

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

function invalid(message: string): SocketStreamError {
  return new SocketStreamError('SS_ERR_INVALID_OPTION', message);
}

/** `file` under `dir`, which must exist; `what` names it in the error. */
function existing(dir: string, file: unknown, what: string): string {
  if (typeof file !== 'string' || file.length === 0) throw invalid(`${what} must be a file name, got ${JSON.stringify(file)}`);
  const path = resolve(dir, file);
  if (!path.startsWith(dir + sep)) throw invalid(`${what} (${JSON.stringify(file)}) must stay inside ${dir}`);
  if (!existsSync(path)) throw invalid(`${what}: no file ${path}`);
  return path;
}

function list(value: unknown, what: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.length === 0)) throw invalid(`${what} must be a list of names`);
  return value as string[];
}

/**
 * The app's clients: `createApp({ clients, routes })` checked against the files under
 * `<root>/client/`, or, with no `clients`, a client `main` at `/` made of
 * `client/views/main.html` and `client/code/main/entry.ts` when both exist (none otherwise).
 * Routes map paths to client names (default: `/` to the client named `main`, if any); a client
 * no route names is built but not served.
 *
 * @throws SocketStreamError `SS_ERR_INVALID_OPTION` naming the client, option and file at fault
 */
export function resolveClients(root: string, clients?: Record<string, ClientDefinition>, routes?: Record<string, string>): ResolvedClient[] {
  const dir = (name: string) => join(resolve(root), 'client', name);
  let definitions = clients;
  if (definitions === undefined) {
    const view = join(dir('views'), 'main.html');
    const code = join(dir('code'), 'main', 'entry.ts');
    if (!existsSync(view) || !existsSync(code)) {
      if (routes !== undefined && Object.keys(routes).length > 0) throw invalid(`createApp({ routes }) names clients, but there is no createApp({ clients }) nor client/views/main.html with client/code/main/entry.ts`);
      return [];
    }
    definitions = { main: { view: 'main.html', code: 'main/entry.ts' } };
  }
  const routeTable = routes ?? (Object.hasOwn(definitions, 'main') ? { '/': 'main' } : {});
  const byClient = new Map<string, string[]>();
  for (const [path, name] of Object.entries(routeTable)) {
    if (!path.startsWith('/')) throw invalid(`createApp({ routes }): "${path}" must start with "/"`);
    if (!Object.hasOwn(definitions, name)) throw invalid(`createApp({ routes }): "${path}" names client "${name}", which createApp({ clients }) does not define`);
    byClient.set(name, [...(byClient.get(name) ?? []), path]);
  }
  return Object.entries(definitions).map(([name, def]) => {
    if (!NAME.test(name)) throw invalid(`createApp({ clients }): "${name}" is not a client name (letters, digits, _ and -)`);
    const at = `createApp({ clients: { ${name} } })`;
    if (typeof def !== 'object' || def === null) throw invalid(`${at} must be { view, code, css?, templates?, workers? }`);
    return {
      name,
      view: existing(dir('views'), def.view, `${at}.view`),
      code: existing(dir('code'), def.code, `${at}.code`),
      css: list(def.css, `${at}.css`).map((file) => existing(dir('css'), file, `${at}.css`)),
      templates: list(def.templates, `${at}.templates`),
      workers: list(def.workers, `${at}.workers`).map((file) => existing(dir('workers'), file, `${at}.workers`)),
      routes: byClient.get(name) ?? [],
    };
  });
}

/**
 * The client whose route serves `path`: the longest route that is `path` or a folder above it
 * (`/admin` serves `/admin/users/7`, a pushState URL).
 */
export function clientForPath(clients: readonly ResolvedClient[], path: string): ResolvedClient | undefined {
  let best: { client: ResolvedClient; length: number } | undefined;
  for (const client of clients) {
    for (const route of client.routes) {
      const base = route.endsWith('/') ? route : `${route}/`;
      if ((path === route || path.startsWith(base) || route === '/') && (!best || route.length > best.length)) best = { client, length: route.length };
    }
  }
  return best?.client;
}
