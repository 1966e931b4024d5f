import { randomUUID } from 'node:crypto';
import { createSchema, createYoga } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createLiveEvents } from '../../src/events/create-live-events.ts';
import type { EventFilter } from '../../src/events/event-bus.ts';
import type { GatewayEvent } from '../../src/events/gateway-event.ts';
import { RedisEventBus } from '../../src/events/redis-event-bus.ts';
import { gatewayReadinessChecks, useReadiness } from '../../src/plugins/use-readiness.ts';
import { RedisConnection } from '../../src/redis/redis-connection.ts';
import { accountUpdated, collect, heard, messageAdded } from '../support/gateway-events.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

const redisUrl = inject('redisUrl');

const MESSAGES_OF_A: EventFilter = {
  kinds: new Set(['messageAdded']),
  accounts: new Set(['acct_a']),
};

/** One "replica": its own connection and bus, and what they told. */
interface Replica {
  connection: RedisConnection;
  bus: RedisEventBus;
  log: string[];
  dropped: string[];
  received: string[];
  /** How many times its bus started listening to other replicas (at start, and after outages). */
  listening: { count: number };
  /** Everything its subscriber to acct_a's messages heard. */
  heard: GatewayEvent[];
}

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function replica(url: string, keyPrefix: string, options: { maxMessageBytes?: number } = {}) {
  const log: string[] = [];
  const sink = { info: (line: string) => log.push(line), warn: (line: string) => log.push(line) };
  const connection = new RedisConnection({ url, keyPrefix, maxReconnectDelayMs: 200, log: sink });
  const dropped: string[] = [];
  const received: string[] = [];
  const listening = { count: 0 };
  const bus = new RedisEventBus({
    connection,
    log: sink,
    ...options,
    observer: {
      onDropped: (reason) => dropped.push(reason),
      onReceived: (event) => received.push(event.kind),
      onListening: () => {
        listening.count += 1;
      },
    },
  });
  const subscriber: Replica = { connection, bus, log, dropped, received, listening, heard: [] };
  const done = collect(bus.subscribe(MESSAGES_OF_A, { maxQueued: 100 }), subscriber.heard);
  cleanup.push(async () => {
    await bus.close();
    await done;
    await connection.close();
  });
  return subscriber;
}

async function untilConnected(...replicas: Replica[]): Promise<void> {
  await vi.waitFor(
    () => {
      for (const { bus } of replicas)
        expect(bus.health()).toEqual({ transport: 'redis', connected: true });
    },
    { timeout: 10_000, interval: 20 },
  );
}

async function untilHeard(subscriber: Replica, platformId: string): Promise<void> {
  await vi.waitFor(() => expect(heard(subscriber.heard)).toContain(platformId), {
    timeout: 10_000,
    interval: 10,
  });
}

/** A raw client on the same Redis, to put anything on a channel. */
function rawClient(url: string): Redis {
  const client = new Redis(url);
  cleanup.push(() => client.quit());
  return client;
}

describe.skipIf(redisUrl === '')('RedisEventBus', () => {
  describe('two replicas on one Redis', () => {
    it('an event published on one reaches a subscriber on the other once, and one on its own once', async () => {
      const prefix = `chatgraph-test:${randomUUID()}:`;
      const first = replica(redisUrl, prefix);
      const second = replica(redisUrl, prefix);
      await untilConnected(first, second);

      await first.bus.publish(messageAdded('acct_a', '7', '1'));
      // Another account's event passes through Redis but reaches no subscriber of acct_a.
      await first.bus.publish(messageAdded('acct_b', '7', '9'));
      // Redis keeps the order of one channel: once the marker is heard, so was everything before.
      await first.bus.publish(messageAdded('acct_a', '7', 'marker'));
      await untilHeard(second, 'marker');

      expect(heard(first.heard)).toEqual(['1', 'marker']);
      expect(heard(second.heard)).toEqual(['1', 'marker']);
      expect(second.received).toEqual(['messageAdded', 'messageAdded', 'messageAdded']);
      // A replica ignores its own events heard back from Redis.
      expect(first.received).toEqual([]);
      expect(first.dropped).toEqual([]);
    });

    it('replicas with another key prefix do not hear them', async () => {
      const prefix = `chatgraph-test:${randomUUID()}:`;
      const first = replica(redisUrl, prefix);
      const second = replica(redisUrl, prefix);
      const elsewhere = replica(redisUrl, `chatgraph-test:${randomUUID()}:`);
      await untilConnected(first, second, elsewhere);
      await first.bus.publish(messageAdded('acct_a', '7', '1'));
      await untilHeard(second, '1');
      await elsewhere.bus.publish(messageAdded('acct_a', '7', 'elsewhere'));
      await untilHeard(elsewhere, 'elsewhere');
      await first.bus.publish(messageAdded('acct_a', '7', 'marker'));
      await untilHeard(second, 'marker');
      expect(heard(elsewhere.heard)).toEqual(['elsewhere']);
      expect(heard(second.heard)).toEqual(['1', 'marker']);
    });
  });

  describe('messages that are not events', () => {
    it('are ignored and counted, with a log line that never shows them, and delivery goes on', async () => {
      const prefix = `chatgraph-test:${randomUUID()}:`;
      const listener = replica(redisUrl, prefix, { maxMessageBytes: 1024 });
      const publisher = replica(redisUrl, prefix);
      await untilConnected(listener, publisher);
      const raw = rawClient(redisUrl);
      const channel = `${prefix}events`;
      await raw.publish(channel, 'not json: secret-body');
      await raw.publish(channel, JSON.stringify({ origin: 'x', event: { kind: 'secret-body' } }));
      await raw.publish(channel, JSON.stringify({ origin: 'x', event: { kind: 'messageAdded' } }));
      await raw.publish(channel, JSON.stringify({ origin: 'x', pad: 'secret-body'.repeat(200) }));
      // An echo of the listener's own: ignored without a word.
      const own = { origin: listener.bus.origin, event: messageAdded('acct_a', '7', 'echo') };
      await raw.publish(channel, JSON.stringify(own));
      await publisher.bus.publish(messageAdded('acct_a', '7', 'marker'));
      await untilHeard(listener, 'marker');

      expect(heard(listener.heard)).toEqual(['marker']);
      expect(listener.dropped).toEqual(['malformed', 'malformed', 'malformed', 'oversize']);
      // One line per kind of drop (more of the same within a minute are held back).
      expect(listener.log).toHaveLength(2);
      expect(listener.log.join('\n')).not.toContain('secret-body');
      expect(listener.log[1]).toContain('at most 1024');
    });

    it('an event larger than a message may be is delivered here but not sent', async () => {
      const prefix = `chatgraph-test:${randomUUID()}:`;
      const small = replica(redisUrl, prefix, { maxMessageBytes: 1024 });
      const other = replica(redisUrl, prefix);
      await untilConnected(small, other);
      await small.bus.publish(messageAdded('acct_a', '7', 'large', 'x'.repeat(2000)));
      await small.bus.publish(messageAdded('acct_a', '7', 'marker'));
      await untilHeard(other, 'marker');
      expect(heard(small.heard)).toEqual(['large', 'marker']);
      expect(heard(other.heard)).toEqual(['marker']);
      expect(small.dropped).toEqual(['oversize']);
    });
  });

  describe('Redis stopped and restarted mid-stream', () => {
    it('delivers locally and says degraded meanwhile, then reconnects and crosses replicas again', async () => {
      const target = new URL(redisUrl);
      const proxy = await TcpProxy.start({
        host: target.hostname,
        port: Number(target.port || 6379),
      });
      cleanup.push(() => proxy.close());
      const url = `redis://127.0.0.1:${proxy.port}`;
      const prefix = `chatgraph-test:${randomUUID()}:`;
      const first = replica(url, prefix);
      const second = replica(url, prefix);
      await untilConnected(first, second);
      const ready = readinessOf(first);
      expect(await ready()).toEqual({
        status: 200,
        body: { ready: true, checks: { config: 'ok', accepting: 'ok', redis: 'ok' } },
      });

      await first.bus.publish(messageAdded('acct_a', '7', 'before'));
      await untilHeard(second, 'before');

      await proxy.close();
      await vi.waitFor(
        () => {
          expect(first.bus.health().connected).toBe(false);
          expect(second.bus.health().connected).toBe(false);
        },
        { timeout: 10_000, interval: 20 },
      );
      const degraded = await ready();
      expect(degraded.status).toBe(200);
      expect(degraded.body).toMatchObject({ ready: true, degraded: true });
      expect((degraded.body.checks as Record<string, string>).redis).toMatch(/^Redis unreachable/);

      // Local delivery goes on; the event is counted as not sent, and publish does not throw.
      await first.bus.publish(messageAdded('acct_a', '7', 'during'));
      await first.bus.publish(accountUpdated('acct_a'));
      expect(heard(first.heard)).toEqual(['before', 'during']);
      expect(first.dropped).toEqual(['redis_unavailable', 'redis_unavailable']);

      expect(first.listening.count).toBe(1);
      await proxy.open();
      await untilConnected(first, second);
      // Told it listens again: what other replicas published meanwhile was missed (the cache
      // clears its memory then).
      expect(first.listening.count).toBe(2);
      expect((await ready()).body).toEqual({
        ready: true,
        checks: { config: 'ok', accepting: 'ok', redis: 'ok' },
      });
      await first.bus.publish(messageAdded('acct_a', '7', 'after'));
      await untilHeard(second, 'after');
      await second.bus.publish(messageAdded('acct_a', '7', 'back'));
      await untilHeard(first, 'back');

      expect(heard(first.heard)).toEqual(['before', 'during', 'after', 'back']);
      expect(heard(second.heard)).toEqual(['before', 'after', 'back']);
      // The outage is told in a few lines, not one per event.
      const outage = first.log.filter((line) => line.includes('unreachable'));
      expect(outage.length).toBeGreaterThanOrEqual(2);
      expect(outage.length).toBeLessThanOrEqual(3);
      expect(first.log.some((line) => line.includes('events cross replicas again'))).toBe(true);
    });
  });

  describe('createLiveEvents', () => {
    it('uses Redis when a connection is given', async () => {
      const connection = new RedisConnection({
        url: redisUrl,
        keyPrefix: `chatgraph-test:${randomUUID()}:`,
      });
      const events = createLiveEvents(connection);
      expect(events.bus).toBeInstanceOf(RedisEventBus);
      await vi.waitFor(() => expect(events.bus.health().connected).toBe(true), {
        timeout: 10_000,
      });
      await events.close();
      expect(events.bus.health()).toEqual({ transport: 'redis', connected: false });
      await connection.close();
    });
  });
});

/** `/ready` of an app with the gateway's checks over this replica's Redis. */
function readinessOf({ connection, bus }: Replica) {
  const checks = gatewayReadinessChecks({
    stopping: () => false,
    redis: { connection, events: bus },
  });
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
    plugins: [useReadiness({ checks })],
    logging: false,
  });
  return async () => {
    const response = await yoga.fetch('http://chatgraph/ready');
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
}
