import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDedupeStore } from '../../src/events/create-dedupe-store.ts';
import { RedisConnection } from '../../src/redis/redis-connection.ts';
import { renderOnlyFansApiMessageWebhook } from '../../src/sandbox/render-onlyfansapi-webhook.ts';
import { onlyFansApiDelivery } from './signed-deliveries.ts';
import { startWebhookHarness, type WebhookHarness } from './webhook-harness.ts';

const redisUrl = inject('redisUrl');

describe.skipIf(redisUrl === '')('webhook redeliveries across replicas sharing Redis', () => {
  const prefix = `chatgraph-test:${randomUUID()}:`;
  const connections: RedisConnection[] = [];
  let replicas: WebhookHarness[] = [];
  beforeAll(async () => {
    replicas = await Promise.all(
      [1, 2].map(async () => {
        const connection = new RedisConnection({ url: redisUrl, keyPrefix: prefix });
        connections.push(connection);
        await connection.untilReady(10_000);
        return startWebhookHarness({ dedupe: createDedupeStore(connection) });
      }),
    );
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await Promise.all(connections.map((connection) => connection.close()));
  });

  it('drop a redelivery that lands on another replica', async () => {
    const [first, second] = replicas as [WebhookHarness, WebhookHarness];
    const account = first.sandbox.dataset.accounts.find(
      (candidate) => candidate.vendor === 'onlyfansapi' && candidate.platform === 'onlyfans',
    )!;
    const chat = account.chats[0]!;
    const delivery = onlyFansApiDelivery(
      renderOnlyFansApiMessageWebhook(account, chat, chat.messages.at(-1)!),
    );
    expect((await first.deliver(delivery)).body.outcome).toBe('accepted');
    expect((await second.deliver(delivery)).body).toEqual({ ok: true, outcome: 'duplicate' });
    await Promise.all(replicas.map((replica) => replica.settled()));
    expect(first.heard.filter((event) => event.kind === 'messageAdded')).toHaveLength(1);
    expect(second.heard).toEqual([]);
  });
});
