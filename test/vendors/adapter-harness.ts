import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type {
  ChatRecord,
  ConnectedAccountRecord,
  MessageRecord,
  Platform,
  Vendor,
} from '../../src/domain.ts';
import {
  type Sandbox,
  type SandboxAccount,
  type SandboxChat,
  type SandboxRoute,
  type SandboxVendor,
  startSandbox,
} from '../../src/sandbox/index.ts';
import type { AccountAdapter, ChatListRequest } from '../../src/vendors/contract.ts';

export interface SandboxUnderTest {
  readonly sandbox: Sandbox;
  /** Vendor calls on `route` (`'*'`: on every route) since the test began. */
  calls(route: SandboxRoute | '*'): number;
}

export interface SandboxClient<Client> extends SandboxUnderTest {
  /** The file's client of the sandbox (closed after the file, before the sandbox). */
  readonly client: Client;
}

/** Answers a hook-set value, or fails when read before its hook ran. */
function started<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('read inside hooks and tests only');
  return value;
}

/**
 * A sandbox for the whole file, closed after it; faults and counters are cleared before each test.
 * Read `sandbox` inside hooks and tests only.
 */
export function useSandbox(): SandboxUnderTest {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  beforeEach(() => {
    sandbox?.clearFaults();
    sandbox?.resetStats();
  });
  return {
    get sandbox() {
      return started(sandbox);
    },
    calls(route) {
      const stats = started(sandbox).stats();
      return route === '*' ? stats.totalCalls : stats.routes[route].calls;
    },
  };
}

/**
 * {@link useSandbox} and one client of it for the whole file, closed after the file, before the
 * sandbox. Read `sandbox` and `client` inside hooks and tests only.
 */
export function useSandboxClient<Client extends { close(): Promise<void> }>(
  newClient: (sandbox: Sandbox) => Client,
): SandboxClient<Client> {
  const under = useSandbox();
  let client: Client | undefined;
  beforeAll(() => {
    client = newClient(under.sandbox);
  });
  afterAll(async () => {
    await client?.close();
  });
  return {
    get sandbox() {
      return under.sandbox;
    },
    get client() {
      return started(client);
    },
    calls: (route) => under.calls(route),
  };
}

/** Rows for `describe.each`: each item behind its name, so a title's `%s` reads it unquoted. */
export function named<Item extends { name: string }>(
  items: readonly Item[],
): Array<[string, Item]> {
  return items.map((item) => [item.name, item]);
}

/** Closes `client` once `use` has ended, however it ended. */
export async function withClient<Client extends { close(): Promise<void> }, T>(
  client: Client,
  use: (client: Client) => Promise<T>,
): Promise<T> {
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

/** The record a vendor's accounts list should give for a dataset account. */
export function connectedAccountOf(
  vendor: Vendor,
  platform: Platform,
  account: SandboxAccount,
): ConnectedAccountRecord {
  return {
    connectedAccount: { vendor, platform, externalId: account.handle },
    platformUserId: account.creator.id,
    username: account.creator.username,
    displayName: account.creator.displayName || null,
    status: 'CONNECTED',
  };
}

/** A dataset time (Unix seconds) as the ISO string records carry. */
export function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** The account's chat with the most messages. */
export function longestChat(account: SandboxAccount): SandboxChat {
  return [...account.chats].sort((left, right) => right.messages.length - left.messages.length)[0]!;
}

/** Ids of a dataset chat's messages, newest first (the order adapters answer). */
export function newestFirstIds(chat: SandboxChat): string[] {
  return [...chat.messages].reverse().map((message) => message.id);
}

/** Every chat, `first` at a time from offset 0 until `nextOffset` is null. */
export async function pageAllChats(
  adapter: AccountAdapter,
  first: number,
  request: Partial<ChatListRequest> = {},
): Promise<ChatRecord[]> {
  const chats: ChatRecord[] = [];
  let offset: number | null = 0;
  for (let pages = 0; offset !== null; pages += 1) {
    if (pages > 200) throw new Error('paging does not end');
    const page = await adapter.listChats({ order: 'RECENT', ...request, first, offset });
    chats.push(...page.items);
    offset = page.nextOffset;
  }
  return chats;
}

/** Pages every chat `first` at a time: each of `expected` comes exactly once, in its order. */
export async function expectEveryChatOnce(
  adapter: AccountAdapter,
  expected: readonly SandboxChat[],
  first: number,
  request: Partial<ChatListRequest> = {},
): Promise<ChatRecord[]> {
  const chats = await pageAllChats(adapter, first, request);
  const ids = chats.map((chat) => chat.chatId);
  expect(ids).toEqual(expected.map((chat) => chat.id));
  expect(new Set(ids).size).toBe(expected.length);
  return chats;
}

/** Every message of `chat`, `first` at a time from the newest back with `before`. */
export async function pageAllMessages(
  adapter: AccountAdapter,
  chat: SandboxChat,
  first: number,
): Promise<MessageRecord[]> {
  const messages: MessageRecord[] = [];
  let before: string | null = null;
  for (let pages = 0; ; pages += 1) {
    if (pages > 500) throw new Error('paging does not end');
    const page = await adapter.listMessages({
      chatId: chat.id,
      partnerId: chat.partner.id,
      first,
      before,
    });
    messages.push(...page.items);
    if (page.nextBefore === null) return messages;
    before = page.nextBefore;
  }
}

/**
 * Pool settings for adapter tests: one HTTP call per request. These files test how single
 * vendor answers map to records and errors; retrying is the HTTP layer's, tested in test/http.
 */
const SINGLE_ATTEMPT = { retry: { retries: 0 } } as const;

/** How a test's client of a vendor differs from the ordinary one over the sandbox. */
export interface ClientOverrides {
  /** @default the sandbox's key for the vendor */
  apiKey?: string;
  /** @default the sandbox's URL */
  baseUrl?: string;
  /** Longest one vendor call may take. @default the client's own */
  timeoutMs?: number;
  /**
   * Retries after a first attempt, without backoff, for tests of what a retry does; the HTTP
   * layer still retries only what is safe (see `VendorHttp.sendJson`). @default 0
   */
  retries?: number;
}

/** A vendor client's options over the sandbox: its key, one attempt per call. */
export function sandboxClientOptions(
  sandbox: Sandbox,
  vendor: SandboxVendor,
  overrides: ClientOverrides = {},
) {
  return {
    http:
      overrides.retries === undefined
        ? SINGLE_ATTEMPT
        : { retry: { retries: overrides.retries, baseDelayMs: 0, maxDelayMs: 0 } },
    apiKey: overrides.apiKey ?? sandbox.keys[vendor],
    baseUrl: overrides.baseUrl ?? sandbox.url,
    timeoutMs: overrides.timeoutMs,
  };
}
