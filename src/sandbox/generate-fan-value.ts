import type { SandboxFanSpend, SandboxFanValue } from './dataset-types.ts';
import { DATASET_NOW } from './generate-chats.ts';
import type { Random } from './random.ts';

const DAY = 86_400;
const SUBSCRIPTION_PRICES = [0, 4.99, 9.99, 14.99] as const;

/** Whole cents, so sums stay exact in dollars. */
function cents(dollars: number): number {
  return Math.round(dollars * 100) / 100;
}

/** Skewed towards small amounts with a long tail, as fans' spending is. */
function skewed(random: Random, scale: number): number {
  return cents(random.next() ** 3 * scale);
}

function generateSpend(random: Random, price: number, durationDays: number): SandboxFanSpend {
  const roll = random.next();
  // About a quarter of fans never paid anything (a free subscription, no tips, no unlocks).
  if (roll < 0.25) {
    return { total: 0, tips: 0, messages: 0, posts: 0, subscriptions: 0, streams: 0 };
  }
  // A few whales spend an order of magnitude more.
  const scale = roll > 0.95 ? 2500 : 200;
  const subscriptions = cents(price * Math.max(1, Math.ceil(durationDays / 30)));
  const tips = random.chance(0.6) ? skewed(random, scale) : 0;
  const messages = random.chance(0.7) ? skewed(random, scale) : 0;
  const posts = random.chance(0.3) ? skewed(random, scale / 4) : 0;
  const streams = random.chance(0.1) ? skewed(random, scale / 8) : 0;
  const total = cents(tips + messages + posts + subscriptions + streams);
  return { total, tips, messages, posts, subscriptions, streams };
}

/**
 * A fan's subscription and spend, drawn from its own stream so the rest of the dataset does not
 * depend on it. About 5% of fans come without figures (the platform sends no `subscribedOnData`).
 */
export function generateFanValue(random: Random): SandboxFanValue | null {
  if (random.chance(0.05)) return null;
  const price = random.pick(SUBSCRIPTION_PRICES);
  // Most fans are recent; a few have stayed for years.
  const durationDays = 1 + Math.floor(random.next() ** 3 * 900);
  const renewedAt = DATASET_NOW - random.int(0, 29) * DAY - random.int(0, DAY - 1);
  return {
    spend: generateSpend(random, price, durationDays),
    price,
    status: random.chance(0.25) ? 'Set to Expire' : null,
    renewedAt,
    expiresAt: renewedAt + 30 * DAY,
    durationDays,
  };
}
