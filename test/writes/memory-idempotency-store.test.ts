import { describe, expect, it } from 'vitest';
import { IdempotencyStoreUnavailableError } from '../../src/writes/idempotency-store.ts';
import { MemoryIdempotencyStore } from '../../src/writes/memory-idempotency-store.ts';
import { idempotencyStoreCases, sentMessage } from './idempotency-store-cases.ts';

const sent = { state: 'SENT', fingerprint: 'fp', message: sentMessage } as const;

describe('MemoryIdempotencyStore', () => {
  describe('the store contract', () => {
    idempotencyStoreCases(async () => new MemoryIdempotencyStore());
  });

  describe('expiry (on a clock the test moves)', () => {
    it('forgets a key ttlMs after its reservation, settled or not', async () => {
      let now = 1_000_000;
      const store = new MemoryIdempotencyStore({ ttlMs: 1000, now: () => now });
      await store.reserve('pending', 'fp');
      await store.reserve('sent', 'fp');
      now += 999;
      await store.settle('sent', sent);
      expect(await store.get('pending')).toEqual({ state: 'PENDING', fingerprint: 'fp' });
      expect(await store.get('sent')).toEqual(sent);
      now += 1;
      // Settling kept the reservation's expiry: both are gone at once.
      expect(await store.get('pending')).toBeNull();
      expect(await store.get('sent')).toBeNull();
      expect(await store.reserve('pending', 'fp-2')).toBeNull();
    });

    it('defaults to 24 hours', async () => {
      let now = 0;
      const store = new MemoryIdempotencyStore({ now: () => now });
      await store.reserve('k', 'fp');
      now = 86_400_000 - 1;
      expect(await store.get('k')).not.toBeNull();
      now = 86_400_000;
      expect(await store.get('k')).toBeNull();
    });
  });

  describe('the bound', () => {
    it('evicts settled keys, least recently used first, never a send in flight', async () => {
      const store = new MemoryIdempotencyStore({ maxKeys: 2 });
      await store.reserve('in-flight', 'fp');
      for (const key of ['a', 'b', 'c']) {
        await store.reserve(key, 'fp');
        await store.settle(key, sent);
      }
      expect(await store.get('a')).toBeNull();
      expect(await store.get('b')).toEqual(sent);
      expect(await store.get('c')).toEqual(sent);
      expect(await store.get('in-flight')).toEqual({ state: 'PENDING', fingerprint: 'fp' });
    });

    it('refuses a reservation beyond maxPending rather than forget one', async () => {
      let now = 0;
      const store = new MemoryIdempotencyStore({ maxPending: 2, ttlMs: 1000, now: () => now });
      await store.reserve('a', 'fp');
      await store.reserve('b', 'fp');
      await expect(store.reserve('c', 'fp')).rejects.toThrow(IdempotencyStoreUnavailableError);
      // A settled reservation makes room; so does one that expired unsettled.
      await store.settle('a', null);
      expect(await store.reserve('c', 'fp')).toBeNull();
      now += 1000;
      expect(await store.reserve('d', 'fp')).toBeNull();
    });
  });
});
