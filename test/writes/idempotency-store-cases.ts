import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../src/domain.ts';
import type { IdempotencyStore } from '../../src/writes/idempotency-store.ts';

/**
 * What every IdempotencyStore promises, run against each store (memory, Redis): the same cases,
 * so the two cannot drift apart.
 */

export const sentMessage: MessageRecord = {
  connectedAccount: { vendor: 'ONLYFANSAPI', platform: 'FANSLY', externalId: 'fansly_acct_1' },
  platform: 'FANSLY',
  chatId: '9007199254740993123',
  partnerId: '9007199254740993123',
  platformId: '9007199254740993999',
  senderId: '9007199254740990001',
  isFromCreator: true,
  text: 'hello',
  html: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  isFree: true,
  price: null,
  isRead: null,
  isSeenByPartner: null,
  tipAmount: null,
  media: { kind: 'deferred', refs: [{ kind: 'media', id: '9007199254740990777', position: 0 }] },
};

export function idempotencyStoreCases(makeStore: () => Promise<IdempotencyStore>): void {
  let store: IdempotencyStore;
  beforeEach(async () => {
    store = await makeStore();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('a new key', () => {
    it('is reserved by the first call, and the next sees it PENDING with its fingerprint', async () => {
      expect(await store.get('k')).toBeNull();
      expect(await store.reserve('k', 'fp-1')).toBeNull();
      expect(await store.reserve('k', 'fp-2')).toEqual({ state: 'PENDING', fingerprint: 'fp-1' });
      expect(await store.get('k')).toEqual({ state: 'PENDING', fingerprint: 'fp-1' });
    });
  });

  describe('a key settled SENT', () => {
    it('answers the message, whole, to every later call', async () => {
      await store.reserve('k', 'fp');
      await store.settle('k', { state: 'SENT', fingerprint: 'fp', message: sentMessage });
      const sent = { state: 'SENT', fingerprint: 'fp', message: sentMessage };
      expect(await store.get('k')).toEqual(sent);
      expect(await store.reserve('k', 'fp')).toEqual(sent);
    });
  });

  describe('a key settled UNKNOWN', () => {
    it('is kept: a retry learns the outcome is unknown instead of sending again', async () => {
      await store.reserve('k', 'fp');
      await store.settle('k', {
        state: 'UNKNOWN',
        fingerprint: 'fp',
        errorCode: 'UPSTREAM_TIMEOUT',
      });
      const unknown = { state: 'UNKNOWN', fingerprint: 'fp', errorCode: 'UPSTREAM_TIMEOUT' };
      expect(await store.reserve('k', 'fp')).toEqual(unknown);
      expect(await store.get('k')).toEqual(unknown);
    });
  });

  describe('a key released (proven not sent)', () => {
    it('is gone, and the next call reserves it again', async () => {
      await store.reserve('k', 'fp');
      await store.settle('k', null);
      expect(await store.get('k')).toBeNull();
      expect(await store.reserve('k', 'fp')).toBeNull();
    });
  });

  describe('keys', () => {
    it('are independent of each other', async () => {
      expect(await store.reserve('a', 'fp')).toBeNull();
      expect(await store.reserve('b', 'fp')).toBeNull();
      await store.settle('a', null);
      expect(await store.get('b')).toEqual({ state: 'PENDING', fingerprint: 'fp' });
    });
  });

  describe('20 calls reserving one key at once', () => {
    it('let exactly one reserve it', async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) => store.reserve('race', `fp-${index}`)),
      );
      const winners = answers.flatMap((answer, index) => (answer === null ? [index] : []));
      expect(winners).toHaveLength(1);
      const pending = { state: 'PENDING', fingerprint: `fp-${winners[0]}` };
      for (const answer of answers) if (answer !== null) expect(answer).toEqual(pending);
    });
  });
}
