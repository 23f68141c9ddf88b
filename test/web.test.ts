import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, launchChromium, screenshot } from './helpers/browser.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from './helpers/database.js';
import { startServer, type TestServer } from './helpers/server.js';
import { createWebAppHandler } from '../src/transport/web-app.js';
import {
  emptyTimeline,
  timelineReducer,
  type ChatMessage,
  type Timeline,
} from '../examples/web/src/features/room/message-state.js';

const WAIT_MS = 15_000;
/** The client library backs off up to 30 s between attempts while the API is down. */
const RECONNECT_MS = 45_000;
const PASSWORD = 'correct horse battery';
const HISTORY = Array.from({ length: 32 }, (_, i) => `history ${i + 1}`);

const cleanups: Array<() => Promise<unknown> | unknown> = [];
let webDir: string;
let database: TestDatabase;
let api: TestServer;
let origin: string;
let browser: Browser;

/** The API on the test's database; on `port` when given, so a restart comes back where it was. */
async function startApi(port?: number): Promise<TestServer> {
  const env: Record<string, string> = { WEB_DIR: webDir, ...(port ? { PORT: String(port) } : {}) };
  return startServer({ env, databaseUrl: database.url, keepDatabase: true });
}

/** The API serves the built app itself (WEB_DIR): one origin, as the refresh cookie needs. */
async function sameOrigin(server: TestServer): Promise<string> {
  const answer = await fetch(`${server.origin}/`);
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
  return server.origin;
}

async function openApp(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.warn('page error:', error.message));
  await page.goto(origin);
  return page;
}

async function signUp(page: Page, username: string) {
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect.poll(() => page.locator('.viewer').textContent(), { timeout: WAIT_MS }).toBe(username);
}

const composer = (page: Page) => page.getByPlaceholder('Write a message');
const delivered = (page: Page) => page.locator('.messages [data-message-id]');
const bodies = (page: Page) => page.locator('.messages [data-message-id] .body').allTextContents();
const status = (page: Page) => page.locator('.connection').getAttribute('data-status');

async function send(page: Page, body: string) {
  await composer(page).fill(body);
  await composer(page).press('Enter');
}

/** Waits until `locator` has text matching `text` (Playwright's own expect is not used here). */
async function seen(locator: Locator, text: string | RegExp) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: WAIT_MS });
}

/** The delivered messages of the open room, once they are `expected` and nothing is pending. */
async function showsExactly(page: Page, expected: string[]) {
  await expect.poll(() => bodies(page), { timeout: WAIT_MS }).toEqual(expected);
  expect(await page.locator('.message.pending').count()).toBe(0);
  const ids = await delivered(page).evaluateAll((items) => items.map((item) => item.getAttribute('data-message-id')));
  expect(new Set(ids).size).toBe(expected.length);
}

const BEFORE_RESTART = ['Hi Alice', 'Hi Bob, how are you?', 'Message deleted'];
const AFTER_RESTART = ['Back after the restart', 'Still here', 'Good'];

/** Bob finds Alice and asks; Alice accepts and opens their room. */
async function befriendAndOpenRoom(alice: Page, bob: Page) {
  await bob.getByLabel('Find people by username').fill('ali');
  await bob.locator('.user-search [data-username="alice"]').getByRole('button', { name: 'Add friend' }).click();
  await alice.locator('.requests [data-username="bob"]').getByRole('button', { name: 'Accept' }).click();
  await alice.locator('.friend-list [data-username="bob"]').getByRole('button', { name: 'Message' }).click();
  await alice.waitForURL(/\/rooms\//);
  await composer(alice).waitFor();
}

/** Alice writes more than a page; Bob sees the badge, opens the room and scrolls to its start. */
async function scrollBackThroughHistory(alice: Page, bob: Page) {
  for (const body of HISTORY) await send(alice, body);
  await showsExactly(alice, HISTORY);
  const bobsRoom = bob.locator('.room-item', { hasText: 'alice' });
  await seen(bobsRoom.locator('.badge'), String(HISTORY.length));
  await screenshot(bob, '1-unread-badge');

  await bobsRoom.click();
  await seen(delivered(bob), `history ${HISTORY.length}`);
  expect(await delivered(bob).count()).toBe(30);
  await bob.locator('.messages').evaluate((list) => (list.scrollTop = 0));
  await seen(bob.locator('.history-edge'), 'The beginning of this conversation');
  await showsExactly(bob, HISTORY);
  await bob.locator('.messages').evaluate((list) => (list.scrollTop = list.scrollHeight));
  await expect.poll(() => bobsRoom.locator('.badge').count(), { timeout: WAIT_MS }).toBe(0);
}

/** Typing, both ways of chatting, an edit and a deletion (BEFORE_RESTART). */
async function chat(alice: Page, bob: Page) {
  await composer(bob).fill('Hi Alice');
  await seen(alice.locator('.typing'), 'bob is typing…');
  await screenshot(alice, '2-typing');
  await composer(bob).press('Enter');
  await seen(delivered(alice), 'Hi Alice');
  await send(alice, 'Hi Bob, hwo are you?');
  await seen(delivered(bob), 'hwo are you');
  await alice.locator('.message', { hasText: 'hwo are you' }).getByRole('button', { name: 'Edit' }).click();
  await alice.getByLabel('Edit message').fill('Hi Bob, how are you?');
  await alice.getByLabel('Edit message').press('Enter');
  await seen(bob.locator('.message', { hasText: 'how are you' }).locator('.edited'), 'edited');
  await send(alice, 'sent to the wrong room');
  await seen(delivered(bob), 'sent to the wrong room');
  const wrong = alice.locator('.message', { hasText: 'sent to the wrong room' });
  await wrong.getByRole('button', { name: 'Delete' }).click();
  await seen(bob.locator('.message.deleted'), 'Message deleted');
  await screenshot(bob, '3-edited-and-deleted');
}

/** The API restarts on the same port and database while the pages stay open (AFTER_RESTART). */
async function restartApi(alice: Page, bob: Page) {
  const port = Number(new URL(api.origin).port);
  await api.stop();
  await Promise.all(
    [alice, bob].map((page) => expect.poll(() => status(page), { timeout: WAIT_MS }).toBe('reconnecting')),
  );
  await screenshot(bob, '4-reconnecting');
  api = await startApi(port);
  await expect.poll(() => status(alice), { timeout: RECONNECT_MS }).toBe('online');
  // Bob may still be reconnecting: his stream must replay this, once.
  await send(alice, 'Back after the restart');
  await delivered(bob).filter({ hasText: 'Back after the restart' }).waitFor({ timeout: RECONNECT_MS });
  await expect.poll(() => status(bob), { timeout: RECONNECT_MS }).toBe('online');
  await send(bob, 'Still here');
  await seen(delivered(alice), 'Still here');
  await send(alice, 'Good');
}

describe('the web app in Chromium', () => {
  beforeAll(async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'chat-web-'));
    cleanups.push(() => rmSync(scratch, { recursive: true, force: true }));
    webDir = path.join(scratch, 'dist');
    mkdirSync(webDir);
    const dataDir = path.join(scratch, 'pglite');
    // The build, the browser and the API start side by side: the app's files are read per request.
    const firstStart = async () => {
      database = postgresUrl ? await createTestDatabase() : { url: `file://${dataDir}`, drop: async () => {} };
      cleanups.push(() => database.drop());
      return startApi();
    };
    [, browser, api] = await Promise.all([buildWebApp(webDir), launchChromium(), firstStart()]);
    cleanups.push(() => browser.close());
    origin = await sameOrigin(api);
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('lets two people befriend each other and chat, through edits, deletions, typing and an API restart', async () => {
    const [alice, bob] = await Promise.all([openApp(), openApp()]);
    await Promise.all([signUp(alice, 'alice'), signUp(bob, 'bob')]);
    await befriendAndOpenRoom(alice, bob);
    await scrollBackThroughHistory(alice, bob);
    await chat(alice, bob);
    await restartApi(alice, bob);
    const conversation = [...HISTORY, ...BEFORE_RESTART, ...AFTER_RESTART];
    await Promise.all([showsExactly(alice, conversation), showsExactly(bob, conversation)]);
    await screenshot(alice, '5-alice-after-restart');
    await screenshot(bob, '6-bob-after-restart');

    // A reload keeps no token in the page: Bob signs back in with the refresh cookie, on the
    // room's own URL (the server answers it with the app), and pages back through it all.
    await bob.reload();
    await expect.poll(() => bob.locator('.viewer').textContent(), { timeout: WAIT_MS }).toBe('bob');
    await seen(delivered(bob), 'Good');
    await bob.locator('.messages').evaluate((list) => (list.scrollTop = 0));
    await showsExactly(bob, conversation);
  }, 180_000);
});

describe('createWebAppHandler', () => {
  let root: string;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'chat-web-app-'));
    const dist = path.join(root, 'dist');
    mkdirSync(path.join(dist, 'assets'), { recursive: true });
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(path.join(dist, '.env'), 'SECRET=1');
    writeFileSync(path.join(root, 'secret.txt'), 'outside');
    symlinkSync(path.join(root, 'secret.txt'), path.join(dist, 'linked.txt'));
    symlinkSync(path.join(dist, 'loop-b.js'), path.join(dist, 'loop-a.js'));
    symlinkSync(path.join(dist, 'loop-a.js'), path.join(dist, 'loop-b.js'));
    symlinkSync(path.join(dist, 'loop-b'), path.join(dist, 'loop-a'));
    symlinkSync(path.join(dist, 'loop-a'), path.join(dist, 'loop-b'));
    const handler = createWebAppHandler(dist);
    // What the handler leaves alone answers 418, so the test sees it was left alone.
    const server = createServer((req, res) => handler(req, res) || res.writeHead(418).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });

  afterAll(async () => {
    await close?.();
    rmSync(root, { recursive: true, force: true });
  });

  /** A GET with the path exactly as written (fetch would normalise dot segments away). */
  function get(rawPath: string, method = 'GET') {
    return new Promise<{ status: number; type?: string; cache?: string; body: string }>((resolve, reject) => {
      const req = httpRequest(`${base}${rawPath}`, { method, path: rawPath }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            type: res.headers['content-type'],
            cache: res.headers['cache-control'],
            body,
          }),
        );
      });
      req.on('error', reject).end();
    });
  }

  it('serves files with their content type, and hashed assets as immutable', async () => {
    const index = await get('/');
    expect(index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', cache: 'no-cache' });
    const script = await get('/assets/app-1234.js');
    expect(script).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1)' });
    expect(script.cache).toContain('immutable');
    expect(await get('/assets/app-1234.js', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });

  it('answers the app’s routes with index.html, and a missing file with 404', async () => {
    expect(await get('/rooms/Um9vbToz')).toMatchObject({ status: 200, body: expect.stringContaining('<title>app') });
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('never serves a file outside its directory, nor a dotfile', async () => {
    for (const attempt of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
    ]) {
      const answer = await get(attempt);
      expect(answer.body, attempt).not.toContain('outside');
    }
    expect((await get('/.env')).body).not.toContain('SECRET');
    expect((await get('/%00')).status).toBe(404);
  });

  it('follows no link out of its directory', async () => {
    const linked = await get('/linked.txt');
    expect(linked.status).toBe(404);
    expect(linked.body).not.toContain('outside');
  });

  it('answers paths the file system refuses (ENOTDIR, ENAMETOOLONG, ELOOP) and keeps serving', async () => {
    // Thrown by stat, any of these would end the process. Extensionless ones are app routes.
    for (const attempt of ['/assets/app-1234.js/x.js', `/${'a'.repeat(300)}.js`, '/loop-a.js']) {
      expect((await get(attempt)).status, attempt).toBe(404);
    }
    for (const attempt of ['/index.html/x', `/${'a'.repeat(300)}`, '/loop-a', '/loop-a/x']) {
      expect(await get(attempt), attempt).toMatchObject({ status: 200, body: expect.stringContaining('<title>app') });
    }
    expect((await get('/')).status).toBe(200);
  });

  it('leaves the API’s paths and other methods to the API', async () => {
    for (const apiPath of ['/graphql', '/graphql?query=%7Bme%7D', '/health', '/ready']) {
      expect((await get(apiPath)).status, apiPath).toBe(418);
    }
    expect((await get('/', 'POST')).status).toBe(418);
  });
});

describe('the timeline of a room (examples/web)', () => {
  const message = (id: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
    id,
    cursor: `c${id}`,
    body: `body ${id}`,
    clientId: null,
    createdAt: '2026-01-01T00:00:00Z',
    editedAt: null,
    deletedAt: null,
    sender: { id: 'u1', displayName: 'alice' },
    threadRoot: null,
    ...extra,
  });
  const page = (ids: string[], hasPreviousPage: boolean) => ({
    edges: ids.map((id) => ({ node: message(id) })),
    pageInfo: { hasPreviousPage, startCursor: `c${ids[0]}`, endCursor: `c${ids.at(-1)}` },
  });
  const ids = (timeline: Timeline) => timeline.messages.map((each) => each.id);

  it('shows each message once, in the order the server delivered it', () => {
    let timeline = timelineReducer(emptyTimeline, { type: 'older', page: page(['3', '4'], true) });
    timeline = timelineReducer(timeline, { type: 'added', message: message('4') });
    timeline = timelineReducer(timeline, { type: 'added', message: message('5') });
    timeline = timelineReducer(timeline, { type: 'older', page: page(['1', '2', '3'], false) });
    expect(ids(timeline)).toEqual(['1', '2', '3', '4', '5']);
    expect(timeline.olderCursor).toBeNull();
  });

  it('keeps a sent message pending until the stream delivers it, and leaves thread replies out', () => {
    let timeline = timelineReducer(emptyTimeline, {
      type: 'sending',
      pending: { clientId: 'k1', body: 'hi', failed: false },
    });
    timeline = timelineReducer(timeline, { type: 'added', message: message('9', { threadRoot: { id: '1' } }) });
    expect(timeline.pending).toHaveLength(1);
    timeline = timelineReducer(timeline, { type: 'added', message: message('10', { clientId: 'k1' }) });
    expect(timeline.pending).toEqual([]);
    expect(ids(timeline)).toEqual(['10']);
  });

  it('replaces edited and deleted messages in place, and ignores ones not on screen', () => {
    let timeline = timelineReducer(emptyTimeline, { type: 'older', page: page(['1', '2'], false) });
    timeline = timelineReducer(timeline, { type: 'updated', message: message('1', { body: 'edited' }) });
    timeline = timelineReducer(timeline, { type: 'refreshed', messages: [message('2', { body: '' }), message('3')] });
    expect(timeline.messages.map((each) => each.body)).toEqual(['edited', '']);
  });
});
