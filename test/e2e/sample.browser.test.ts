import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import app from '../../sample/app';
import { eventually } from '../support/eventually';

let browser: Browser;
let url: string;

beforeAll(async () => {
  url = await app.start();
  browser = await launchChromium();
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await app.close();
});

async function openPage(): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('#status').filter({ hasText: 'connected (socket' }).waitFor();
  return page;
}

async function logIn(page: Page, name: string): Promise<void> {
  await page.fill('#login input', name);
  await page.click('#login button');
  await page.locator('#user-name').filter({ hasText: name }).waitFor();
}

async function post(page: Page, text: string): Promise<void> {
  await page.fill('#send input', text);
  await page.click('#send button');
}

describe('the sample page in Chromium', () => {
  it('connects to its own origin, logs in, posts and lists a message', async () => {
    const page = await openPage();
    await post(page, 'too early');
    await page.locator('#error').filter({ hasText: 'UNAUTHENTICATED' }).waitFor();

    await logIn(page, 'grace');
    await post(page, 'hello from chromium');
    await page.locator('#messages li').filter({ hasText: 'hello from chromium' }).waitFor();
    // The latency responder's echo, over the same socket as the calls.
    await page.locator('#latency').filter({ hasText: /round trip \d+ ms/ }).waitFor();
    await page.context().close();
  });

  it('keeps the login across a reload, because the rotated session cookie reached the browser', async () => {
    const page = await openPage();
    const sessionCookie = async () => (await page.context().cookies()).find((c) => c.name === 'ss.sid');
    const anonymous = await sessionCookie();
    expect(anonymous).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await logIn(page, 'linus');
    // The cookie refresh runs beside the login reply; wait until the browser holds the new cookie.
    await eventually(async () => expect((await sessionCookie())?.value).not.toBe(anonymous?.value));
    await page.reload();
    await page.locator('#status').filter({ hasText: 'connected (socket' }).waitFor();
    await page.locator('#user-name').filter({ hasText: 'linus' }).waitFor();
    await page.context().close();
  });

  it('shows a message posted in one browser in another one at once, through the room channel', async () => {
    const reader = await openPage();
    await logIn(reader, 'reader');
    const writer = await openPage();
    await logIn(writer, 'writer');
    await post(writer, 'live over the channel');
    await reader.locator('#messages li').filter({ hasText: 'live over the channel' }).waitFor();
    await reader.context().close();
    await writer.context().close();
  });

  it('renders messages through its @View template, counts words in a worker, and checks the shared DTO in the browser in a lazy chunk', async () => {
    const page = await openPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await logIn(page, 'ada');
    await page.fill('#send input', 'three little words');
    await page.locator('#words').filter({ hasText: '3 words' }).waitFor();
    expect(page.workers().map((worker) => new URL(worker.url()).pathname)).toContain('/_ss/assets/main/workers/words.js');

    // Empty: refused by the DTO's @Length(1, 500) before any call, from a chunk loaded on demand.
    await page.fill('#send input', '');
    await page.click('#send button');
    await page.locator('#error').filter({ hasText: 'not sent: text must be longer than or equal to 1 characters' }).waitFor();
    expect(scripts.some((path) => path.startsWith('/_ss/assets/main/chunks/validate-'))).toBe(true);

    // The template escapes: markup in a message stays text.
    await post(page, '<i>escaped</i>');
    const item = page.locator('#messages li').filter({ hasText: '<i>escaped</i>' });
    await item.waitFor();
    expect(await item.locator('b').textContent()).toBe('ada');
    expect(await item.locator('i').count()).toBe(0);
    await page.context().close();
  });

  it('shows validation errors from the server', async () => {
    const page = await openPage();
    await page.fill('#login input', 'x');
    await page.click('#login button');
    await page.locator('#error').filter({ hasText: 'VALIDATION_FAILED' }).waitFor();
    await page.context().close();
  });
});
