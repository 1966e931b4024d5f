import type { CacheKind } from './cache-kind.ts';

/** A vendor answer as kept: its body (frozen: every reader shares it), and what it cost. */
export interface CachedAnswer {
  kind: CacheKind;
  status: number;
  /** The parsed JSON body, deeply frozen. */
  body: unknown;
  /** Size of the answer's JSON text, in UTF-8 bytes: what the byte bound counts. */
  bytes: number;
  /** Credits the vendor charged for it: what every later read of it saves. */
  credits: number;
  /** When it stops being served (epoch milliseconds). */
  expiresAt: number;
}

/**
 * The generations of an answer's tags when its read began. An answer is kept only if none of its
 * tags was dropped since: a read that raced an event never stores what the event made stale.
 */
export interface TagSnapshot {
  readonly tags: readonly string[];
  readonly generations: readonly number[];
}

export type EvictionReason = 'size' | 'expired' | 'invalidated';

export interface MemoryTierOptions {
  /** Bytes of answers kept at most (their JSON text); the least recently read go first. */
  maxBytes: number;
  /**
   * Tags whose generation is remembered at most; past it everything kept is dropped (and every
   * read in flight stores nothing), which is rare and always safe.
   * @default 100000
   */
  maxTags?: number;
  onEvict?(kind: CacheKind, reason: EvictionReason): void;
}

interface Entry {
  key: string;
  answer: CachedAnswer;
  tags: readonly string[];
}

/** How often expired answers are swept out, at most, in milliseconds. */
const SWEEP_INTERVAL_MS = 10_000;

/**
 * One replica's kept answers: a least-recently-read map bounded by the bytes of the answers, with
 * every answer indexed by its tags so that dropping a tag frees its answers at once. A tag's
 * generation counts its drops, so that a read that began before a drop does not store its answer.
 */
export class MemoryTier {
  readonly #entries = new Map<string, Entry>();
  readonly #byTag = new Map<string, Set<string>>();
  readonly #generations = new Map<string, number>();
  readonly #maxBytes: number;
  readonly #maxTags: number;
  readonly #onEvict: MemoryTierOptions['onEvict'];
  /** What a tag never dropped reads as; raised past every generation when all is dropped. */
  #floor = 0;
  #nextGeneration = 1;
  #bytes = 0;
  #nextSweepAt = 0;

  constructor(options: MemoryTierOptions) {
    this.#maxBytes = options.maxBytes;
    this.#maxTags = options.maxTags ?? 100_000;
    this.#onEvict = options.onEvict;
  }

  /** Bytes and answers kept now. */
  get size(): { bytes: number; entries: number } {
    return { bytes: this.#bytes, entries: this.#entries.size };
  }

  /** The answer kept under `key`, if it has not expired; it becomes the most recently read. */
  get(key: string, now: number): CachedAnswer | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.answer.expiresAt <= now) {
      this.#remove(entry, 'expired');
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.answer;
  }

  snapshot(tags: readonly string[]): TagSnapshot {
    return { tags, generations: tags.map((tag) => this.#generation(tag)) };
  }

  /** Whether none of the snapshot's tags was dropped since it was taken. */
  current(snapshot: TagSnapshot): boolean {
    return snapshot.tags.every(
      (tag, index) => this.#generation(tag) === snapshot.generations[index],
    );
  }

  /**
   * Keeps an answer whose read began at `snapshot`; does nothing when one of its tags was dropped
   * since, or when the answer alone would take more than an eighth of the bound.
   */
  set(key: string, answer: CachedAnswer, snapshot: TagSnapshot, now: number): void {
    if (!this.current(snapshot) || answer.bytes > this.#maxBytes / 8) return;
    if (now >= this.#nextSweepAt) this.#sweep(now);
    const previous = this.#entries.get(key);
    if (previous !== undefined) this.#remove(previous, null);
    const entry: Entry = { key, answer, tags: snapshot.tags };
    this.#entries.set(key, entry);
    this.#bytes += answer.bytes;
    for (const tag of entry.tags) {
      let keys = this.#byTag.get(tag);
      if (keys === undefined) {
        keys = new Set();
        this.#byTag.set(tag, keys);
      }
      keys.add(key);
    }
    for (const oldest of this.#entries.values()) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#remove(oldest, 'size');
    }
  }

  /** Drops every answer carrying one of `tags`, and every read of them still in flight. */
  invalidate(tags: readonly string[]): void {
    for (const tag of tags) {
      this.#generations.set(tag, this.#nextGeneration++);
      const keys = this.#byTag.get(tag);
      if (keys === undefined) continue;
      for (const key of [...keys]) {
        const entry = this.#entries.get(key);
        if (entry !== undefined) this.#remove(entry, 'invalidated');
      }
    }
    if (this.#generations.size > this.#maxTags) this.clear();
  }

  /** Drops everything kept, and every read in flight. */
  clear(): void {
    for (const entry of [...this.#entries.values()]) this.#remove(entry, 'invalidated');
    this.#generations.clear();
    this.#floor = this.#nextGeneration++;
  }

  #generation(tag: string): number {
    return this.#generations.get(tag) ?? this.#floor;
  }

  #remove(entry: Entry, reason: EvictionReason | null): void {
    this.#entries.delete(entry.key);
    this.#bytes -= entry.answer.bytes;
    for (const tag of entry.tags) {
      const keys = this.#byTag.get(tag);
      keys?.delete(entry.key);
      if (keys?.size === 0) this.#byTag.delete(tag);
    }
    if (reason !== null) this.#onEvict?.(entry.answer.kind, reason);
  }

  #sweep(now: number): void {
    this.#nextSweepAt = now + SWEEP_INTERVAL_MS;
    for (const entry of [...this.#entries.values()]) {
      if (entry.answer.expiresAt <= now) this.#remove(entry, 'expired');
    }
  }
}
