import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import helmet from 'helmet';
import { type Browser } from 'playwright-core';
import { type App, createApp } from 'socketstream';
import { launchChromium } from '../support/chromium';

describe('a page under a strict Content-Security-Policy (helmet: script-src self, no unsafe-eval)', () => {
  let root: string;
  let app: App;
  let browser: Browser;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ss-csp-'));
    const files: Record<string, string> = {
      'client/views/main.html': '<!doctype html><html><head><title>csp</title></head><body><ul id="list"></ul></body></html>',
      'client/templates/item.html': '<li class="item">{{#each tags}}<i>{{this}}</i>{{/each}} {{name}}</li>',
      'client/code/main/entry.ts': [
        "import ss, { Component } from 'socketstream/client';",
        "import { View } from 'socketstream/decorators';",
        "@View({ template: 'item' })",
        'class Item extends Component<{ name: string; tags: string[] }> {}',
        "(document.getElementById('list') as HTMLElement).append(new Item().render({ name: '<b>ada</b>', tags: ['a', 'b'] }));",
        "ss.server.on('ready', () => (document.body.dataset.ready = 'yes'));",
      ].join('\n'),
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    app = createApp({ root, services: [], channels: [], responders: [], env: { NODE_ENV: 'test' }, logLevel: 'silent', liveReload: false });
    app.useConnect(helmet());
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('renders its templates and connects its socket with no policy violation', async () => {
    const url = await app.start();
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|unsafe-eval/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(url);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await page.waitForSelector('body[data-ready="yes"]');
    expect(await page.locator('#list li.item').innerHTML()).toBe('<i>a</i><i>b</i> &lt;b&gt;ada&lt;/b&gt;');
    expect(violations).toEqual([]);
  });
});
