import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import {
  connectRedis,
  RedisConnection,
  reconnectDelay,
  redactedRedisUrl,
} from '../../src/redis/redis-connection.ts';
import { createIdempotencyStore } from '../../src/writes/create-idempotency-store.ts';
import { MemoryIdempotencyStore } from '../../src/writes/memory-idempotency-store.ts';
import { RedisIdempotencyStore } from '../../src/writes/redis-idempotency-store.ts';

const redisUrl = inject('redisUrl');

const opened: RedisConnection[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((connection) => connection.close()));
});

async function closedUrl(credentials = ''): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return `redis://${credentials}127.0.0.1:${port}`;
}

describe('redactedRedisUrl', () => {
  it('masks the password and keeps the rest', () => {
    expect(redactedRedisUrl('redis://user:hunter2@cache:6380/2')).toBe(
      'redis://user:***@cache:6380/2',
    );
    expect(redactedRedisUrl('rediss://:hunter2@cache')).toBe('rediss://:***@cache');
    expect(redactedRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactedRedisUrl('not a url hunter2')).toBe('(invalid Redis URL)');
  });
});

describe('reconnectDelay', () => {
  it('doubles from 50 ms and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 1000].map((attempt) => reconnectDelay(attempt, 2000))).toEqual([
      50, 100, 200, 400, 800, 1600, 2000, 2000,
    ]);
  });
});

describe('RedisConnection', () => {
  describe.skipIf(redisUrl === '')('to a Redis that answers', () => {
    it('becomes ready, prefixes keys, and closes cleanly', async () => {
      const keyPrefix = `chatgraph-test:${randomUUID()}:`;
      const connection = new RedisConnection({ url: redisUrl, keyPrefix });
      opened.push(connection);
      await connection.untilReady(10_000);
      expect(connection.ready).toBe(true);
      expect(connection.status).toBe('ready');
      expect(connection.key('a')).toBe(`${keyPrefix}a`);
      await connection.close();
      expect(connection.status).toBe('end');
      expect(connection.ready).toBe(false);
    });
  });

  describe('to an address where nothing listens', () => {
    it('keeps reconnecting, logs the outage once, and never logs the password', async () => {
      const url = await closedUrl('user:hunter2@');
      const warnings: string[] = [];
      const connection = new RedisConnection({
        url,
        keyPrefix: 'chatgraph-test:',
        maxReconnectDelayMs: 20,
        log: { info: () => {}, warn: (message) => warnings.push(message) },
      });
      opened.push(connection);
      let reconnects = 0;
      connection.client.on('reconnecting', () => {
        reconnects += 1;
      });
      await vi.waitFor(() => expect(reconnects).toBeGreaterThanOrEqual(3), {
        timeout: 10_000,
        interval: 10,
      });
      expect(connection.ready).toBe(false);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(redactedRedisUrl(url));
      expect(warnings[0]).toContain('ECONNREFUSED');
      expect(warnings.join('\n')).not.toContain('hunter2');
      await expect(connection.untilReady(50)).rejects.toThrow('not ready within 50 ms');
      await connection.close();
      expect(connection.status).toBe('end');
    });
  });
});

describe('connectRedis and createIdempotencyStore', () => {
  it('keep state in the process when no Redis is configured', () => {
    const connection = connectRedis({ keyPrefix: 'chatgraph:' });
    expect(connection).toBeNull();
    expect(createIdempotencyStore(connection)).toBeInstanceOf(MemoryIdempotencyStore);
  });

  it('use Redis when a url is configured', async () => {
    const connection = connectRedis({ url: await closedUrl(), keyPrefix: 'chatgraph:' });
    expect(connection).toBeInstanceOf(RedisConnection);
    opened.push(connection!);
    expect(createIdempotencyStore(connection)).toBeInstanceOf(RedisIdempotencyStore);
  });
});
