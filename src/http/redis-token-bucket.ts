import type { Redis } from 'ioredis';

/**
 * A token bucket kept in Redis, one hash per bucket, changed only by Lua scripts so that replicas
 * racing on it see one outcome: `t` the tokens (fractional), `u` when they were counted (epoch
 * ms), `p` until when the vendor asked everyone to hold off. Time is the caller's (`now`), never
 * Redis' TIME: tests drive it, and a replica whose clock lags simply refills nothing until its
 * time passes the last count. A bucket expires once it would have refilled anyway, so an idle
 * credential leaves no key behind.
 */

/** The figures a bucket is sized by, as the caller resolved them. */
export interface BucketLimits {
  requestsPerMinute: number;
  burst: number;
}

/** What one ask of the bucket answered. */
export interface BucketAnswer {
  /** 0: a token was taken; else milliseconds until one may be (ask again then). */
  waitMs: number;
  /** Whether the wait is a vendor's pause (429 `Retry-After`, remaining 0) rather than tokens. */
  paused: boolean;
}

/** Refills the bucket to `now`; shared by every script. ARGV[1] now, ARGV[2] burst, ARGV[3] per ms. */
const REFILL = `
local now = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local perMs = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 't', 'u', 'p')
local tokens = tonumber(state[1]) or capacity
local updated = tonumber(state[2]) or now
local paused = tonumber(state[3]) or 0
if now > updated then
  tokens = tokens + (now - updated) * perMs
  updated = now
end
if tokens > capacity then tokens = capacity end
-- Full precision: tostring keeps 14 digits, and a token accrued by many small steps would fall
-- short of 1 by a rounding.
local function save()
  redis.call('HSET', KEYS[1], 't', string.format('%.17g', tokens), 'u', tostring(updated),
    'p', tostring(paused))
  local ttl = math.ceil(capacity / perMs) + 60000
  if paused > now then ttl = ttl + (paused - now) end
  redis.call('PEXPIRE', KEYS[1], ttl)
end
`;

/** Takes a token, or answers {ms until one may be, 1 when a pause holds it}. */
const TAKE = `${REFILL}
local wait = 0
local held = 0
if now < paused then
  wait = paused - now
  held = 1
end
-- Whole milliseconds, less a rounding's worth: 1 - 0.5 tokens at 1/60000 per ms is 30000 ms.
local accrue = 0
if tokens < 1 then accrue = math.ceil((1 - tokens) / perMs - 1e-6) end
if accrue > wait then
  wait = accrue
  held = 0
end
if wait <= 0 then tokens = tokens - 1 end
save()
return { math.ceil(wait), held }
`;

/**
 * Holds every replica's calls until ARGV[4] (epoch ms); at that time one call may go, and its
 * answer tells the rest (the tokens are set so that exactly one has accrued by then).
 */
const PAUSE = `${REFILL}
local untilMs = tonumber(ARGV[4])
if untilMs > paused then paused = untilMs end
local atReset = 1 - (paused - now) * perMs
if atReset < tokens then tokens = atReset end
save()
return 1
`;

/** Gives back the token of a call that never went out. */
const REFUND = `${REFILL}
tokens = tokens + 1
if tokens > capacity then tokens = capacity end
save()
return 1
`;

const COMMANDS = {
  chatgraphRateTake: TAKE,
  chatgraphRatePause: PAUSE,
  chatgraphRateRefund: REFUND,
} as const;

type BucketCommand = (key: string, ...args: Array<string | number>) => Promise<unknown>;
type WithBucketCommands = Redis & Record<keyof typeof COMMANDS, BucketCommand>;

/**
 * The scripts on one ioredis client (sent by EVALSHA, loaded again when Redis forgot them). Every
 * method is one round trip and rejects when Redis is unreachable: the caller decides.
 */
export class RedisTokenBucket {
  readonly #client: WithBucketCommands;

  constructor(client: Redis) {
    for (const [name, lua] of Object.entries(COMMANDS)) {
      if (!(name in client)) client.defineCommand(name, { numberOfKeys: 1, lua });
    }
    this.#client = client as WithBucketCommands;
  }

  async take(key: string, limits: BucketLimits, now: number): Promise<BucketAnswer> {
    const [waitMs, paused] = (await this.#client.chatgraphRateTake(key, ...args(limits, now))) as [
      number,
      number,
    ];
    return { waitMs: Math.max(0, waitMs), paused: paused === 1 };
  }

  /** Holds the bucket's calls until `untilMs` (a later pause already there stays). */
  async pause(key: string, limits: BucketLimits, untilMs: number, now: number): Promise<void> {
    await this.#client.chatgraphRatePause(key, ...args(limits, now), Math.ceil(untilMs));
  }

  async refund(key: string, limits: BucketLimits, now: number): Promise<void> {
    await this.#client.chatgraphRateRefund(key, ...args(limits, now));
  }
}

function args(limits: BucketLimits, now: number): [number, number, number] {
  return [Math.floor(now), limits.burst, limits.requestsPerMinute / 60_000];
}
