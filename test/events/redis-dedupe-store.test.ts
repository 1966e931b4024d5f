import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server, Socket } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createDedupeStore } from '../../src/events/create-dedupe-store.ts';
import { MemoryDedupeStore } from '../../src/events/memory-dedupe-store.ts';
import { RedisDedupeStore } from '../../src/events/redis-dedupe-store.ts';
import { RedisConnection } from '../../src/redis/redis-connection.ts';

const redisUrl = inject('redisUrl');

const opened: Array<{ close(): Promise<void> | void }> = [];
afterEach(async () => {
  for (const resource of opened.splice(0).reverse()) await resource.close();
});

async function connect(url: string, keyPrefix: string): Promise<RedisConnection> {
  const connection = new RedisConnection({
    url,
    keyPrefix,
    maxReconnectDelayMs: 50,
    commandTimeoutMs: 500,
  });
  opened.push(connection);
  await connection.untilReady(10_000);
  return connection;
}

/**
 * A TCP proxy in front of Redis that the test can cut (every connection dropped, new ones
 * refused) and restore on the same port: Redis "goes down" without touching the shared server.
 */
async function redisProxy(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let listenPort = 0;
  const open = async () => {
    server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(Number(port || 6379), hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    server.listen(listenPort, '127.0.0.1');
    await once(server, 'listening');
    listenPort = (server.address() as { port: number }).port;
  };
  const cut = async () => {
    const closing = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (closing) {
      closing.close();
      await once(closing, 'close');
    }
  };
  await open();
  opened.push({ close: cut });
  return { url: () => `redis://127.0.0.1:${listenPort}`, cut, restore: open };
}

describe('createDedupeStore', () => {
  it('keeps keys in memory without Redis', () => {
    expect(createDedupeStore(null)).toBeInstanceOf(MemoryDedupeStore);
  });
});

describe.skipIf(redisUrl === '')('RedisDedupeStore', () => {
  it('sees a key first once, across stores sharing one Redis (replicas)', async () => {
    const prefix = `chatgraph-test:${randomUUID()}:`;
    const replicaOne = new RedisDedupeStore({ connection: await connect(redisUrl, prefix) });
    const replicaTwo = new RedisDedupeStore({ connection: await connect(redisUrl, prefix) });
    expect(await replicaOne.firstSighting('webhook:ONLYFANSAPI:evt_1', 60_000)).toBe(true);
    expect(await replicaTwo.firstSighting('webhook:ONLYFANSAPI:evt_1', 60_000)).toBe(false);
    expect(await replicaOne.firstSighting('webhook:ONLYFANSAPI:evt_1', 60_000)).toBe(false);
    expect(await replicaTwo.firstSighting('webhook:OFAUTH:evt_1', 60_000)).toBe(true);
  });

  it('writes its keys under the connection prefix, expiring after the time to live', async () => {
    const prefix = `chatgraph-test:${randomUUID()}:`;
    const connection = await connect(redisUrl, prefix);
    const store = createDedupeStore(connection);
    expect(store).toBeInstanceOf(RedisDedupeStore);
    await store.firstSighting('webhook:OFAUTH:msg_1', 86_400_000);
    const ttl = await connection.client.pttl(`${prefix}seen:webhook:OFAUTH:msg_1`);
    expect(ttl).toBeGreaterThan(86_000_000);
    expect(ttl).toBeLessThanOrEqual(86_400_000);
  });

  it('answers from memory while Redis is unreachable, and from Redis again once it is back', async () => {
    const prefix = `chatgraph-test:${randomUUID()}:`;
    const proxy = await redisProxy(redisUrl);
    const connection = await connect(proxy.url(), prefix);
    const store = new RedisDedupeStore({ connection });
    const other = new RedisDedupeStore({ connection: await connect(redisUrl, prefix) });
    expect(await store.firstSighting('seen-before', 60_000)).toBe(true);

    await proxy.cut();
    // Never throws: the key seen before is still a repeat here, a new one is first here.
    expect(await store.firstSighting('seen-before', 60_000)).toBe(false);
    expect(await store.firstSighting('seen-while-down', 60_000)).toBe(true);
    expect(await store.firstSighting('seen-while-down', 60_000)).toBe(false);

    await proxy.restore();
    await connection.untilReady(10_000);
    expect(await store.firstSighting('after', 60_000)).toBe(true);
    expect(await other.firstSighting('after', 60_000)).toBe(false);
  });
});
