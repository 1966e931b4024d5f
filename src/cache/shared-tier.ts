import type { CachedAnswer } from './memory-tier.ts';

/**
 * The generations of an answer's tags in the shared tier when its read began, as the tier
 * compares them (opaque to the cache above it).
 */
export type SharedSnapshot = string;

/** What the shared tier holds for a read. */
export interface SharedLookup {
  /** The kept answer; null when there is none (or it is stale). */
  answer: CachedAnswer | null;
  /** To store a fresh answer under (see {@link SharedTier.store}); null when there is an answer. */
  snapshot: SharedSnapshot | null;
  /**
   * Whether another replica is reading the same answer from the vendor now (it claimed it): this
   * replica may wait for its answer ({@link SharedTier.awaitAnswer}) instead of calling.
   */
  claimedElsewhere: boolean;
}

/**
 * Answers kept for every replica (in Redis): consulted after this replica's memory, written after
 * every vendor read. Every method may fail (Redis unreachable); the cache above treats a failure
 * as a miss and goes to the vendor, so the shared tier never fails a read.
 */
export interface SharedTier {
  /**
   * The answer kept under `key` if none of `tags` was dropped since it was stored; otherwise the
   * tags' generations now, and, with `claim`, a claim on reading it (other replicas then wait
   * for this one's answer rather than call the vendor too).
   */
  lookup(key: string, tags: readonly string[], claim: boolean): Promise<SharedLookup>;
  /**
   * Waits for the answer another replica claimed, at most `maxWaitMs` and until `signal`
   * aborts: null when it did not come (then this replica reads it itself).
   */
  awaitAnswer(
    key: string,
    tags: readonly string[],
    maxWaitMs: number,
    signal: AbortSignal | undefined,
  ): Promise<CachedAnswer | null>;
  /**
   * Keeps an answer for every replica unless one of its tags was dropped since `snapshot`, and
   * lifts this replica's claim on it. `text` is the answer's JSON text as the vendor sent it.
   */
  store(
    key: string,
    tags: readonly string[],
    answer: CachedAnswer,
    text: string,
    snapshot: SharedSnapshot,
  ): Promise<void>;
  /** Lifts this replica's claim on a read that failed. */
  release(key: string): Promise<void>;
  /** Drops every answer carrying one of `tags`, for every replica. */
  invalidate(tags: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
