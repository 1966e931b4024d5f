import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { gatewayConfigFileFor } from '../../src/sandbox/gateway-config-file.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.ts';
import { type ChatgraphProcess, startChatgraph } from '../ops/support/chatgraph-process.ts';
import { graphqlRequest } from '../support/graphql-request.ts';
import { scrapeSample } from '../support/metric-sample.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

const redisUrl = inject('redisUrl');

const INBOX = '{ inbox(first: 20) { edges { node { id unreadCount lastMessage { text } } } } }';

/** Long enough that nothing expires during the test: only events and outages drop answers. */
const TTL_SECONDS = { chatPages: 600, messagePages: 600, profiles: 600, media: 600 };

/** A config file over the test's sandbox, with Redis (through the proxy) and signed webhooks. */
function replicaConfig(sandbox: Sandbox, redis: string, keyPrefix: string) {
  return {
    ...gatewayConfigFileFor(sandbox),
    cache: { ttlSeconds: TTL_SECONDS },
    redis: { url: redis, keyPrefix },
  };
}

/** A sample of the replica's `/metrics` (`name` with its labels, as printed), 0 when absent. */
async function metric(replica: ChatgraphProcess, name: string): Promise<number> {
  return (await scrapeSample(replica.origin, name)) ?? 0;
}

async function inbox(replica: ChatgraphProcess, headers: Record<string, string> = {}) {
  const response = await fetch(replica.url, graphqlRequest(INBOX, undefined, headers));
  const result = (await response.json()) as {
    data?: unknown;
    errors?: unknown[];
    extensions?: { cost?: { upstreamCalls: number } };
  };
  expect(response.status).toBe(200);
  expect(result.errors).toBeUndefined();
  return result;
}

async function untilRedisReady(...replicas: ChatgraphProcess[]): Promise<void> {
  for (const replica of replicas) {
    await vi.waitFor(
      async () => {
        const body = (await (await fetch(`${replica.origin}/ready`)).json()) as {
          checks: Record<string, string>;
        };
        expect(body.checks.redis).toBe('ok');
      },
      { timeout: 15_000, interval: 100 },
    );
  }
}

const SHARED_READS = 'chatgraph_cache_reads_total{kind="chatPages",outcome="shared"}';
const SHARED_ERRORS = 'chatgraph_cache_shared_errors_total';
const CHATS_UPDATED = 'chatgraph_events_received_total{kind="chatUpdated"}';

describe.skipIf(redisUrl === '')('two gateway processes sharing kept answers through Redis', () => {
  let sandbox: Sandbox;
  let proxy: TcpProxy;
  let folder: string;
  let a: ChatgraphProcess;
  let b: ChatgraphProcess;

  beforeAll(async () => {
    sandbox = await startSandbox();
    const { hostname, port } = new URL(redisUrl);
    proxy = await TcpProxy.start({ host: hostname, port: Number(port || 6379) });
    folder = await mkdtemp(join(tmpdir(), 'chatgraph-shared-cache-'));
    const config = join(folder, 'chatgraph.json');
    const keyPrefix = `chatgraph-test-${randomUUID()}:`;
    const redis = `redis://127.0.0.1:${proxy.port}`;
    await writeFile(config, JSON.stringify(replicaConfig(sandbox, redis, keyPrefix)));
    [a, b] = await Promise.all([
      startChatgraph(['--config', config]),
      startChatgraph(['--config', config]),
    ]);
    await untilRedisReady(a, b);
    sandbox.setWebhookTargets({
      onlyfansapi: {
        url: `${a.origin}/webhooks/onlyfansapi`,
        secret: sandbox.webhookSecrets.onlyfansapi,
      },
    });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await proxy?.close();
    await sandbox?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it("answers A's inbox on B with no vendor call", async () => {
    sandbox.resetStats();
    const first = await inbox(a);
    const cold = sandbox.stats().totalCalls;
    expect(cold).toBeGreaterThan(0);
    expect(first.extensions?.cost?.upstreamCalls).toBe(cold);

    const second = await inbox(b);
    expect(sandbox.stats().totalCalls).toBe(cold);
    expect(second.extensions?.cost?.upstreamCalls).toBe(0);
    expect(second.data).toEqual(first.data);
  });

  it("after a fan's message (a webhook on A), B's refresh reads only that account", async () => {
    const account = sandbox.dataset.accounts.find(
      (candidate) => candidate.vendor === 'onlyfansapi' && candidate.platform === 'onlyfans',
    )!;
    const heard = await metric(b, CHATS_UPDATED);
    sandbox.simulateMessage({ account: account.handle, text: `Hello ${randomUUID()}` });
    // A drops the stale answers in Redis before publishing; B drops them from its memory on hearing.
    await vi.waitFor(async () => expect(await metric(b, CHATS_UPDATED)).toBe(heard + 1), {
      timeout: 10_000,
      interval: 50,
    });

    sandbox.resetStats();
    await inbox(b);
    const stats = sandbox.stats();
    expect(stats.totalCalls).toBeGreaterThan(0);
    const byAccount: Record<string, number> = {};
    for (const route of Object.values(stats.routes)) {
      for (const [handle, calls] of Object.entries(route.byAccount)) {
        byAccount[handle] = (byAccount[handle] ?? 0) + calls;
      }
    }
    expect(byAccount).toEqual({ [account.handle]: stats.totalCalls });

    // A finds B's fresh answer in Redis.
    sandbox.resetStats();
    await inbox(a);
    expect(sandbox.stats().totalCalls).toBe(0);
  });

  it('answers without errors while Redis is down, counting the failures, and shares again once back', async () => {
    const errors = await metric(b, SHARED_ERRORS);
    await proxy.close();
    // Fresh reads go to the vendor (and ask Redis first, which fails at once); others hit memory.
    sandbox.resetStats();
    await inbox(b, { 'cache-control': 'no-cache' });
    expect(sandbox.stats().totalCalls).toBeGreaterThan(0);
    await inbox(a);
    expect(await metric(b, SHARED_ERRORS)).toBeGreaterThan(errors);

    await proxy.open();
    await untilRedisReady(a, b);
    // B listens again and clears its memory (it may have missed drops); A refreshes into Redis.
    await inbox(a, { 'cache-control': 'no-cache' });
    const shared = await metric(b, SHARED_READS);
    sandbox.resetStats();
    await inbox(b);
    expect(sandbox.stats().totalCalls).toBe(0);
    expect(await metric(b, SHARED_READS)).toBeGreaterThan(shared);
  });
});
