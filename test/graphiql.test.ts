import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, sendMessage } from './helpers/chat.js';
import { startServer, type TestServer } from './helpers/server.js';
import { signUpUser, uniqueUsername } from './helpers/users.js';

const CHROMIUM = '/usr/bin/chromium';
/** Generous: the page is some 9 MB of script, and CI machines are shared. */
// Generous: the suite runs this next to every other file on two cores.
const POLL = { timeout: 30_000 };

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

/** Every address the page's HTML, CSS and scripts would load from: attributes, url() and @import. */
function loadedAddresses(html: string): string[] {
  const attributes = [...html.matchAll(/\s(?:src|href|action|srcset)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]!);
  const cssUrls = [...html.matchAll(/url\(\s*["']?([^"')]*)/gi)].map((m) => m[1]!);
  const imports = [...html.matchAll(/@import\s+["']([^"']*)/gi)].map((m) => m[1]!);
  const modules = [...html.matchAll(/\bimport\s*\(\s*["'](https?:[^"']*)/gi)].map((m) => m[1]!);
  return [...attributes, ...cssUrls, ...imports, ...modules];
}

describe('GraphiQL', () => {
  it('is served from our own packages: the page loads nothing from another origin', async () => {
    const response = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('renderYogaGraphiQL');
    expect(html).toContain('graphqlWs'); // the WebSocket client, inlined
    const external = loadedAddresses(html).filter((address) => /^(https?:)?\/\//i.test(address.trim()));
    expect(external).toEqual([]);
    expect(html).not.toMatch(/unpkg\.com|jsdelivr|cdnjs|esm\.sh/);
    // The first chat is the default document.
    expect(html).toContain('mutation SignUp');
    expect(html).toContain('subscription MessageAdded');
  });

  describe.skipIf(!existsSync(CHROMIUM))('in headless Chromium, offline', () => {
    let browser: Browser;
    let page: Page;
    /** Requests the page tried to send anywhere but the server: each was refused. */
    const elsewhere: string[] = [];

    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.route('**/*', (route) => {
        if (new URL(route.request().url()).origin === server.origin) return route.continue();
        elsewhere.push(route.request().url());
        return route.abort();
      });
      await page.goto(server.url);
      await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 20_000 });
    }, 40_000);
    afterAll(() => browser?.close());

    it('renders the editor with the first-chat tabs, with no request to another origin', async () => {
      // Each tab is named after its first operation.
      const tabs = page.locator('.graphiql-tab');
      await expect.poll(() => tabs.count(), POLL).toBe(2);
      expect(await tabs.first().textContent()).toContain('SignUp');
      expect(await tabs.last().textContent()).toContain('MessageAdded');
      expect(elsewhere).toEqual([]);
    });

    it('runs a signUp and keeps the operation, password included, out of the URL', async () => {
      const username = uniqueUsername('giql');
      const password = 'graphiql secret passphrase';
      await replaceEditorText(
        page,
        '.graphiql-query-editor',
        `mutation { signUp(input: { username: "${username}", password: "${password}" }) { user { username } } }`,
        'graphiql:query',
      );
      const answered = page.waitForResponse((response) => !!response.request().postData()?.includes(username));
      await page.locator('.graphiql-execute-button').click();
      expect(await (await answered).json()).toEqual({ data: { signUp: { user: { username } } } });
      await expect.poll(() => responseText(page), POLL).toContain(username);
      const url = new URL(page.url());
      expect(url.search).toBe('');
      expect(decodeURIComponent(page.url())).not.toContain(password);
    });

    it("subscribes over the WebSocket, signed in by the Headers tab's Authorization", async () => {
      const owner = await signUpUser(server.url, 'giql');
      const roomId = await createGroup(server.url, owner, [], 'graphiql room');
      const sentFrames: string[] = [];
      page.on('websocket', (socket) => socket.on('framesent', (frame) => sentFrames.push(String(frame.payload))));
      // As a user would paste it: capitalised, as in an HTTP header.
      await page.getByRole('button', { name: 'Headers' }).click();
      const headers = `{ "Authorization": "Bearer ${owner.token}" }`;
      await replaceEditorText(page, '.graphiql-editor-tool', headers, 'graphiql:headers');
      await replaceEditorText(
        page,
        '.graphiql-query-editor',
        `subscription { messageAdded(roomId: "${roomId}") { body } }`,
        'graphiql:query',
      );
      await runSubscription(page, () => sentFrames.some((frame) => frame.includes('"subscribe"')));
      const init = JSON.parse(sentFrames.find((frame) => frame.includes('connection_init'))!);
      expect(init.payload).toEqual({ authorization: `Bearer ${owner.token}` });
      await sendMessage(server.url, owner, roomId, 'hello from node');
      await expect.poll(() => responseText(page), POLL).toContain('hello from node');
      expect(elsewhere).toEqual([]);
    }, 120_000);
  });
});

/**
 * Runs the editor's subscription until `subscribed()`. The Headers tab's edit is applied before
 * (replaceEditorText waits for it); should a run still go out without the token, the server closes
 * its socket (4403), and it runs again.
 */
async function runSubscription(page: Page, subscribed: () => boolean): Promise<void> {
  let closedSockets = 0;
  page.on('websocket', (socket) => socket.on('close', () => closedSockets++));
  for (let attempt = 0; attempt < 5 && !subscribed(); attempt++) {
    const closedBefore = closedSockets;
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => subscribed() || closedSockets > closedBefore, POLL).toBe(true);
  }
  expect(subscribed()).toBe(true);
}

/** The response pane's text (Monaco shows spaces as no-break spaces). */
async function responseText(page: Page): Promise<string> {
  return ((await page.locator('.graphiql-response').textContent()) ?? '').replace(/\u00a0/g, ' ');
}

/**
 * Replaces a Monaco editor's text the way a paste would (typing would trigger auto-closing
 * brackets), then waits until GraphiQL has applied it: it does so a moment later (a debounce),
 * and a run started before would execute the previous text (the default tab's several operations
 * open a chooser instead of a request). Applied text is what GraphiQL stores under `storageKey`.
 */
async function replaceEditorText(page: Page, container: string, text: string, storageKey: string): Promise<void> {
  await page.locator(`${container} .monaco-editor:visible .view-lines`).first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), storageKey), POLL).toBe(text);
}
