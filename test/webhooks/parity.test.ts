import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_CALLER } from '../../src/auth/tokens.ts';
import { createGatewayContext } from '../../src/context.ts';
import { Cursors, randomCursorSecret } from '../../src/cursors.ts';
import type { MessageAddedEvent } from '../../src/events/gateway-event.ts';
import { encodeGlobalId } from '../../src/ids.ts';
import { messageLocalId } from '../../src/resolvers/message.ts';
import type { SandboxAccount, SandboxChat, SandboxMessage } from '../../src/sandbox/index.ts';
import { renderOfAuthMessageWebhook } from '../../src/sandbox/render-ofauth-webhook.ts';
import { renderOnlyFansApiMessageWebhook } from '../../src/sandbox/render-onlyfansapi-webhook.ts';
import { MemoryIdempotencyStore } from '../../src/writes/memory-idempotency-store.ts';
import { issuedMessageId, listedChatId } from '../support/issued-ids.ts';
import { type Delivery, ofAuthSvixDelivery, onlyFansApiDelivery } from './signed-deliveries.ts';
import { startWebhookHarness, type WebhookHarness } from './webhook-harness.ts';

/**
 * A message told by a webhook is the message a read of its thread gives: the same record, hence
 * the same global id and fields, on every vendor. Each message is taken from the sandbox's data,
 * rendered as its vendor delivers it, and delivered signed.
 */

const MESSAGE_FIELDS = `
  id platformId text html createdAt isFromCreator isFree price tipAmount isSeenByPartner
  sender { id } media { id }
`;

interface Case {
  name: string;
  vendor: 'onlyfansapi' | 'ofauth';
  platform: 'onlyfans' | 'fansly';
  /** Which message of the chat: the fan's newest, or the creator's newest. */
  fromCreator: boolean;
  deliver: (account: SandboxAccount, chat: SandboxChat, message: SandboxMessage) => Delivery;
}

const CASES: Case[] = [
  {
    name: 'OnlyFansAPI · OnlyFans, a fan’s message (messages.received)',
    vendor: 'onlyfansapi',
    platform: 'onlyfans',
    fromCreator: false,
    deliver: (...args) => onlyFansApiDelivery(renderOnlyFansApiMessageWebhook(...args)),
  },
  {
    name: 'OnlyFansAPI · OnlyFans, the creator’s message (messages.sent)',
    vendor: 'onlyfansapi',
    platform: 'onlyfans',
    fromCreator: true,
    deliver: (...args) => onlyFansApiDelivery(renderOnlyFansApiMessageWebhook(...args)),
  },
  {
    name: 'OnlyFansAPI · Fansly, a fan’s message (fansly.messages.received)',
    vendor: 'onlyfansapi',
    platform: 'fansly',
    fromCreator: false,
    deliver: (...args) => onlyFansApiDelivery(renderOnlyFansApiMessageWebhook(...args)),
  },
  {
    name: 'OFAuth · OnlyFans, a fan’s message (realtime.chat_message.received)',
    vendor: 'ofauth',
    platform: 'onlyfans',
    fromCreator: false,
    deliver: (...args) => ofAuthSvixDelivery(renderOfAuthMessageWebhook(...args)),
  },
];

describe('webhook messages and reads', () => {
  let harness: WebhookHarness;
  beforeAll(async () => {
    harness = await startWebhookHarness();
  });
  afterAll(() => harness.close());

  /** The id resolvers give a message told by an event (see resolvers/message.ts). */
  function eventMessageId(event: MessageAddedEvent): string {
    const context = createGatewayContext(OPEN_CALLER, harness.connectedAccounts, {
      cursors: new Cursors(randomCursorSecret()),
      idempotencyStore: new MemoryIdempotencyStore(),
      events: harness.events,
    });
    const shape = { ...event.message, partnerUsername: event.partnerUsername };
    return encodeGlobalId('Message', messageLocalId(context, shape));
  }

  for (const testCase of CASES) {
    it(`${testCase.name}: same global id, same record, same fields`, async () => {
      const account = harness.sandbox.dataset.accounts.find(
        (candidate) =>
          candidate.vendor === testCase.vendor && candidate.platform === testCase.platform,
      )!;
      // The newest chat with such a message: on Fansly the fan who just wrote tops the chat list.
      const chat = account.chats.find((candidate) =>
        candidate.messages.some((message) => message.fromCreator === testCase.fromCreator),
      )!;
      // One with media where the chat has one, so that attachments are compared too.
      const ofSide = chat.messages.filter(
        (candidate) => candidate.fromCreator === testCase.fromCreator,
      );
      const message = ofSide.findLast((candidate) => candidate.media.length > 0) ?? ofSide.at(-1)!;
      const answer = await harness.deliver(testCase.deliver(account, chat, message));
      expect(answer.body).toEqual({ ok: true, outcome: 'accepted' });
      await harness.settled();
      const event = harness.heard.find(
        (heard): heard is MessageAddedEvent =>
          heard.kind === 'messageAdded' &&
          heard.message.connectedAccount.externalId === account.handle &&
          heard.message.platformId === message.id,
      );
      expect(event, 'the message was published').toBeDefined();

      // The record equals the one a read of the thread converts.
      const entry = harness.connectedAccounts.byExternalId.get(account.handle)!;
      const page = await entry.adapter.listMessages({
        chatId: chat.id,
        partnerId: chat.partner.id,
        first: 100,
      });
      const read = page.items.find((item) => item.platformId === message.id);
      expect(event!.message).toEqual(read);
      if (message.media.length > 0) expect(read!.media).not.toEqual({ kind: 'inline', items: [] });

      // The same id as the thread issues, and the same fields through GraphQL.
      const id = eventMessageId(event!);
      expect(id).toBe(issuedMessageId(account, chat, message.id));
      const thread = await harness.query<{
        node: { messages: { edges: Array<{ node: Record<string, unknown> }> } };
      }>(
        `query ($id: ID!) { node(id: $id) { ... on Chat { messages(first: 100) { edges { node { ${MESSAGE_FIELDS} } } } } } }`,
        { id: listedChatId(account, chat) },
      );
      expect(thread.errors).toBeUndefined();
      const fromThread = thread.data!.node.messages.edges.find((edge) => edge.node.id === id);
      expect(fromThread, 'the thread issues the same id').toBeDefined();
      const byId = await harness.query<{ node: Record<string, unknown> }>(
        `query ($id: ID!) { node(id: $id) { ... on Message { ${MESSAGE_FIELDS} } } }`,
        { id },
      );
      expect(byId.errors).toBeUndefined();
      expect(byId.data!.node).toEqual(fromThread!.node);
    });
  }

  it('finds a Fansly fan’s username with one chat list read at most, none once listed', async () => {
    const account = harness.sandbox.dataset.accounts.find(
      (candidate) => candidate.vendor === 'onlyfansapi' && candidate.platform === 'fansly',
    )!;
    const [newest, second] = account.chats.filter((chat) =>
      chat.messages.some((message) => !message.fromCreator),
    );
    const fanMessages = (chat: SandboxChat) => chat.messages.filter((m) => !m.fromCreator);
    harness.sandbox.resetStats();
    // Two messages of a fan the gateway has not listed yet (its username is remembered after).
    for (const message of fanMessages(second!).slice(-2)) {
      await harness.deliver(
        onlyFansApiDelivery(renderOnlyFansApiMessageWebhook(account, second!, message)),
      );
    }
    await harness.settled();
    expect(harness.calls('fansly.chats')).toBeLessThanOrEqual(1);
    const told = harness.heard.filter(
      (event): event is MessageAddedEvent =>
        event.kind === 'messageAdded' && event.message.chatId === second!.id,
    );
    expect(told.map((event) => event.partnerUsername)).toEqual([
      second!.partner.username,
      second!.partner.username,
    ]);
    // A listed chat's partner costs nothing more.
    await harness.query('{ inbox(first: 5) { edges { node { id } } } }');
    harness.sandbox.resetStats();
    const older = fanMessages(newest!).at(-2)!;
    await harness.deliver(
      onlyFansApiDelivery(renderOnlyFansApiMessageWebhook(account, newest!, older)),
    );
    await harness.settled();
    expect(harness.calls('fansly.chats')).toBe(0);
  });
});
