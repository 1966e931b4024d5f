import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RedisTokenBucket } from '../../src/http/redis-token-bucket.ts';
import { RedisConnection } from '../../src/redis/redis-connection.ts';

const redisUrl = inject('redisUrl');

/** 5 calls at once, then one a minute: a token every 60 000 ms. */
const LIMITS = { requestsPerMinute: 1, burst: 5 };
const T0 = 1_800_000_000_000;

describe.skipIf(redisUrl === '')('the token bucket in Redis', () => {
  let connection: RedisConnection;
  let bucket: RedisTokenBucket;
  const prefix = `chatgraph-test-${randomUUID()}:`;
  const key = () => connection.key(`rate:test:${randomUUID()}`);

  beforeAll(async () => {
    connection = new RedisConnection({ url: redisUrl, keyPrefix: prefix });
    await connection.untilReady(10_000);
    bucket = new RedisTokenBucket(connection.client);
  });
  afterAll(async () => {
    const keys = await connection.client.keys(`${prefix}*`);
    if (keys.length > 0) await connection.client.del(...keys);
    await connection.close();
  });

  describe('a full bucket', () => {
    it('gives its burst at once, then says how long until the next token', async () => {
      const name = key();
      const answers = [];
      for (let call = 0; call < 6; call += 1) answers.push(await bucket.take(name, LIMITS, T0));
      expect(answers.slice(0, 5)).toEqual(Array(5).fill({ waitMs: 0, paused: false }));
      expect(answers[5]).toEqual({ waitMs: 60_000, paused: false });
    });

    it('refills with the time the caller gives, never beyond the burst', async () => {
      const name = key();
      for (let call = 0; call < 5; call += 1) await bucket.take(name, LIMITS, T0);
      expect(await bucket.take(name, LIMITS, T0 + 30_000)).toEqual({
        waitMs: 30_000,
        paused: false,
      });
      expect((await bucket.take(name, LIMITS, T0 + 60_000)).waitMs).toBe(0);
      expect((await bucket.take(name, LIMITS, T0 + 60_000)).waitMs).toBe(60_000);
      // A day later: 5 again, not 1440.
      const later = T0 + 86_400_000;
      const taken = [];
      for (let call = 0; call < 6; call += 1) taken.push(await bucket.take(name, LIMITS, later));
      expect(taken.map((answer) => answer.waitMs)).toEqual([0, 0, 0, 0, 0, 60_000]);
    });

    it('refills nothing for a caller whose clock lags the last count', async () => {
      const name = key();
      for (let call = 0; call < 5; call += 1) await bucket.take(name, LIMITS, T0 + 10_000);
      expect(await bucket.take(name, LIMITS, T0)).toEqual({ waitMs: 60_000, paused: false });
    });
  });

  describe('a pause (a 429 Retry-After, or remaining 0 until a reset)', () => {
    it('holds every call until then, lets one go at the reset, and the next waits for a token', async () => {
      const name = key();
      await bucket.pause(name, LIMITS, T0 + 30_000, T0);
      expect(await bucket.take(name, LIMITS, T0)).toEqual({ waitMs: 30_000, paused: true });
      expect(await bucket.take(name, LIMITS, T0 + 29_999)).toEqual({ waitMs: 1, paused: true });
      expect((await bucket.take(name, LIMITS, T0 + 30_000)).waitMs).toBe(0);
      expect(await bucket.take(name, LIMITS, T0 + 30_000)).toEqual({
        waitMs: 60_000,
        paused: false,
      });
    });

    it('keeps the later of two pauses', async () => {
      const name = key();
      await bucket.pause(name, LIMITS, T0 + 40_000, T0);
      await bucket.pause(name, LIMITS, T0 + 10_000, T0);
      expect(await bucket.take(name, LIMITS, T0 + 10_000)).toEqual({
        waitMs: 30_000,
        paused: true,
      });
    });
  });

  describe('a refund (a call that never went out)', () => {
    it('gives the token back, up to the burst', async () => {
      const name = key();
      for (let call = 0; call < 5; call += 1) await bucket.take(name, LIMITS, T0);
      await bucket.refund(name, LIMITS, T0);
      expect((await bucket.take(name, LIMITS, T0)).waitMs).toBe(0);
      expect((await bucket.take(name, LIMITS, T0)).waitMs).toBe(60_000);
      const full = key();
      await bucket.refund(full, LIMITS, T0);
      const taken = [];
      for (let call = 0; call < 6; call += 1) taken.push(await bucket.take(full, LIMITS, T0));
      expect(taken.map((answer) => answer.waitMs)).toEqual([0, 0, 0, 0, 0, 60_000]);
    });
  });

  describe('its key', () => {
    it('expires once the bucket would be full again, the pause included', async () => {
      const name = key();
      await bucket.take(name, LIMITS, T0);
      const ttl = await connection.client.pttl(name);
      // 5 tokens at one a minute, and a minute more.
      expect(ttl).toBeGreaterThan(300_000);
      expect(ttl).toBeLessThanOrEqual(360_000);
      await bucket.pause(name, LIMITS, T0 + 50_000, T0);
      expect(await connection.client.pttl(name)).toBeGreaterThan(360_000);
    });
  });

  describe('many callers at once', () => {
    it('hand out exactly the burst, whoever asks', async () => {
      const name = key();
      const other = new RedisConnection({ url: redisUrl, keyPrefix: prefix });
      try {
        await other.untilReady(10_000);
        const second = new RedisTokenBucket(other.client);
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, index) =>
            (index % 2 === 0 ? bucket : second).take(name, LIMITS, T0),
          ),
        );
        expect(answers.filter((answer) => answer.waitMs === 0)).toHaveLength(5);
      } finally {
        await other.close();
      }
    });
  });
});
