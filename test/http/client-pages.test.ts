import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type App, createApp } from 'socketstream';

/** An app folder with one client, as `ss new` will make it. */
function appFolder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'ss-pages-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

const CLIENT = {
  'client/views/main.html': '<!doctype html><html><head><title>chat</title></head><body><ul id="list"></ul></body></html>',
  'client/code/main/entry.ts': [
    "import ss, { template } from 'socketstream/client';",
    "import { greeting } from '../../../shared/greeting';",
    "document.title = greeting + ' ' + template('chat/message')({ user: 'ada' });",
    'export default ss;',
  ].join('\n'),
  'shared/greeting.ts': "export const greeting: string = 'hello';",
  'client/templates/chat/message.html': '<li>{{user}}</li>',
  'client/css/app.css': '.list { .item { color: red } }',
  'client/static/robots.txt': 'User-agent: *',
};

describe("serving an app's clients", () => {
  let root: string;
  let app: App;
  let url: string;

  async function start(files: Record<string, string>, options: Parameters<typeof createApp>[0] = {}): Promise<void> {
    root = appFolder(files);
    app = createApp({ root, services: [], channels: [], responders: [], env: { NODE_ENV: 'test' }, logLevel: 'silent', ...options });
    url = await app.start();
  }

  afterEach(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the default client main at / with its stylesheet and script tags injected, and at sub-paths (pushState)', async () => {
    await start(CLIENT, { clients: { main: { view: 'main.html', code: 'main/entry.ts', css: ['app.css'] } } });
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<link rel="stylesheet" href="/_ss/assets/main/main.css"></head>');
    expect(html).toContain('<script type="module" src="/_ss/assets/main/main.js"></script></body>');
    const deep = await fetch(`${url}/rooms/lobby`, { headers: { accept: 'text/html' } });
    expect(await deep.text()).toBe(html);
  });

  it('bundles the code with the shared folder and the templates, and compiles the stylesheet', async () => {
    await start(CLIENT, { clients: { main: { view: 'main.html', code: 'main/entry.ts', css: ['app.css'] } } });
    const js = await fetch(`${url}/_ss/assets/main/main.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const code = await js.text();
    expect(code).toContain('hello');
    expect(code).toContain('chat/message');
    expect(code).not.toMatch(/new Function|\beval\(/);
    const css = await (await fetch(`${url}/_ss/assets/main/main.css`)).text();
    expect(css).toMatch(/\.list \.item\s*\{\s*color: red/);
    expect(css).toContain('/*# sourceMappingURL=main.css.map */');
    const map = (await (await fetch(`${url}/_ss/assets/main/main.css.map`)).json()) as { sources: string[] };
    expect(map.sources).toEqual([join(root, 'client/css/app.css')]);
  });

  it('bundles each worker on its own and tells the page where it is, for ss.worker(name)', async () => {
    await start(
      { ...CLIENT, 'client/workers/search.ts': "self.onmessage = (e: MessageEvent) => self.postMessage(String(e.data).toUpperCase() + '-searched');" },
      { clients: { main: { view: 'main.html', code: 'main/entry.ts', workers: ['search.ts'] } } },
    );
    const worker = await fetch(`${url}/_ss/assets/main/workers/search.js`);
    expect(worker.headers.get('content-type')).toMatch(/javascript/);
    expect(await worker.text()).toContain('-searched');
    const main = await (await fetch(`${url}/_ss/assets/main/main.js`)).text();
    expect(main).toContain('/_ss/assets/main/workers/search.js');
    // Registered before the entry's own code runs, so it may call ss.worker at once.
    expect(main.indexOf('/_ss/assets/main/workers/search.js')).toBeLessThan(main.indexOf('document.title'));
    expect((await fetch(`${url}/_ss/assets/main/workers/nope.js`)).status).toBe(404);
  });

  it("gives a client only the template folders it lists, addressed by their whole path", async () => {
    await start(
      { ...CLIENT, 'client/templates/admin/panel.html': '<section>admin only</section>' },
      { clients: { main: { view: 'main.html', code: 'main/entry.ts', templates: ['chat'] } } },
    );
    const code = await (await fetch(`${url}/_ss/assets/main/main.js`)).text();
    expect(code).toContain('chat/message');
    expect(code).not.toContain('admin only');
  });

  it('serves client/static as is, and a missing file is a 404, not the page', async () => {
    await start(CLIENT);
    expect(await (await fetch(`${url}/robots.txt`)).text()).toBe('User-agent: *');
    expect((await fetch(`${url}/missing.png`, { headers: { accept: 'text/html' } })).status).toBe(404);
  });

  it("lets the app's own routes win, even added after createApp", async () => {
    root = appFolder(CLIENT);
    app = createApp({ root, services: [], channels: [], responders: [], env: { NODE_ENV: 'test' }, logLevel: 'silent' });
    app.http.use(async (ctx, next) => {
      if (ctx.path === '/api/hello') ctx.body = { hello: 'world' };
      else await next();
    });
    url = await app.start();
    expect(await (await fetch(`${url}/api/hello`, { headers: { accept: 'text/html' } })).json()).toEqual({ hello: 'world' });
  });

  it('answers 500 without the compile error in production, where it is only logged', async () => {
    await start({ ...CLIENT, 'client/code/main/entry.ts': 'const x = ;' }, { production: true, session: { secret: 'a test secret of enough length' } });
    const broken = await fetch(url, { headers: { accept: 'text/html' } });
    expect(broken.status).toBe(500);
    expect(await broken.text()).toBe('Internal Server Error');
  });

  it('answers 500 naming the file and line when the code does not compile, and recovers once it does', async () => {
    await start({ ...CLIENT, 'client/code/main/entry.ts': 'const x = ;' });
    const broken = await fetch(url, { headers: { accept: 'text/html' } });
    expect(broken.status).toBe(500);
    expect(await broken.text()).toMatch(/client\/code\/main\/entry\.ts:1:/);
    // A failed build is not kept: the next request builds again.
    writeFileSync(join(root, 'client/code/main/entry.ts'), 'export const x = 1;');
    expect((await fetch(url, { headers: { accept: 'text/html' } })).status).toBe(200);
  });
});
