import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayEvent } from '../../src/events/gateway-event.ts';
import { listedChatId } from '../support/issued-ids.ts';
import {
  chatWithMessages,
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

const SEND = /* GraphQL */ `
  mutation ($input: SendMessageInput!) {
    sendMessage(input: $input) { outcome message { id text } }
  }
`;

/** Every event the bus carries for an account, as the gateway published them. */
function recordEvents(externalId: string) {
  const heard: GatewayEvent[] = [];
  const iterator = harness.events.subscribe(
    {
      kinds: new Set(['messageAdded', 'chatUpdated', 'connectedAccountUpdated']),
      accounts: new Set([externalId]),
    },
    { maxQueued: 100 },
  );
  void (async () => {
    for await (const event of iterator) heard.push(event);
  })();
  return { heard, stop: () => void iterator.return?.() };
}

describe('own writes on the live events', () => {
  it.each(['sse', 'ws'] as const)(
    'over %s, sendMessage announces the message once, however often it is told again',
    async (transport) => {
      const account = harness.gateway.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
      const chat = account.chats[transport === 'sse' ? 3 : 4]!;
      const recorder = recordEvents(account.handle);
      const messages = await harness[transport]('subscription { messageAdded { id text } }');
      const chats = await harness[transport](
        'subscription { chatUpdated { id lastMessage { id } } }',
      );
      await harness.untilSubscribers(3);

      const input = {
        chatId: listedChatId(account, chat),
        text: `Live ${transport}`,
        idempotencyKey: randomUUID(),
      };
      const sent = await harness.gateway.query<{
        sendMessage: { outcome: string; message: { id: string; text: string } };
      }>(SEND, { input });
      expect(sent.data?.sendMessage.outcome).toBe('SENT');
      const message = sent.data!.sendMessage.message;

      expect((await messages.results.next())?.data).toEqual({ messageAdded: message });
      expect((await chats.results.next())?.data).toEqual({
        chatUpdated: { id: input.chatId, lastMessage: { id: message.id } },
      });

      // The vendor's webhook tells the same message, and a retry with the key answers SENT again.
      await harness.events.announce(recorder.heard.slice(0, 2));
      const repeat = await harness.gateway.query<{ sendMessage: { outcome: string } }>(SEND, {
        input,
      });
      expect(repeat.data?.sendMessage.outcome).toBe('SENT');
      // A later message of another chat comes next: nothing was told twice.
      const other = chatWithMessages(account, 6);
      const later = messageEvents(
        account,
        other,
        await newestMessage(harness.gateway, account, other),
      );
      await harness.publish(later);
      const next = await messages.results.next();
      expect(next?.data?.messageAdded).not.toEqual(message);
      expect(messages.results.seen).toHaveLength(2);
      expect(recorder.heard.filter((event) => event.kind === 'messageAdded')).toHaveLength(2);

      recorder.stop();
      messages.close();
      chats.close();
      await harness.untilSubscribers(0);
    },
  );

  it('markChatRead announces the chat with nothing unread, unsendMessage its change', async () => {
    const account = harness.gateway.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
    const chat = account.chats.find((candidate) => candidate.unreadCount > 0)!;
    const chatId = listedChatId(account, chat);
    const chats = await harness.sse('subscription { chatUpdated { id unreadCount } }');
    await harness.untilSubscribers(1);

    const read = await harness.gateway.query(
      'mutation ($chatId: ID!) { markChatRead(input: { chatId: $chatId }) { chat { id } } }',
      { chatId },
    );
    expect(read.errors).toBeUndefined();
    const marked = await chats.results.next();
    expect(marked?.data).toEqual({ chatUpdated: { id: chatId, unreadCount: 0 } });
    expect(marked?.extensions?.cost?.upstreamCalls).toBe(0);

    const sent = await harness.gateway.query<{ sendMessage: { message: { id: string } } }>(SEND, {
      input: { chatId, text: 'To be unsent', idempotencyKey: randomUUID() },
    });
    await chats.results.next();
    const unsent = await harness.gateway.query(
      'mutation ($id: ID!) { unsendMessage(input: { messageId: $id }) { unsent } }',
      { id: sent.data!.sendMessage.message.id },
    );
    expect(unsent.errors).toBeUndefined();
    expect((await chats.results.next())?.data).toMatchObject({ chatUpdated: { id: chatId } });
    chats.close();
    await harness.untilSubscribers(0);
  });
});
