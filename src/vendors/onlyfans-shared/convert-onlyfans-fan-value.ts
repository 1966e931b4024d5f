import type { FanSpendRecord, FanSubscriptionRecord } from '../../domain.ts';
import { isoUtcOrNull, nonEmptyStringOrNull, numberOrNull, objectOrNull } from './onlyfans-json.ts';

/**
 * What a fan is worth to the creator, from a fan profile's `subscribedOnData` (the fan's
 * subscription *on* the creator; `subscribedByData` is the creator's on the fan). OnlyFans totals
 * the spend per kind, in dollars.
 */

const SPEND_FIELDS = {
  total: 'totalSumm',
  tips: 'tipsSumm',
  messages: 'messagesSumm',
  posts: 'postsSumm',
  subscriptions: 'subscribesSumm',
  streams: 'streamsSumm',
} as const satisfies Record<keyof FanSpendRecord, string>;

/**
 * The fan's spend; null unless every total is a number, so a profile without the figures never
 * reads as a fan who spent nothing.
 */
export function convertOnlyFansFanSpend(subscribedOnData: unknown): FanSpendRecord | null {
  const data = objectOrNull(subscribedOnData);
  if (data === null) return null;
  const spend: Partial<FanSpendRecord> = {};
  for (const [field, key] of Object.entries(SPEND_FIELDS)) {
    const amount = numberOrNull(data[key]);
    if (amount === null || amount < 0) return null;
    spend[field as keyof FanSpendRecord] = amount;
  }
  return spend as FanSpendRecord;
}

/** The fan's subscription; null when the profile carries no `subscribedOnData`. */
export function convertOnlyFansFanSubscription(
  subscribedOnData: unknown,
): FanSubscriptionRecord | null {
  const data = objectOrNull(subscribedOnData);
  if (data === null) return null;
  const price = numberOrNull(data.price);
  return {
    status: nonEmptyStringOrNull(data.status),
    price: price !== null && price >= 0 ? price : null,
    expiresAt: isoUtcOrNull(data.expiredAt),
    renewedAt: isoUtcOrNull(data.renewedAt),
  };
}
