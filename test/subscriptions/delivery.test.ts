import { type DocumentNode, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatUpdatedDocument, MessageAddedDocument } from '../../src/generated/graphql.ts';
import type { SandboxAccount } from '../../src/sandbox/index.ts';
import {
  chatWithMessages,
  connectedAccountId,
  type LiveHarness,
  messageEvents,
  newestMessage,
  startLiveHarness,
} from './live-harness.ts';

let harness: LiveHarness;

beforeAll(async () => {
  harness = await startLiveHarness();
});
afterAll(() => harness.close());

const accountsOf = (vendor: 'onlyfansapi' | 'ofauth', platform: 'onlyfans' | 'fansly') =>
  harness.gateway.sandbox.dataset.accountsOf(vendor, platform);

/** One account per vendor and platform. */
const KINDS = [
  ['OnlyFansAPI · OnlyFans', 'onlyfansapi', 'onlyfans'],
  ['OnlyFansAPI · Fansly', 'onlyfansapi', 'fansly'],
  ['OFAuth · OnlyFans', 'ofauth', 'onlyfans'],
] as const;
const oneOfEach = (): Array<[string, SandboxAccount]> =>
  KINDS.map(([name, vendor, platform]) => [name, accountsOf(vendor, platform)[0]!]);

const MESSAGE_FIELDS =
  'id platformId text html createdAt isFromCreator isFree price tipAmount sender { id } chat { id }';

const THREAD = `query ($id: ID!) { chat(id: $id) { id messages(first: 1) { edges { node { ${MESSAGE_FIELDS} } } } } }`;

describe.each(['sse', 'ws'] as const)('subscriptions over %s', (transport) => {
  const subscribe = (query: string, variables?: Record<string, unknown>) =>
    harness[transport](query, variables);

  describe('messageAdded', () => {
    it.each(KINDS)(
      '%s: the message, with the id and fields a read of its thread gives',
      async (_name, vendor, platform) => {
        const account = accountsOf(vendor, platform)[0]!;
        const chat = chatWithMessages(account);
        const message = await newestMessage(harness.gateway, account, chat);
        const stream = await subscribe(`subscription { messageAdded { ${MESSAGE_FIELDS} } }`);
        await harness.untilSubscribers(1);
        await harness.publish(messageEvents(account, chat, message));
        const event = await stream.results.next();
        stream.close();
        await harness.untilSubscribers(0);

        const chatId = (event!.data!.messageAdded as { chat: { id: string } }).chat.id;
        const read = await harness.gateway.query<{
          chat: { id: string; messages: { edges: Array<{ node: unknown }> } };
        }>(THREAD, { id: chatId });
        expect(read.errors).toBeUndefined();
        expect(read.data?.chat.id).toBe(chatId);
        expect(event?.data?.messageAdded).toEqual(read.data?.chat.messages.edges[0]?.node);
        expect(event?.extensions?.cost).toEqual({
          upstreamCalls: 0,
          credits: 0,
          cacheHits: 0,
          creditsSaved: 0,
        });
      },
    );

    it('only the accounts accountIds names', async () => {
      const [[, first], [, second]] = oneOfEach() as [
        [string, SandboxAccount],
        [string, SandboxAccount],
      ];
      const stream = await subscribe(
        'subscription ($ids: [ID!]) { messageAdded(accountIds: $ids) { platformId } }',
        { ids: [connectedAccountId(second)] },
      );
      await harness.untilSubscribers(1);
      const other = chatWithMessages(first);
      const mine = chatWithMessages(second);
      await harness.publish(
        messageEvents(first, other, await newestMessage(harness.gateway, first, other)),
      );
      const expected = await newestMessage(harness.gateway, second, mine);
      await harness.publish(messageEvents(second, mine, expected));
      const event = await stream.results.next();
      expect(event?.data).toEqual({ messageAdded: { platformId: expected.platformId } });
      stream.close();
      await harness.untilSubscribers(0);
    });

    it('an unknown account id is refused with BAD_USER_INPUT, and nothing subscribes', async () => {
      const stream = await subscribe(
        'subscription ($ids: [ID!]) { messageAdded(accountIds: $ids) { id } }',
        { ids: [connectedAccountId({ handle: 'acct_not_here' } as SandboxAccount)] },
      );
      const answer = await stream.results.next();
      expect(answer?.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(await stream.results.next()).toBeNull();
      expect(harness.events.bus.subscriberCount()).toBe(0);
    });
  });

  describe('chatUpdated', () => {
    it('the chat by its key, with what the event settled and no vendor call for it', async () => {
      const [, account] = oneOfEach()[0]!;
      const chat = chatWithMessages(account, 1);
      const message = await newestMessage(harness.gateway, account, chat);
      const stream = await subscribe(
        'subscription { chatUpdated { id lastMessage { id platformId } } }',
      );
      await harness.untilSubscribers(1);
      await harness.publish(messageEvents(account, chat, message));
      const event = await stream.results.next();
      stream.close();
      await harness.untilSubscribers(0);
      const updated = event?.data?.chatUpdated as {
        id: string;
        lastMessage: { id: string; platformId: string };
      };
      expect(updated.lastMessage.platformId).toBe(message.platformId);
      expect(event?.extensions?.cost?.upstreamCalls).toBe(0);
      const read = await harness.gateway.query<{ chat: { id: string } }>(
        'query ($id: ID!) { chat(id: $id) { id lastMessage { id } } }',
        { id: updated.id },
      );
      expect(read.data?.chat).toEqual({
        id: updated.id,
        lastMessage: { id: updated.lastMessage.id },
      });
    });
  });

  describe('connectedAccountUpdated', () => {
    it('the account with the status the event told', async () => {
      const [, account] = oneOfEach()[2]!;
      const stream = await subscribe(
        'subscription { connectedAccountUpdated { id externalId status } }',
      );
      await harness.untilSubscribers(1);
      const entry = harness.gateway.connectedAccounts.byExternalId.get(account.handle)!;
      await harness.publish([
        {
          kind: 'connectedAccountUpdated',
          connectedAccount: entry.connectedAccount,
          status: 'EXPIRED',
        },
      ]);
      const event = await stream.results.next();
      stream.close();
      await harness.untilSubscribers(0);
      expect(event?.data).toEqual({
        connectedAccountUpdated: {
          id: connectedAccountId(account),
          externalId: account.handle,
          status: 'EXPIRED',
        },
      });
    });
  });

  describe('schema/operations (generated typed documents)', () => {
    it('MessageAdded and ChatUpdated carry a message and its chat, as the inbox shows them', async () => {
      const [, account] = oneOfEach()[1]!;
      const chat = chatWithMessages(account, 2);
      const message = await newestMessage(harness.gateway, account, chat);
      const variables = { accountIds: [connectedAccountId(account)] };
      const added = await subscribe(print(MessageAddedDocument as DocumentNode), variables);
      const updated = await subscribe(print(ChatUpdatedDocument as DocumentNode), variables);
      await harness.untilSubscribers(2);
      await harness.publish(messageEvents(account, chat, message));
      const [messageEvent, chatEvent] = [await added.results.next(), await updated.results.next()];
      added.close();
      updated.close();
      await harness.untilSubscribers(0);
      expect(messageEvent?.errors).toBeUndefined();
      expect(chatEvent?.errors).toBeUndefined();
      const { messageAdded } = messageEvent!.data as {
        messageAdded: { id: string; chat: { id: string } };
      };
      const { chatUpdated } = chatEvent!.data as {
        chatUpdated: { id: string; unreadCount: number; lastMessage: { id: string } };
      };
      expect(chatUpdated.id).toBe(messageAdded.chat.id);
      expect(chatUpdated.lastMessage.id).toBe(messageAdded.id);
      expect(chatUpdated.unreadCount).toBe(chat.unreadCount);
    });
  });

  describe('a document over the limits', () => {
    it('is refused before it subscribes, as a query would be', async () => {
      const nested =
        'chat { messages(first: 100) { edges { node { chat { messages(first: 100) { edges { node { id } } } } } } } }';
      const stream = await subscribe(`subscription { messageAdded { ${nested} } }`);
      const answer = await stream.results.next();
      // Priced like a query: one event's selection, 100 × 100 messages.
      expect(answer?.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(harness.events.bus.subscriberCount()).toBe(0);
    });
  });
});
