import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_QUERY } from '../../src/yoga.ts';
import { type ChatgraphProcess, startChatgraph } from './support/chatgraph-process.ts';

/** Debian's Chromium (`apt-get install -y chromium`; `.ci/run` installs it when missing). */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = new URL('../output/graphiql.png', import.meta.url).pathname;

/** What an editor pane shows: the editor draws spaces as non-breaking ones. */
async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replaceAll('\u00a0', ' ');
}

describe('GraphiQL in a real browser', () => {
  let chatgraph: ChatgraphProcess;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    expect(
      existsSync(CHROMIUM),
      `Chromium not found at ${CHROMIUM}: install Debian's package (apt-get update && apt-get install -y chromium); .ci/run does this when it is missing`,
    ).toBe(true);
    chatgraph = await startChatgraph();
    profile = await mkdtemp(join(tmpdir(), 'chatgraph-chromium-'));
    // A persistent context is how Playwright takes a user data dir: a fresh one per run.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await chatgraph?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
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

    const page = browser.pages()[0] ?? (await browser.newPage());
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('requestfailed', (request) => failures.push(`${request.method()} ${request.url()}`));

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
