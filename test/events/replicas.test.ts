import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { gatewayConfigFileFor } from '../../src/sandbox/gateway-config-file.ts';
import {
  type Sandbox,
  type SandboxAccount,
  type SandboxMessage,
  startSandbox,
} from '../../src/sandbox/index.ts';
import { renderOnlyFansApiMessageWebhook } from '../../src/sandbox/render-onlyfansapi-webhook.ts';
import { type ChatgraphProcess, startChatgraph } from '../ops/support/chatgraph-process.ts';
import { scrapeSample } from '../support/metric-sample.ts';

const redisUrl = inject('redisUrl');
const ROOT = new URL('../../', import.meta.url);

/**
 * The end-to-end path across replicas needs the webhook endpoint and the subscriptions: it runs
 * once the printed schema has `messageAdded`, and skips before. A redelivery dropped on another
 * replica needs the webhook dedupe in Redis as well.
 */
const SUBSCRIPTIONS_SERVED = readFileSync(new URL('schema/schema.graphql', ROOT), 'utf8').includes(
  'messageAdded(',
);
const DEDUPE_IN_REDIS = existsSync(new URL('src/events/redis-dedupe-store.ts', ROOT));

/** A config file over the test's sandbox (as sandbox mode has), with Redis. */
function replicaConfig(sandbox: Sandbox, keyPrefix: string) {
  return { ...gatewayConfigFileFor(sandbox), redis: { url: redisUrl, keyPrefix } };
}

async function readiness(replica: ChatgraphProcess) {
  const response = await fetch(`${replica.origin}/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A sample of the replica's `/metrics` (`name` with its labels, as printed), or undefined. */
async function metric(replica: ChatgraphProcess, name: string): Promise<number | undefined> {
  return scrapeSample(replica.origin, name);
}

/** Whether the gateway serves the webhook path: an unsigned delivery is refused by code, not 404. */
async function webhooksServed(replica: ChatgraphProcess): Promise<boolean> {
  const response = await fetch(`${replica.origin}/webhooks/onlyfansapi`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  await response.body?.cancel();
  return response.status !== 404;
}

/**
 * A subscription over Server-Sent Events, collecting each `next` payload's data. Resolves once
 * the replica's bus counts one subscriber more: from then on, events reach it.
 */
async function subscribeOverSse(replica: ChatgraphProcess, query: string) {
  const subscribers = 'chatgraph_event_subscribers';
  const before = (await metric(replica, subscribers)) ?? 0;
  const controller = new AbortController();
  const response = await fetch(replica.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query }),
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const payloads: Array<Record<string, unknown>> = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    const reader = response.body!.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      let end = buffered.indexOf('\n\n');
      while (end >= 0) {
        const frame = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const lines = frame.split('\n');
        const data = lines
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('\n');
        if (lines.includes('event: next') && data) payloads.push(JSON.parse(data));
        end = buffered.indexOf('\n\n');
      }
    }
  })().catch(() => {});
  await vi.waitFor(async () => expect(await metric(replica, subscribers)).toBe(before + 1), {
    timeout: 10_000,
    interval: 50,
  });
  return {
    payloads,
    async close() {
      controller.abort();
      await reading;
    },
  };
}

/** A fan's new message in an OnlyFans chat, as the vendor would post it, signed. */
function fanMessageDelivery(sandbox: Sandbox, account: SandboxAccount, text: string) {
  const chat = account.chats[0]!;
  const message: SandboxMessage = {
    id: String(9_000_000_000_000 + Math.floor(Math.random() * 1_000_000_000)),
    createdAt: Math.floor(Date.now() / 1000),
    fromCreator: false,
    textId: 0,
    text: { html: `<p>${text}</p>`, plain: text },
    price: 0,
    tipAmount: 0,
    isRead: false,
    media: [],
    bundles: [],
  };
  const body = JSON.stringify(renderOnlyFansApiMessageWebhook(account, chat, message));
  return {
    body,
    headers: {
      'content-type': 'application/json',
      Signature: createHmac('sha256', sandbox.webhookSecrets.onlyfansapi)
        .update(body)
        .digest('hex'),
      'X-OFAPI-Idempotency-Key': `evt_${randomUUID()}`,
    },
  };
}

async function deliver(
  replica: ChatgraphProcess,
  delivery: ReturnType<typeof fanMessageDelivery>,
): Promise<number> {
  const response = await fetch(`${replica.origin}/webhooks/onlyfansapi`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  await response.body?.cancel();
  return response.status;
}

describe.skipIf(redisUrl === '')('two gateway processes sharing one Redis', () => {
  let sandbox: Sandbox;
  let folder: string;
  let first: ChatgraphProcess;
  let second: ChatgraphProcess;

  beforeAll(async () => {
    sandbox = await startSandbox();
    folder = await mkdtemp(join(tmpdir(), 'chatgraph-replicas-'));
    const config = join(folder, 'chatgraph.json');
    const keyPrefix = `chatgraph-test:${randomUUID()}:`;
    await writeFile(config, JSON.stringify(replicaConfig(sandbox, keyPrefix)));
    [first, second] = await Promise.all([
      startChatgraph(['--config', config]),
      startChatgraph(['--config', config]),
    ]);
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await sandbox?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('are both ready, with Redis ok, and the secrets in no log line', async () => {
    for (const replica of [first, second]) {
      await vi.waitFor(
        async () =>
          expect(await readiness(replica)).toEqual({
            status: 200,
            body: { ready: true, checks: { config: 'ok', accepting: 'ok', redis: 'ok' } },
          }),
        { timeout: 10_000, interval: 100 },
      );
      // The gateway's own listeners (if any) count too: only that the gauge is there.
      expect(await metric(replica, 'chatgraph_event_subscribers')).toBeTypeOf('number');
      expect(replica.output()).not.toContain(sandbox.webhookSecrets.onlyfansapi);
    }
  });

  it('a webhook received by replica 1 is heard by replica 2 through Redis, once', async (context) => {
    if (!(await webhooksServed(first))) context.skip('no webhook endpoint served yet');
    const account = sandbox.dataset.accounts.find(
      (candidate) => candidate.vendor === 'onlyfansapi' && candidate.platform === 'onlyfans',
    )!;
    const published = 'chatgraph_events_published_total{kind="messageAdded"}';
    const received = 'chatgraph_events_received_total{kind="messageAdded"}';
    const before = {
      published: (await metric(first, published)) ?? 0,
      received: (await metric(second, received)) ?? 0,
      echoed: (await metric(first, received)) ?? 0,
    };
    const delivery = fanMessageDelivery(sandbox, account, `Heard across ${randomUUID()}`);
    expect(await deliver(first, delivery)).toBeLessThan(300);
    await vi.waitFor(async () => expect(await metric(second, received)).toBe(before.received + 1), {
      timeout: 10_000,
      interval: 50,
    });
    expect(await metric(first, published)).toBe(before.published + 1);
    // Replica 1 ignores its own event heard back from Redis.
    expect((await metric(first, received)) ?? 0).toBe(before.echoed);
  });

  it.skipIf(!SUBSCRIPTIONS_SERVED)(
    'a webhook received by replica 1 reaches a subscriber on replica 2, once',
    async () => {
      const account = sandbox.dataset.accounts.find(
        (candidate) => candidate.vendor === 'onlyfansapi' && candidate.platform === 'onlyfans',
      )!;
      const subscription = await subscribeOverSse(
        second,
        'subscription { messageAdded { id text } }',
      );
      try {
        const text = `Across replicas ${randomUUID()}`;
        const delivery = fanMessageDelivery(sandbox, account, text);
        expect(await deliver(first, delivery)).toBeLessThan(300);
        const marker = `Marker ${randomUUID()}`;
        expect(await deliver(first, fanMessageDelivery(sandbox, account, marker))).toBeLessThan(
          300,
        );

        const texts = () =>
          subscription.payloads.map(
            (payload) => (payload.data as { messageAdded: { text: string } }).messageAdded.text,
          );
        // Replica 1 publishes in order, and one Redis channel keeps it: after the marker, nothing
        // more of the first message can come.
        await vi.waitFor(() => expect(texts()).toContain(marker), {
          timeout: 10_000,
          interval: 20,
        });
        expect(texts()).toEqual([text, marker]);
        const [added] = subscription.payloads as Array<{
          data: { messageAdded: { id: string } };
        }>;
        expect(typeof added!.data.messageAdded.id).toBe('string');
      } finally {
        await subscription.close();
      }
    },
  );

  it.skipIf(!SUBSCRIPTIONS_SERVED || !DEDUPE_IN_REDIS)(
    'a redelivery landing on replica 2 is answered 2xx and not announced again',
    async () => {
      const account = sandbox.dataset.accounts.find(
        (candidate) => candidate.vendor === 'onlyfansapi' && candidate.platform === 'onlyfans',
      )!;
      const subscription = await subscribeOverSse(first, 'subscription { messageAdded { text } }');
      try {
        const text = `Redelivered ${randomUUID()}`;
        const delivery = fanMessageDelivery(sandbox, account, text);
        expect(await deliver(first, delivery)).toBeLessThan(300);
        expect(await deliver(second, delivery)).toBeLessThan(300);
        const marker = `Marker ${randomUUID()}`;
        expect(await deliver(second, fanMessageDelivery(sandbox, account, marker))).toBeLessThan(
          300,
        );
        const texts = () =>
          subscription.payloads.map(
            (payload) => (payload.data as { messageAdded: { text: string } }).messageAdded.text,
          );
        await vi.waitFor(() => expect(texts()).toContain(marker), {
          timeout: 10_000,
          interval: 20,
        });
        expect(texts()).toEqual([text, marker]);
      } finally {
        await subscription.close();
      }
    },
  );
});
