import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InboxChatsDocument,
  type InboxChatsQuery,
} from '../../examples/web-inbox/generated/graphql.ts';
import { generateDataset } from '../../src/sandbox/index.ts';
import {
  type ChatgraphProcess,
  sandboxUrlOf,
  startChatgraph,
} from '../ops/support/chatgraph-process.ts';
import { type Browser, launchBrowser } from '../support/browser.ts';
import { listedChatId } from '../support/issued-ids.ts';
import { type RunningExample, startServerExample } from './example-process.ts';

const SCREENSHOT = new URL('../output/web-inbox.png', import.meta.url).pathname;

/** The sandbox's chat behind each chat id the gateway issues: the account handle and chat id. */
const SANDBOX_CHATS = new Map(
  generateDataset().accounts.flatMap((account) =>
    account.chats.map((chat) => [
      listedChatId(account, chat),
      { account: account.handle, chat: chat.id },
    ]),
  ),
);

/** What an inbox row of the page shows. */
interface ShownRow {
  id: string;
  unread: string;
  lastMessage: string;
}

function shownRows(page: Page): Promise<ShownRow[]> {
  return page.locator('#inbox li').evaluateAll((items) =>
    (items as HTMLElement[]).map((item) => ({
      id: item.dataset.chatId ?? '',
      unread: item.dataset.unread ?? '',
      lastMessage: item.querySelector('.last-message')?.textContent ?? '',
    })),
  );
}

describe('examples/web-inbox: the live inbox in a real browser, on `npm start` in sandbox mode', () => {
  let chatgraph: ChatgraphProcess;
  let example: RunningExample;
  let browser: Browser;
  let page: Page;
  let inbox: InboxChatsQuery['inbox'];
  const failures: string[] = [];

  beforeAll(async () => {
    // Sandbox mode: the embedded sandbox delivers signed webhooks to this gateway.
    chatgraph = await startChatgraph();
    const started = await startServerExample(
      'web-inbox',
      { CHATGRAPH_URL: chatgraph.origin },
      /web inbox on (http:\/\/\S+) /,
    );
    example = started.example;
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('requestfailed', (request) => failures.push(`${request.method()} ${request.url()}`));
    const answer = await fetch(chatgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: InboxChatsDocument.toString(), variables: { first: 30 } }),
    });
    inbox = ((await answer.json()) as { data: InboxChatsQuery }).data.inbox;
    await page.goto(started.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await example?.stop();
    await chatgraph?.stop();
  });

  it('shows the unified inbox as chatgraph answers it, and goes live', async () => {
    await page.locator('#live-status[data-state="live"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => shownRows(page), { timeout: 10_000 }).toHaveLength(inbox.edges.length);
    const rows = await shownRows(page);
    expect(rows.map((row) => row.id)).toEqual(inbox.edges.map((edge) => edge.node.id));
    const first = inbox.edges[0]!.node;
    expect(rows[0]!.unread).toBe(String(first.unreadCount));
    expect(rows[0]!.lastMessage).toContain(first.lastMessage!.text);
  });

  // A read chat that takes replies, below the top: a fan's message must move it up.
  const chosen = () =>
    inbox.edges
      .slice(1)
      .map((edge) => edge.node)
      .find((chat) => chat.unreadCount === 0 && chat.capabilities.canSendMessage)!;

  it('a simulated fan message appears in the open thread within 1 s of the webhook, and its chat moves to the top', async () => {
    const chat = chosen();
    await page.locator(`#inbox li[data-chat-id="${chat.id}"] button`).click();
    await page.locator(`#thread[data-chat-id="${chat.id}"][data-state="ready"]`).waitFor();

    const text = `Are you there? ${randomUUID().slice(0, 8)}`;
    const simulated = await fetch(`${sandboxUrlOf(chatgraph)}/_sandbox/simulate/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...SANDBOX_CHATS.get(chat.id)!, text }),
    });
    expect(simulated.status, await simulated.clone().text()).toBe(201);
    // The sandbox has written the message and sends its webhook: the page shows it within 1 s.
    await page.locator('#messages li.from-fan', { hasText: text }).waitFor({ timeout: 1_000 });

    await expect
      .poll(async () => (await shownRows(page))[0], { timeout: 5_000 })
      .toEqual({ id: chat.id, unread: '1', lastMessage: text });
  });

  it('a reply sent from the page shows once, though chatgraph also tells it live', async () => {
    const chat = chosen();
    const status = page.locator('#live-status');
    const heard = Number(await status.getAttribute('data-heard'));
    const reply = `On my way ${randomUUID().slice(0, 8)}`;
    await page.locator('#reply textarea').fill(reply);
    await page.locator('#reply button').click();

    const shown = page.locator('#messages li.from-creator', { hasText: reply });
    await shown.waitFor({ timeout: 5_000 });
    // The send's own messageAdded has arrived, and the thread still shows the reply once.
    await expect
      .poll(async () => Number(await status.getAttribute('data-heard')), { timeout: 5_000 })
      .toBeGreaterThan(heard);
    expect(await page.locator('#messages li', { hasText: reply }).count()).toBe(1);
    await expect
      .poll(async () => (await shownRows(page))[0], { timeout: 5_000 })
      .toMatchObject({ id: chat.id, lastMessage: `You: ${reply}` });
    expect(await page.locator('#reply textarea').inputValue()).toBe('');

    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(failures).toEqual([]);
  });
});
