import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_QUERY } from '../../src/server/graphiql.ts';
import { type Browser, launchBrowser } from '../support/browser.ts';
import { type ChatgraphProcess, startChatgraph } from './support/chatgraph-process.ts';

const SCREENSHOT = new URL('../output/graphiql.png', import.meta.url).pathname;

/** What an editor pane shows: the editor draws spaces as non-breaking ones. */
async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replaceAll('\u00a0', ' ');
}

describe('GraphiQL in a real browser', () => {
  let chatgraph: ChatgraphProcess;
  let browser: Browser;

  beforeAll(async () => {
    chatgraph = await startChatgraph();
    // The Chromium that `npm install` brings (@sparticuz/chromium), never the system's.
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await chatgraph?.stop();
  });

  it('runs the example query and shows the chats in the result pane', async () => {
    const expected = await fetch(chatgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: EXAMPLE_QUERY }),
    }).then(
      (response) =>
        response.json() as Promise<{
          data: {
            connectedAccounts: Array<{
              externalId: string;
              chats: { edges: Array<{ node: { partner: { username: string } } }> };
            }>;
          };
        }>,
    );
    const first = expected.data.connectedAccounts[0]!;

    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('requestfailed', (request) => failures.push(`${request.method()} ${request.url()}`));

    // Not the system's Chromium: the one unpacked from node_modules.
    expect(browser.executablePath).toMatch(/chatgraph-chromium-[\d.]+\/chromium$/);
    await page.goto(chatgraph.url);
    const execute = page.locator('.graphiql-execute-button');
    await execute.waitFor({ state: 'visible', timeout: 20_000 });
    // The editor opens with the example query.
    await expect
      .poll(() => textOf(page.locator('.graphiql-query-editor')), { timeout: 10_000 })
      .toContain('query Inbox');
    await execute.click();

    const result = page.locator('.graphiql-response');
    await expect.poll(() => textOf(result), { timeout: 20_000 }).toContain('"edges"');
    const text = await textOf(result);
    expect(text).toContain('"connectedAccounts"');
    expect(text).toContain(first.externalId);
    expect(text).toContain(first.chats.edges[0]!.node.partner.username);
    expect(text).not.toContain('"errors"');

    await mkdir(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
    // Everything GraphiQL needs is served inline by chatgraph: nothing failed to load.
    expect(failures).toEqual([]);
  }, 60_000);
});
