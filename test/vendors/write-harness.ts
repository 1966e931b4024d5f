import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import type { MessageRecord } from '../../src/domain.ts';
import type { SandboxAccount, SandboxChat } from '../../src/sandbox/index.ts';
import type {
  AccountAdapter,
  SendMessageRequest,
  WriteOutcome,
} from '../../src/vendors/contract.ts';
import { type AdapterCase, accountsOf, type VendorUnderTest } from './adapter-cases.ts';
import type { ClientOverrides, SandboxUnderTest } from './adapter-harness.ts';

/**
 * What the write suites share: a send request, the value of a DONE outcome, the newest message
 * as a read gives it, the sandbox's own count of a chat's messages, and an adapter that writes.
 */

/** A send of `text` to `chat`, free and without media, under a fresh key. */
export function sendOf(chat: SandboxChat, extra: Partial<SendMessageRequest> = {}) {
  return {
    chatId: chat.id,
    partnerId: chat.partner.id,
    text: 'hello from the gateway',
    price: 0,
    mediaIds: [],
    replyToMessageId: null,
    idempotencyKey: randomUUID(),
    ...extra,
  } satisfies SendMessageRequest;
}

/** The value of a DONE outcome; fails the test with the error of any other. */
export function done<T>(outcome: WriteOutcome<T>): T {
  if (outcome.status !== 'DONE') {
    expect.fail(`expected DONE, got ${outcome.status}: ${outcome.error.message}`);
  }
  return outcome.value;
}

/** The newest message of a chat, as a read of its thread gives it. */
export async function newestRead(
  adapter: AccountAdapter,
  chat: SandboxChat,
): Promise<MessageRecord | undefined> {
  const page = await adapter.listMessages({
    chatId: chat.id,
    partnerId: chat.partner.id,
    first: 1,
  });
  return page.items[0];
}

/** The messages the sandbox holds now in `chat` of `account` (writes change them). */
export function messagesNow(
  sandboxEnv: SandboxUnderTest,
  account: SandboxAccount,
  chat: SandboxChat,
): readonly unknown[] {
  const accounts = sandboxEnv.sandbox.dataset.accountsOf(account.vendor, account.platform);
  const current = accounts.find((candidate) => candidate.handle === account.handle);
  return current?.chatById.get(chat.id)?.messages ?? [];
}

/**
 * A client of the case's vendor for the enclosing describe (with `overrides`) and the adapter of
 * its first account, told its creator's id (so that every vendor call a test counts is the
 * write's own), and the account's chats in their order before any write.
 */
export function useWriter(
  sandboxEnv: SandboxUnderTest,
  testCase: AdapterCase,
  overrides: ClientOverrides = {},
) {
  const state: {
    vendor?: VendorUnderTest;
    adapter?: AccountAdapter;
    account?: SandboxAccount;
    chats?: SandboxChat[];
  } = {};
  beforeAll(() => {
    const account = accountsOf(sandboxEnv.sandbox, testCase)[0]!;
    state.vendor = testCase.connect(sandboxEnv.sandbox, overrides);
    state.adapter = state.vendor.adapter(account.handle, account.creator.id);
    state.account = account;
    state.chats = [...account.chats];
  });
  afterAll(async () => {
    await state.vendor?.close();
  });
  return {
    get adapter() {
      return state.adapter!;
    },
    get account() {
      return state.account!;
    },
    /** The account's chats before any write, most recent first. */
    get chats() {
      return state.chats!;
    },
  };
}

/** Media ids the creator may send: the account's own, free, shown in pages. */
export function sendableMediaIds(account: SandboxAccount, count: number): string[] {
  const media = account.chats.flatMap((chat) => chat.messages.flatMap((message) => message.media));
  const own = media.filter(
    (item) => item.ownerId === account.creator.id && item.price === 0 && !item.absentFromPage,
  );
  return [...new Set(own.map((item) => item.id))].slice(0, count);
}
