import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { clientForPath, resolveClients } from '../../src/http/client-definitions';

describe('client definitions', () => {
  let root: string;
  const write = (file: string, text = '') => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'ss-clients-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('defaults to a client main at / when client/views/main.html and client/code/main/entry.ts exist', () => {
    write('client/views/main.html');
    write('client/code/main/entry.ts');
    expect(resolveClients(root)).toEqual([
      { name: 'main', view: join(root, 'client/views/main.html'), code: join(root, 'client/code/main/entry.ts'), css: [], templates: [], workers: [], routes: ['/'] },
    ]);
  });

  it('has no client when those files are missing, and says so when routes name one', () => {
    expect(resolveClients(root)).toEqual([]);
    expect(() => resolveClients(root, undefined, { '/': 'main' })).toThrow(expect.objectContaining({ code: 'SS_ERR_INVALID_OPTION' }) as Error);
  });

  it('takes several clients, each at its routes, with their stylesheets and workers', () => {
    for (const f of ['client/views/main.html', 'client/views/admin.html', 'client/code/main/entry.ts', 'client/code/admin/entry.ts', 'client/css/app.css', 'client/workers/search.ts']) write(f);
    const clients = resolveClients(
      root,
      {
        main: { view: 'main.html', code: 'main/entry.ts', css: ['app.css'], workers: ['search.ts'], templates: ['chat'] },
        admin: { view: 'admin.html', code: 'admin/entry.ts' },
      },
      { '/': 'main', '/admin': 'admin' },
    );
    expect(clients.map((c) => [c.name, c.routes, c.css.length, c.workers.length, c.templates])).toEqual([
      ['main', ['/'], 1, 1, ['chat']],
      ['admin', ['/admin'], 0, 0, []],
    ]);
    expect(clientForPath(clients, '/')?.name).toBe('main');
    expect(clientForPath(clients, '/chat/room/7')?.name).toBe('main');
    expect(clientForPath(clients, '/admin')?.name).toBe('admin');
    expect(clientForPath(clients, '/admin/users/7')?.name).toBe('admin');
    expect(clientForPath(clients, '/administrator')?.name).toBe('main');
  });

  it.each([
    ['a missing view', { main: { view: 'nope.html', code: 'main/entry.ts' } }, {}, /clients: \{ main \} \}\)\.view: no file/],
    ['a view outside client/views', { main: { view: '../../secret', code: 'main/entry.ts' } }, {}, /must stay inside/],
    ['a route without a leading slash', { main: { view: 'main.html', code: 'main/entry.ts' } }, { admin: 'main' }, /"admin" must start with "\/"/],
    ['a route naming no client', { main: { view: 'main.html', code: 'main/entry.ts' } }, { '/x': 'other' }, /names client "other"/],
    ['a bad client name', { 'a b': { view: 'main.html', code: 'main/entry.ts' } }, {}, /"a b" is not a client name/],
  ])('refuses %s with SS_ERR_INVALID_OPTION naming it', (_what, clients, routes, message) => {
    write('client/views/main.html');
    write('client/code/main/entry.ts');
    expect(() => resolveClients(root, clients, routes)).toThrow(expect.objectContaining({ code: 'SS_ERR_INVALID_OPTION', message: expect.stringMatching(message) }) as Error);
  });

  it('serves no path when no route names a client, and / for a client named main without routes', () => {
    write('client/views/main.html');
    write('client/code/main/entry.ts');
    const clients = resolveClients(root, { admin: { view: 'main.html', code: 'main/entry.ts' } });
    expect(clientForPath(clients, '/')).toBeUndefined();
    expect(clientForPath(resolveClients(root, { main: { view: 'main.html', code: 'main/entry.ts' } }), '/')?.name).toBe('main');
  });
});
