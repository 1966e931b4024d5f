import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountChatsDocument,
  ChatByIdDocument,
  ChatThreadDocument,
  InboxPageDocument,
  UnifiedInboxDocument,
} from '../../src/generated/graphql.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});
afterAll(() => harness.close());

/** Runs a generated typed document: the result is typed by the operation itself. */
async function run<Result, Variables>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
) {
  const result = await harness.query<Result>(
    print(document as DocumentNode),
    variables as Record<string, unknown>,
  );
  expect(result.errors).toBeUndefined();
  return result.data!;
}

describe('schema/operations (generated typed documents)', () => {
  it('InboxPage shows every account with its newest chats', async () => {
    const data = await run(InboxPageDocument, { first: 5 });
    expect(data.connectedAccounts).toHaveLength(harness.sandbox.dataset.accounts.length);
    for (const account of data.connectedAccounts) {
      expect(account.chats!.edges).toHaveLength(5);
      expect(account.chats!.pageInfo.hasNextPage).toBe(true);
    }
  });

  it('AccountChats pages on from the inbox cursor', async () => {
    const inbox = await run(InboxPageDocument, { first: 5 });
    const account = inbox.connectedAccounts[0]!;
    const next = await run(AccountChatsDocument, {
      accountId: account.id,
      first: 5,
      after: account.chats!.pageInfo.endCursor,
    });
    const firstIds = account.chats!.edges.map((edge) => edge.node.id);
    const nextIds = next.connectedAccount!.chats!.edges.map((edge) => edge.node.id);
    expect(nextIds).toHaveLength(5);
    expect(nextIds.some((id) => firstIds.includes(id))).toBe(false);
  });

  it('ChatThread and ChatById open a chat from the inbox', async () => {
    const inbox = await run(InboxPageDocument, { first: 1 });
    for (const account of inbox.connectedAccounts) {
      const chat = account.chats!.edges[0]!.node;
      const thread = await run(ChatThreadDocument, { chatId: chat.id, first: 10 });
      expect(thread.chat!.id).toBe(chat.id);
      expect(thread.chat!.messages!.edges[0]?.node.id).toBe(chat.lastMessage?.id);
      const header = await run(ChatByIdDocument, { chatId: chat.id });
      expect(header.chat).toMatchObject({ id: chat.id, unreadCount: chat.unreadCount });
      // Fansly has no profile lookup by id: a chat opened by id alone knows its partner's id only.
      expect(header.chat!.partner.id).toBe(chat.partner.id);
      if (account.platform === 'ONLYFANS')
        expect(header.chat!.partner.username).toBe(chat.partner.username);
    }
  });
});

describe('UnifiedInbox (generated typed document)', () => {
  it('pages one queue across every account', async () => {
    const first = await run(UnifiedInboxDocument, { first: 10 });
    expect(first.inbox.edges).toHaveLength(10);
    const platforms = new Set<string>();
    let after = first.inbox.pageInfo.endCursor;
    for (const edge of first.inbox.edges) platforms.add(edge.node.platform);
    for (let page = 0; page < 5 && after; page++) {
      const next = await run(UnifiedInboxDocument, { first: 10, after });
      for (const edge of next.inbox.edges) platforms.add(edge.node.platform);
      after = next.inbox.pageInfo.endCursor;
    }
    expect([...platforms].sort()).toEqual(['FANSLY', 'ONLYFANS']);
  });

  it('keeps big spenders and names the accounts that cannot tell spend', async () => {
    const data = await run(UnifiedInboxDocument, { first: 10, minPartnerSpend: 100 });
    expect(data.inbox.edges).toHaveLength(10);
    for (const edge of data.inbox.edges) {
      expect(edge.node.partnerSpend!.total).toBeGreaterThanOrEqual(100);
    }
    const skipped = harness.sandbox.dataset.accounts
      .filter((account) => account.vendor === 'ofauth' || account.platform === 'fansly')
      .map((account) => account.handle);
    expect(data.inbox.skippedAccounts.map((account) => account.externalId)).toEqual(skipped);
  });
});
