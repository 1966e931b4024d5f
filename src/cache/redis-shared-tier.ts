import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisConnection } from '../redis/redis-connection.ts';
import { CACHE_KINDS, type CacheKind } from './cache-kind.ts';
import { deepFreeze } from './deep-freeze.ts';
import type { CachedAnswer } from './memory-tier.ts';
import { INVALIDATE, LOOKUP, RELEASE, STORE } from './redis-shared-tier-scripts.ts';
import type { SharedLookup, SharedSnapshot, SharedTier } from './shared-tier.ts';

export interface RedisSharedTierOptions {
  /** The gateway's Redis connection; its owner closes it. */
  connection: RedisConnection;
  /**
   * Largest answer kept in Redis, in bytes (its JSON text and a short header): a larger one is
   * not stored, and one found larger is ignored.
   * @default 2097152 (2 MiB)
   */
  maxAnswerBytes?: number;
  /**
   * How long a claim on a read lasts when its replica never lifts it (it died mid-read), in ms.
   * @default 5000
   */
  claimTtlMs?: number;
  /** How often a read waiting for another replica's answer looks for it, in ms. @default 25 */
  pollIntervalMs?: number;
  /** The clock answers' expiry times are read by (epoch ms). @default Date.now */
  now?: () => number;
}

/**
 * The tag every answer in Redis carries besides its own: dropping it drops everything shared. A
 * replica drops it when one of its own drops failed (Redis unreachable), as soon as Redis is back:
 * what that drop should have made stale can no longer be told apart.
 */
export const EVERY_ANSWER_TAG = '*';

/**
 * Longest an answer lives in Redis, in ms: the config's longest time to live (a day). A generation
 * key must outlive every answer stored under the generation before it (see below).
 */
const MAX_ANSWER_TTL_MS = 24 * 60 * 60 * 1000;

/** How long a generation key lives after its tag is dropped: longer than any answer. */
const GENERATION_TTL_MS = MAX_ANSWER_TTL_MS + 60 * 60 * 1000;

/**
 * Answers shared by every replica, in Redis.
 *
 * Each tag has a generation (`cache:gen:<tag>`, '0' when missing); an answer is stored
 * (`cache:answer:<sha256 of its key>`, for the answer's remaining time to live) with the
 * generations of its tags when its read began, and is served only while they are unchanged. A drop
 * gives each of its tags a new generation, so every answer carrying one goes stale at once on every
 * replica, and a read that began before the drop stores nothing. Lookup, store and drop are each
 * one Lua script: one round trip, atomic.
 *
 * Why generation keys may expire: a drop sets a tag's generation to the next value of one counter
 * (`cache:generation`, never expiring), so no generation value ever comes back. When a generation
 * key expires its tag reads '0' again, which matches only answers stored while the key was missing,
 * before the drop that created it: each of those lived at most MAX_ANSWER_TTL_MS, less than the key
 * (GENERATION_TTL_MS). So generation keys do not pile up, and an expired one revives nothing.
 *
 * A read that finds nothing claims the answer (`cache:claim:<hash>`, SET NX with a short life):
 * other replicas reading it meanwhile wait for its answer, looking for it every `pollIntervalMs`,
 * until it is stored, the claim is lifted without it (then they read it themselves), their wait
 * ends, or their signal aborts. Every command fails at once while Redis is unreachable (see
 * RedisConnection); the cache above treats a failure as a miss.
 */
export class RedisSharedTier implements SharedTier {
  readonly #connection: RedisConnection;
  readonly #maxAnswerBytes: number;
  readonly #claimTtlMs: number;
  readonly #pollIntervalMs: number;
  readonly #now: () => number;
  /** Written in this replica's claims, so that it lifts its own claims only. */
  readonly #claimToken = randomUUID();
  /** A drop of this replica failed: everything shared is dropped once Redis answers again. */
  #dropsMissed = false;
  readonly #onReady = () => void this.#dropMissed().catch(() => {});

  constructor(options: RedisSharedTierOptions) {
    this.#connection = options.connection;
    this.#maxAnswerBytes = options.maxAnswerBytes ?? 2 * 1024 * 1024;
    this.#claimTtlMs = options.claimTtlMs ?? 5_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 25;
    this.#now = options.now ?? Date.now;
    this.#connection.client.on('ready', this.#onReady);
  }

  async lookup(key: string, tags: readonly string[], claim: boolean): Promise<SharedLookup> {
    await this.#dropMissed();
    const reply = (await this.#connection.client.eval(
      LOOKUP,
      ...this.#keys(key, tags),
      claim ? '1' : '0',
      this.#claimToken,
      this.#claimTtlMs,
      this.#maxAnswerBytes,
    )) as [1, string] | [0, string, 0 | 1];
    if (reply[0] === 1) {
      const value = reply[1];
      const answer = readAnswer(value);
      if (answer !== null) return { answer, snapshot: null, claimedElsewhere: false };
      // Unreadable (written by another version?): a miss, under the generations it was stored by.
      return {
        answer: null,
        snapshot: value.slice(0, value.indexOf('\n')),
        claimedElsewhere: false,
      };
    }
    return { answer: null, snapshot: reply[1], claimedElsewhere: reply[2] === 1 };
  }

  async awaitAnswer(
    key: string,
    tags: readonly string[],
    maxWaitMs: number,
    signal: AbortSignal | undefined,
  ): Promise<CachedAnswer | null> {
    // Bounded by a count of looks, not by reading a clock.
    const looks = Math.max(1, Math.ceil(maxWaitMs / this.#pollIntervalMs));
    for (let look = 0; look < looks; look += 1) {
      try {
        await sleep(this.#pollIntervalMs, undefined, { signal });
      } catch {
        return null;
      }
      const found = await this.lookup(key, tags, false);
      if (found.answer !== null) return found.answer;
      if (!found.claimedElsewhere) return null;
    }
    return null;
  }

  async store(
    key: string,
    tags: readonly string[],
    answer: CachedAnswer,
    text: string,
    snapshot: SharedSnapshot,
  ): Promise<void> {
    const ttlMs = Math.min(Math.trunc(answer.expiresAt - this.#now()), MAX_ANSWER_TTL_MS);
    const meta = JSON.stringify({
      kind: answer.kind,
      status: answer.status,
      credits: answer.credits,
      expiresAt: answer.expiresAt,
    } satisfies StoredMeta);
    const value = `${snapshot}\n${meta}\n${text}`;
    if (ttlMs <= 0 || Buffer.byteLength(value) > this.#maxAnswerBytes) {
      await this.release(key);
      return;
    }
    await this.#connection.client.eval(
      STORE,
      ...this.#keys(key, tags),
      snapshot,
      value,
      ttlMs,
      this.#claimToken,
    );
  }

  async release(key: string): Promise<void> {
    await this.#connection.client.eval(RELEASE, 1, this.#claimKey(hashOf(key)), this.#claimToken);
  }

  async invalidate(tags: readonly string[]): Promise<void> {
    try {
      await this.#drop(tags);
    } catch (error) {
      this.#dropsMissed = true;
      throw error;
    }
  }

  /** The connection is the caller's: it may serve others. */
  async close(): Promise<void> {
    this.#connection.client.off('ready', this.#onReady);
  }

  async #drop(tags: readonly string[]): Promise<void> {
    const generationKeys = tags.map((tag) => this.#connection.key(`cache:gen:${tag}`));
    await this.#connection.client.eval(
      INVALIDATE,
      1 + generationKeys.length,
      this.#connection.key('cache:generation'),
      ...generationKeys,
      GENERATION_TTL_MS,
    );
  }

  /** After a drop of this replica failed: drops everything shared, once Redis answers. */
  async #dropMissed(): Promise<void> {
    if (!this.#dropsMissed) return;
    await this.#drop([EVERY_ANSWER_TAG]);
    this.#dropsMissed = false;
  }

  /** `numkeys` and the keys of a script (see redis-shared-tier-scripts.ts). */
  #keys(key: string, tags: readonly string[]): [number, ...string[]] {
    const hash = hashOf(key);
    const generationKeys = [EVERY_ANSWER_TAG, ...tags].map((tag) =>
      this.#connection.key(`cache:gen:${tag}`),
    );
    return [
      2 + generationKeys.length,
      this.#connection.key(`cache:answer:${hash}`),
      this.#claimKey(hash),
      ...generationKeys,
    ];
  }

  #claimKey(hash: string): string {
    return this.#connection.key(`cache:claim:${hash}`);
  }
}

/** What an answer stored in Redis says besides its text. */
interface StoredMeta {
  kind: CacheKind;
  status: number;
  credits: number;
  expiresAt: number;
}

/** Cache keys name paths and queries of any length: Redis keys get a fixed-length digest. */
function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A stored value as an answer (its body parsed and frozen), or null when it cannot be read. */
function readAnswer(value: string): CachedAnswer | null {
  const first = value.indexOf('\n');
  const second = value.indexOf('\n', first + 1);
  if (first < 0 || second < 0) return null;
  const text = value.slice(second + 1);
  try {
    const meta = JSON.parse(value.slice(first + 1, second)) as Partial<StoredMeta>;
    if (!CACHE_KINDS.includes(meta.kind as CacheKind)) return null;
    if (![meta.status, meta.credits, meta.expiresAt].every(Number.isFinite)) return null;
    return {
      kind: meta.kind as CacheKind,
      status: meta.status as number,
      credits: meta.credits as number,
      expiresAt: meta.expiresAt as number,
      body: deepFreeze(JSON.parse(text)),
      bytes: Buffer.byteLength(text),
    };
  } catch {
    return null;
  }
}
