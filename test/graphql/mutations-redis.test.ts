import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { RedisConnection } from '../../src/redis/redis-connection.ts';
import { createChatgraph } from '../../src/server/create-chatgraph.ts';
import { createIdempotencyStore } from '../../src/writes/create-idempotency-store.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';
import { graphqlRequest } from '../support/graphql-request.ts';
import { listedChatId } from '../support/issued-ids.ts';

const SEND = /* GraphQL */ `
  mutation ($input: SendMessageInput!) {
    sendMessage(input: $input) { outcome message { id text } }
  }
`;

interface SendAnswer {
  data: { sendMessage: { outcome: string; message: { id: string; text: string } | null } } | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

let harness: GatewayHarness;
const connections: RedisConnection[] = [];

beforeAll(async () => {
  harness = await startGatewayHarness();
});
afterAll(async () => {
  for (const connection of connections) await connection.close();
  await harness.close();
});
beforeEach(() => harness.sandbox.resetStats());

/** A gateway over the harness's accounts (the same sandbox) keeping its keys in `redisUrl`. */
async function gatewayOn(redisUrl: string, keyPrefix: string, ready = true) {
  const connection = new RedisConnection({ url: redisUrl, keyPrefix, commandTimeoutMs: 500 });
  connections.push(connection);
  if (ready) await connection.untilReady(2000);
  const yoga = createChatgraph({
    connectedAccounts: harness.connectedAccounts,
    idempotencyStore: createIdempotencyStore(connection),
  });
  return async (input: Record<string, unknown>): Promise<SendAnswer> => {
    const response = await yoga.fetch('http://chatgraph/graphql', graphqlRequest(SEND, { input }));
    return (await response.json()) as SendAnswer;
  };
}

function chatOf(index: number) {
  const account = harness.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[1]!;
  return listedChatId(account, account.chats[index]!);
}

async function threadTexts(chatId: string): Promise<string[]> {
  const answer = await harness.query<{
    chat: { messages: { edges: Array<{ node: { text: string } }> } };
  }>('query ($id: ID!) { chat(id: $id) { messages(first: 20) { edges { node { text } } } } }', {
    id: chatId,
  });
  return answer.data!.chat.messages.edges.map((edge) => edge.node.text);
}

describe('sendMessage with the idempotency store in Redis', () => {
  it.skipIf(inject('redisUrl') === '')(
    'two gateways sharing Redis send a key sent to both at once only once',
    async () => {
      const prefix = `chatgraph-test-${randomUUID()}:`;
      const first = await gatewayOn(inject('redisUrl'), prefix);
      const second = await gatewayOn(inject('redisUrl'), prefix);
      const chatId = chatOf(0);
      const input = { chatId, text: 'One for two replicas', idempotencyKey: randomUUID() };
      // The first send stays in flight while the other replica's duplicate arrives.
      harness.sandbox.setLatency(100);
      const answers = await Promise.all([first(input), second(input), first(input), second(input)]);
      harness.sandbox.setLatency(0);
      expect(answers.map((answer) => answer.data?.sendMessage.outcome)).toEqual(
        Array(4).fill('SENT'),
      );
      expect(new Set(answers.map((answer) => answer.data?.sendMessage.message?.id)).size).toBe(1);
      expect(harness.calls('onlyfans.sendMessage')).toBe(1);
      expect((await threadTexts(chatId)).filter((text) => text === input.text)).toHaveLength(1);
    },
  );

  it('with Redis unreachable, refuses to send: IDEMPOTENCY_STORE_UNAVAILABLE, no vendor call', async () => {
    // Nothing listens on port 1.
    const send = await gatewayOn('redis://127.0.0.1:1', 'chatgraph-test:', false);
    const answer = await send({ chatId: chatOf(1), text: 'Never sent', idempotencyKey: 'k-1' });
    expect(answer.data).toBeNull();
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/not sent/),
        extensions: { code: 'IDEMPOTENCY_STORE_UNAVAILABLE' },
      }),
    ]);
    expect(harness.calls()).toBe(0);
  });
});
