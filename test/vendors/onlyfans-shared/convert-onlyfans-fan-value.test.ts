import { describe, expect, it } from 'vitest';
import {
  convertOnlyFansFanSpend,
  convertOnlyFansFanSubscription,
} from '../../../src/vendors/onlyfans-shared/convert-onlyfans-fan-value.ts';

/** `fan.subscribedOnData` of the documented `GET /api/{account}/chats` example, with spend. */
function subscribedOnData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    price: 4.99,
    status: null,
    isMuted: false,
    duration: '22 days',
    newPrice: 0,
    tipsSumm: 40,
    expiredAt: '2025-01-01T01:01:01+00:00',
    postsSumm: 15.5,
    renewedAt: '2024-12-02T01:01:01+00:00',
    totalSumm: 120.47,
    streamsSumm: 0,
    messagesSumm: 50,
    subscribesSumm: 14.97,
    ...overrides,
  };
}

describe('convertOnlyFansFanSpend', () => {
  describe('a profile with the totals', () => {
    it('reads every total in dollars', () => {
      expect(convertOnlyFansFanSpend(subscribedOnData())).toEqual({
        total: 120.47,
        tips: 40,
        messages: 50,
        posts: 15.5,
        subscriptions: 14.97,
        streams: 0,
      });
    });

    it('keeps a fan who spent nothing as zeros the vendor said', () => {
      const none = subscribedOnData({
        totalSumm: 0,
        tipsSumm: 0,
        messagesSumm: 0,
        postsSumm: 0,
        subscribesSumm: 0,
      });
      expect(convertOnlyFansFanSpend(none)?.total).toBe(0);
    });

    it('accepts quoted amounts', () => {
      expect(convertOnlyFansFanSpend(subscribedOnData({ totalSumm: '120.47' }))?.total).toBe(
        120.47,
      );
    });
  });

  describe('a profile without them', () => {
    it('is null, never zeros, when the data or a total is missing or unusable', () => {
      expect(convertOnlyFansFanSpend(undefined)).toBeNull();
      expect(convertOnlyFansFanSpend(null)).toBeNull();
      const { tipsSumm: _dropped, ...withoutTips } = subscribedOnData();
      expect(convertOnlyFansFanSpend(withoutTips)).toBeNull();
      expect(convertOnlyFansFanSpend(subscribedOnData({ totalSumm: null }))).toBeNull();
      expect(convertOnlyFansFanSpend(subscribedOnData({ totalSumm: -1 }))).toBeNull();
      expect(convertOnlyFansFanSpend(subscribedOnData({ totalSumm: 'n/a' }))).toBeNull();
    });
  });
});

describe('convertOnlyFansFanSubscription', () => {
  it('reads status, price and the dates in UTC', () => {
    expect(convertOnlyFansFanSubscription(subscribedOnData({ status: 'Set to Expire' }))).toEqual({
      status: 'Set to Expire',
      price: 4.99,
      expiresAt: '2025-01-01T01:01:01.000Z',
      renewedAt: '2024-12-02T01:01:01.000Z',
    });
  });

  it('leaves out what the profile does not say', () => {
    expect(
      convertOnlyFansFanSubscription({ status: '', price: null, expiredAt: null, renewedAt: '' }),
    ).toEqual({ status: null, price: null, expiresAt: null, renewedAt: null });
    expect(convertOnlyFansFanSubscription(undefined)).toBeNull();
  });
});
