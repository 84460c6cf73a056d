import { type Browser, chromium, type Page } from 'playwright-core';
import app from '../../sample/app';
import { eventually } from '../support/eventually';

let browser: Browser;
let url: string;

beforeAll(async () => {
  url = await app.start();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
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

describe('the sample page in Chromium', () => {
  it('connects to its own origin, logs in, posts and lists a message', async () => {
    const page = await openPage();
    await page.fill('#send input', 'too early');
    await page.click('#send button');
    await page.locator('#error').filter({ hasText: 'UNAUTHENTICATED' }).waitFor();

    await page.fill('#login input', 'grace');
    await page.click('#login button');
    await page.locator('#user-name').filter({ hasText: 'grace' }).waitFor();
    await page.fill('#send input', 'hello from chromium');
    await page.click('#send button');
    await page.locator('#messages li').filter({ hasText: 'hello from chromium' }).waitFor();
    await page.context().close();
  });

  it('keeps the login across a reload, because the rotated session cookie reached the browser', async () => {
    const page = await openPage();
    const sessionCookie = async () => (await page.context().cookies()).find((c) => c.name === 'ss.sid');
    const anonymous = await sessionCookie();
    expect(anonymous).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await page.fill('#login input', 'linus');
    await page.click('#login button');
    await page.locator('#user-name').filter({ hasText: 'linus' }).waitFor();
    // The cookie refresh runs beside the login reply; wait until the browser holds the new cookie.
    await eventually(async () => expect((await sessionCookie())?.value).not.toBe(anonymous?.value));
    await page.reload();
    await page.locator('#status').filter({ hasText: 'connected (socket' }).waitFor();
    await page.locator('#user-name').filter({ hasText: 'linus' }).waitFor();
    await page.context().close();
  });

  it('shows a message posted in one browser in another one at once, through the room channel', async () => {
    const reader = await openPage();
    await reader.fill('#login input', 'reader');
    await reader.click('#login button');
    await reader.locator('#user-name').filter({ hasText: 'reader' }).waitFor();
    const writer = await openPage();
    await writer.fill('#login input', 'writer');
    await writer.click('#login button');
    await writer.locator('#user-name').filter({ hasText: 'writer' }).waitFor();
    await writer.fill('#send input', 'live over the channel');
    await writer.click('#send button');
    await reader.locator('#messages li').filter({ hasText: 'live over the channel' }).waitFor();
    await reader.context().close();
    await writer.context().close();
  });

  it('shows validation errors from the server', async () => {
    const page = await openPage();
    await page.fill('#login input', 'x');
    await page.click('#login button');
    await page.locator('#error').filter({ hasText: 'VALIDATION_FAILED' }).waitFor();
    await page.context().close();
  });
});
