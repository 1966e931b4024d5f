import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { sandboxConfig } from '../../src/app/sandbox-mode.ts';
import { chatListTag } from '../../src/cache/cache-tags.ts';
import { createResponseCache } from '../../src/cache/create-response-cache.ts';
import type { CacheReadEvent, ResponseCache } from '../../src/cache/response-cache.ts';
import { defaultServerConfig, type GatewayConfig } from '../../src/config.ts';
import { RedisConnection } from '../../src/redis/redis-connection.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.ts';
import { type Chatgraph, createChatgraph } from '../../src/server/create-chatgraph.ts';
import { connectAccounts } from '../../src/vendors/connect-accounts.ts';
import type { ConnectedAccounts } from '../../src/vendors/connected-accounts.ts';
import { graphqlRequest } from '../support/graphql-request.ts';

const redisUrl = inject('redisUrl');

/**
 * Two replicas in one process, each with its own connection to Redis, its own cache and its own
 * gateway app, over one sandbox: what one replica read from the vendors, the other answers from
 * Redis.
 */
interface Replica {
  cache: ResponseCache;
  connectedAccounts: ConnectedAccounts;
  yoga: Chatgraph;
  /** How each of its reads was answered. */
  reads: CacheReadEvent[];
  close(): Promise<void>;
}

const INBOX = '{ inbox(first: 20) { edges { node { id unreadCount lastMessage { text } } } } }';

let sandbox: Sandbox;
let config: GatewayConfig;
const opened: Replica[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ latencyMs: 20 });
  config = sandboxConfig(sandbox, { ...defaultServerConfig({}), port: 0 });
});
afterAll(() => sandbox?.close());
afterEach(async () => {
  for (const replica of opened.splice(0)) await replica.close();
});

async function replica(keyPrefix: string): Promise<Replica> {
  const connection = new RedisConnection({ url: redisUrl, keyPrefix });
  await connection.untilReady(10_000);
  const reads: CacheReadEvent[] = [];
  const cache = createResponseCache(config.cache, {
    redis: connection,
    observer: { onRead: (event) => reads.push(event) },
  })!;
  const connectedAccounts = await connectAccounts(config, { cache });
  const yoga = createChatgraph({ connectedAccounts });
  const opened: Replica = {
    cache,
    connectedAccounts,
    yoga,
    reads,
    async close() {
      await connectedAccounts.close();
      await cache.close();
      await connection.close();
    },
  };
  return opened;
}

async function pair(): Promise<[Replica, Replica]> {
  const keyPrefix = `chatgraph-test-${randomUUID()}:`;
  const pair: [Replica, Replica] = [await replica(keyPrefix), await replica(keyPrefix)];
  opened.push(...pair);
  // Connecting may read the vendors (accounts lists): only the reads a test makes count.
  sandbox.resetStats();
  return pair;
}

async function inbox(replica: Replica) {
  const response = await replica.yoga.fetch('http://chatgraph/graphql', graphqlRequest(INBOX));
  const result = (await response.json()) as {
    data?: { inbox: { edges: Array<{ node: { id: string } }> } };
    errors?: unknown[];
    extensions?: { cost?: { upstreamCalls: number } };
  };
  expect(result.errors).toBeUndefined();
  return result;
}

function outcomes(replica: Replica): string[] {
  return [...new Set(replica.reads.map((read) => read.outcome))].sort();
}

describe.skipIf(redisUrl === '')('two replicas sharing kept answers through Redis', () => {
  it("answers replica A's inbox on replica B with no vendor call", async () => {
    const [a, b] = await pair();
    const first = await inbox(a);
    const cold = sandbox.stats().totalCalls;
    expect(cold).toBeGreaterThan(0);
    expect(outcomes(a)).toEqual(['miss']);

    const second = await inbox(b);
    expect(sandbox.stats().totalCalls).toBe(cold);
    expect(second.extensions?.cost?.upstreamCalls).toBe(0);
    expect(second.data).toEqual(first.data);
    expect(outcomes(b)).toEqual(['shared']);
    // Kept in B's memory now: its next read does not even ask Redis.
    await inbox(b);
    expect(outcomes(b)).toEqual(['hit', 'shared']);
    expect(sandbox.stats().totalCalls).toBe(cold);
  });

  it('makes the same reads on both replicas at once cost one vendor call each', async () => {
    const [a, b] = await pair();
    await Promise.all([inbox(a), inbox(b)]);
    const both = sandbox.stats().totalCalls;
    // The calls one replica alone makes, cold, on a third replica with its own prefix.
    const [alone] = await pair();
    await inbox(alone);
    const single = sandbox.stats().totalCalls;
    expect(single).toBeGreaterThan(0);
    expect(both).toBe(single);
    // Every read was made once: by one replica, the other waited for its answer.
    const made = [...a.reads, ...b.reads].filter((read) => read.outcome === 'miss').length;
    expect(made).toBe(alone.reads.filter((read) => read.outcome === 'miss').length);
  });

  it("drops an account's chat list for both replicas: B then reads only that account", async () => {
    const [a, b] = await pair();
    await inbox(a);
    await inbox(b);
    sandbox.resetStats();
    const account = a.connectedAccounts.accounts[0]!.connectedAccount;
    const tags = [chatListTag(account.vendor, account.externalId)];
    // As an event does: the announcing replica drops it in Redis, every replica in its memory.
    await a.cache.invalidate(tags);
    b.cache.invalidateHere(tags);
    await inbox(b);
    const calls = sandbox.stats().totalCalls;
    expect(calls).toBeGreaterThan(0);
    const made = b.reads.filter((read) => read.outcome === 'miss');
    expect(made.length).toBe(calls);
    expect(new Set(made.map((read) => read.externalId))).toEqual(new Set([account.externalId]));
    // A finds B's fresh answer in Redis.
    sandbox.resetStats();
    await inbox(a);
    expect(sandbox.stats().totalCalls).toBe(0);
  });
});
