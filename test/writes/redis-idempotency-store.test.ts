import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, afterEach, describe, expect, inject, it, vi } from 'vitest';
import { RedisConnection } from '../../src/redis/redis-connection.ts';
import { IdempotencyStoreUnavailableError } from '../../src/writes/idempotency-store.ts';
import { RedisIdempotencyStore } from '../../src/writes/redis-idempotency-store.ts';
import { redisAnswers } from '../support/services.ts';
import { idempotencyStoreCases, sentMessage } from './idempotency-store-cases.ts';

const redisUrl = inject('redisUrl');
const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
const sent = { state: 'SENT', fingerprint: 'fp', message: sentMessage } as const;

/** Connections a test opened, closed after it. */
const opened: RedisConnection[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((connection) => connection.close()));
});

/** A ready connection to `url`, under `keyPrefix` (unique per test unless shared on purpose). */
async function connect(
  url: string,
  keyPrefix = `chatgraph-test:${randomUUID()}:`,
  options: { commandTimeoutMs?: number } = {},
): Promise<RedisConnection> {
  const connection = new RedisConnection({ url, keyPrefix, maxReconnectDelayMs: 100, ...options });
  opened.push(connection);
  await connection.untilReady(10_000);
  return connection;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** A redis-server of this test's own, on `port`, so the test may stop and start it. */
async function startRedisServer(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await vi.waitFor(
    async () => {
      if (!(await redisAnswers(`redis://127.0.0.1:${port}`))) throw new Error('not yet');
    },
    { timeout: 10_000, interval: 50 },
  );
  return child;
}

async function stopRedisServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await once(child, 'exit');
}

describe.skipIf(redisUrl === '')('RedisIdempotencyStore', () => {
  describe('the store contract', () => {
    idempotencyStoreCases(
      async () => new RedisIdempotencyStore({ connection: await connect(redisUrl) }),
    );
  });

  describe('what it writes', () => {
    it('is JSON under the key prefix, expiring, and settling keeps the expiry', async () => {
      const connection = await connect(redisUrl);
      const store = new RedisIdempotencyStore({ connection, ttlMs: 60_000 });
      await store.reserve('k', 'fp');
      const key = `${connection.keyPrefix}idempotency:k`;
      const pending = JSON.parse((await connection.client.get(key)) ?? 'null');
      expect(pending).toMatchObject({ state: 'PENDING', fingerprint: 'fp' });
      expect(typeof pending.token).toBe('string');
      const ttlPending = await connection.client.pttl(key);
      expect(ttlPending).toBeGreaterThan(0);
      expect(ttlPending).toBeLessThanOrEqual(60_000);
      await store.settle('k', sent);
      expect(JSON.parse((await connection.client.get(key)) ?? 'null')).toEqual(sent);
      const ttlSent = await connection.client.pttl(key);
      expect(ttlSent).toBeGreaterThan(0);
      expect(ttlSent).toBeLessThanOrEqual(ttlPending);
    });
  });

  describe('a key past its ttl', () => {
    it('is forgotten by Redis, and reserved again', async () => {
      const store = new RedisIdempotencyStore({ connection: await connect(redisUrl), ttlMs: 50 });
      expect(await store.reserve('k', 'fp-1')).toBeNull();
      await vi.waitFor(
        async () => {
          if ((await store.get('k')) !== null) throw new Error('not expired yet');
        },
        { timeout: 5000, interval: 20 },
      );
      expect(await store.reserve('k', 'fp-2')).toBeNull();
    });
  });

  describe('a reservation that expired mid-send and was taken by another call', () => {
    it('is not overwritten nor released by the late settle', async () => {
      const keyPrefix = `chatgraph-test:${randomUUID()}:`;
      const first = new RedisIdempotencyStore({
        connection: await connect(redisUrl, keyPrefix),
        ttlMs: 50,
      });
      const second = new RedisIdempotencyStore({ connection: await connect(redisUrl, keyPrefix) });
      expect(await first.reserve('k', 'fp-1')).toBeNull();
      await vi.waitFor(
        async () => {
          if ((await second.reserve('k', 'fp-2')) !== null) throw new Error('not expired yet');
        },
        { timeout: 5000, interval: 20 },
      );
      await first.settle('k', { ...sent, fingerprint: 'fp-1' });
      expect(await second.get('k')).toEqual({ state: 'PENDING', fingerprint: 'fp-2' });
      await first.settle('k', null);
      expect(await second.get('k')).toEqual({ state: 'PENDING', fingerprint: 'fp-2' });
      await second.settle('k', { ...sent, fingerprint: 'fp-2' });
      expect(await first.get('k')).toEqual({ ...sent, fingerprint: 'fp-2' });
    });

    it('still records SENT when nobody took the key meanwhile', async () => {
      const store = new RedisIdempotencyStore({ connection: await connect(redisUrl), ttlMs: 50 });
      await store.reserve('k', 'fp');
      await vi.waitFor(
        async () => {
          if ((await store.get('k')) !== null) throw new Error('not expired yet');
        },
        { timeout: 5000, interval: 20 },
      );
      await store.settle('k', sent);
      expect(await store.get('k')).toEqual(sent);
    });
  });

  describe('two replicas (two connections) racing on one key', () => {
    it('let exactly one reserve it', async () => {
      const keyPrefix = `chatgraph-test:${randomUUID()}:`;
      const replicas = [
        new RedisIdempotencyStore({ connection: await connect(redisUrl, keyPrefix) }),
        new RedisIdempotencyStore({ connection: await connect(redisUrl, keyPrefix) }),
      ];
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          replicas[index % 2]!.reserve('race', `fp-${index}`),
        ),
      );
      expect(answers.filter((answer) => answer === null)).toHaveLength(1);
      // The winner's settle is seen by the other replica.
      const winner = answers.indexOf(null);
      await replicas[winner % 2]!.settle('race', { ...sent, fingerprint: `fp-${winner}` });
      expect(await replicas[(winner + 1) % 2]!.get('race')).toEqual({
        ...sent,
        fingerprint: `fp-${winner}`,
      });
    });
  });

  describe('gateways with different key prefixes on one Redis', () => {
    it('do not see each other’s keys', async () => {
      const a = new RedisIdempotencyStore({ connection: await connect(redisUrl) });
      const b = new RedisIdempotencyStore({ connection: await connect(redisUrl) });
      expect(await a.reserve('k', 'fp')).toBeNull();
      expect(await b.reserve('k', 'fp')).toBeNull();
    });
  });
});

describe('RedisIdempotencyStore without Redis', () => {
  describe('a URL where nothing listens', () => {
    it('fails every call with IdempotencyStoreUnavailableError, without waiting', async () => {
      const connection = new RedisConnection({
        url: `redis://127.0.0.1:${await freePort()}`,
        keyPrefix: 'chatgraph-test:',
      });
      opened.push(connection);
      const store = new RedisIdempotencyStore({ connection });
      // Nothing is queued until a connection exists: each call fails while it is still down.
      await expect(store.reserve('k', 'fp')).rejects.toThrow(IdempotencyStoreUnavailableError);
      await expect(store.settle('k', sent)).rejects.toThrow(IdempotencyStoreUnavailableError);
      await expect(store.get('k')).rejects.toThrow(IdempotencyStoreUnavailableError);
      expect(connection.ready).toBe(false);
    });
  });
});

describe.skipIf(!hasRedisServer)('RedisIdempotencyStore when its Redis stops and restarts', () => {
  let server: ChildProcess | undefined;
  afterAll(async () => {
    if (server) await stopRedisServer(server);
  });

  it('fails at once while Redis is down, and recovers without a new connection', async () => {
    const port = await freePort();
    server = await startRedisServer(port);
    const connection = await connect(`redis://127.0.0.1:${port}`);
    const store = new RedisIdempotencyStore({ connection });
    expect(await store.reserve('before', 'fp')).toBeNull();

    await stopRedisServer(server);
    await vi.waitFor(() => expect(connection.ready).toBe(false), { timeout: 5000, interval: 10 });
    await expect(store.reserve('during', 'fp')).rejects.toThrow(IdempotencyStoreUnavailableError);

    server = await startRedisServer(port);
    await connection.untilReady(10_000);
    // A fresh server: the outage lost nothing this test relies on but the old keys.
    expect(await store.reserve('after', 'fp')).toBeNull();
    expect(await store.reserve('after', 'fp')).toEqual({ state: 'PENDING', fingerprint: 'fp' });
  });

  it('fails a call Redis does not answer after commandTimeoutMs, then serves again', async () => {
    const port = await freePort();
    server = await startRedisServer(port);
    const connection = await connect(`redis://127.0.0.1:${port}`, undefined, {
      commandTimeoutMs: 200,
    });
    const store = new RedisIdempotencyStore({ connection });
    server.kill('SIGSTOP');
    try {
      await expect(store.reserve('k', 'fp')).rejects.toThrow(IdempotencyStoreUnavailableError);
    } finally {
      server.kill('SIGCONT');
    }
    // The reservation was sent before Redis froze, so it may land once Redis resumes: the key is
    // then PENDING (no send happened, and none can until it expires), never anything else.
    const after = await store.get('k');
    expect([null, JSON.stringify({ state: 'PENDING', fingerprint: 'fp' })]).toContain(
      after === null ? null : JSON.stringify(after),
    );
    expect(await store.reserve('other', 'fp')).toBeNull();
  });
});
