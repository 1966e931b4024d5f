import type { Vendor } from '../domain.ts';
import { onAbort } from '../http/abort-listeners.ts';
import { CACHE_KINDS, type CacheHint, type CacheKind, DEFAULT_TTL_SECONDS } from './cache-kind.ts';
import { type CacheSite, tagsOf } from './cache-tags.ts';
import { deepFreeze } from './deep-freeze.ts';
import {
  type CachedAnswer,
  type EvictionReason,
  MemoryTier,
  type TagSnapshot,
} from './memory-tier.ts';
import type { SharedSnapshot, SharedTier } from './shared-tier.ts';

/**
 * How a read was answered: from this replica's memory (`hit`), from the answers every replica
 * shares (`shared`), by a vendor call another request was already making (`coalesced`), by a
 * vendor call of its own (`miss`), or by a vendor call because the caller asked for fresh data
 * (`fresh`).
 */
export type CacheOutcome = 'hit' | 'shared' | 'coalesced' | 'miss' | 'fresh';

/** One read of a kept kind, for `extensions.cost` and metrics. */
export interface CacheReadEvent {
  vendor: Vendor;
  route: string;
  externalId: string | null;
  kind: CacheKind;
  outcome: CacheOutcome;
  /** Credits the vendor would have charged for the call this read did not make. */
  creditsSaved: number;
}

/** What a request asks of the cache: per request, through `CallOptions.cacheRead`. */
export interface CacheReadOptions {
  /** Go to the vendor whatever is kept (the answer is kept for later reads). */
  fresh: boolean;
  onRead?(event: CacheReadEvent): void;
}

/** The same options of the cache, asking for fresh data: for reads that decide a write. */
export function freshRead(options: CacheReadOptions | undefined): CacheReadOptions {
  return { ...options, fresh: true };
}

/** What one vendor read answered, to be kept. */
export interface FetchedAnswer {
  status: number;
  body: unknown;
  /** The JSON text as the vendor sent it. */
  text: string;
  /** Credits the read cost, every attempt included. */
  credits: number;
}

/** A vendor read the cache may answer instead. */
export interface CacheableRead {
  site: CacheSite;
  route: string;
  hint: CacheHint;
  /** What was asked of the vendor: the path with its query, below the vendor's origin. */
  target: string;
  /** The caller's deadline and its options of the cache; none: the read is made as asked. */
  signal?: AbortSignal;
  options?: CacheReadOptions;
  /** The error a reader gets when its own signal aborts while it waits for a joined read. */
  abortError(): Error;
}

/** Hooks for metrics. Every hook is optional and must not throw. */
export interface ResponseCacheObserver {
  onRead?(event: CacheReadEvent): void;
  onEvict?(kind: CacheKind, reason: EvictionReason): void;
  /** The shared tier failed a command; the read went on without it. */
  onSharedError?(error: unknown): void;
}

export interface ResponseCacheOptions {
  /** Bytes of answers this replica keeps in memory. */
  maxBytes: number;
  /** Seconds each kind is kept; 0 keeps nothing of that kind. */
  ttlSeconds?: Partial<Record<CacheKind, number>>;
  /** Answers shared by every replica (Redis); absent: this replica's memory only. */
  shared?: SharedTier;
  /**
   * Longest a read waits for an answer another replica claimed before reading it itself, in ms.
   * @default 2000
   */
  maxSharedWaitMs?: number;
  observer?: ResponseCacheObserver;
  now?: () => number;
}

/** The vendor call a read makes when the cache cannot answer: given a signal and a deadline. */
export type VendorFetch = (signal: AbortSignal | undefined) => Promise<FetchedAnswer>;

/**
 * Vendor answers kept across requests, keyed by what the vendor was asked (vendor, credential,
 * connected account, path and query), never by who asked: the scope checks above run on every
 * request before any read, so a kept answer can only reach a caller allowed its account.
 *
 * A read looks in this replica's memory, then in the shared tier (when configured), then joins a
 * read of the same answer already in flight on this replica, then calls the vendor. Events drop
 * what they make stale (`invalidate`); a read that began before the drop does not keep its answer.
 */
export class ResponseCache {
  readonly #memory: MemoryTier;
  readonly #shared: SharedTier | undefined;
  readonly #ttlMs: Readonly<Record<CacheKind, number>>;
  readonly #maxSharedWaitMs: number;
  readonly #observer: ResponseCacheObserver;
  readonly #now: () => number;
  readonly #inFlight = new Map<string, InFlightRead>();

  constructor(options: ResponseCacheOptions) {
    this.#observer = options.observer ?? {};
    this.#memory = new MemoryTier({
      maxBytes: options.maxBytes,
      onEvict: (kind, reason) => this.#observer.onEvict?.(kind, reason),
    });
    this.#shared = options.shared;
    this.#maxSharedWaitMs = options.maxSharedWaitMs ?? 2_000;
    this.#now = options.now ?? Date.now;
    const ttlMs = {} as Record<CacheKind, number>;
    for (const kind of CACHE_KINDS) {
      ttlMs[kind] = (options.ttlSeconds?.[kind] ?? DEFAULT_TTL_SECONDS[kind]) * 1000;
    }
    this.#ttlMs = ttlMs;
  }

  /** Bytes and answers this replica keeps now. */
  get size(): { bytes: number; entries: number } {
    return this.#memory.size;
  }

  /** Whether answers are shared with other replicas. */
  get sharedAcrossReplicas(): boolean {
    return this.#shared !== undefined;
  }

  /** The answer to a read: kept, shared, joined or fetched (see the class comment). */
  async read(read: CacheableRead, fetch: VendorFetch): Promise<{ status: number; body: unknown }> {
    const ttlMs = this.#ttlMs[read.hint.kind];
    if (ttlMs <= 0) return fetch(read.signal);
    const key = keyOf(read);
    const fresh = read.options?.fresh === true;
    if (!fresh) {
      const kept = this.#memory.get(key, this.#now());
      if (kept !== undefined) return this.#answered(read, 'hit', kept);
      const inFlight = this.#inFlight.get(key);
      if (inFlight !== undefined && this.#memory.current(inFlight.snapshot)) {
        return this.#joined(read, inFlight);
      }
    }
    // Tags only for a read that goes on: a hit, the warm path, needs none.
    const tags = tagsOf(read.site, read.hint);
    const snapshot = this.#memory.snapshot(tags);
    const inFlight = new InFlightRead(snapshot, read.abortError);
    const reading = this.#readThrough(read, key, tags, snapshot, ttlMs, fresh, inFlight, fetch);
    inFlight.settle(reading);
    // Fresh reads do not take the place of a read others may join: they may be behind it.
    if (!fresh) {
      this.#inFlight.set(key, inFlight);
      const forget = () => {
        if (this.#inFlight.get(key) === inFlight) this.#inFlight.delete(key);
      };
      reading.then(forget, forget);
    }
    try {
      const answer = await inFlight.answerFor(read.signal);
      return this.#answered(read, inFlight.outcome, answer);
    } finally {
      inFlight.leave(read.signal);
    }
  }

  /** Drops every kept answer carrying one of `tags`, here and (when shared) on every replica. */
  async invalidate(tags: readonly string[]): Promise<void> {
    this.#memory.invalidate(tags);
    if (this.#shared === undefined) return;
    await this.#shared.invalidate(tags).catch((error: unknown) => this.#sharedFailed(error));
  }

  /** Drops what this replica keeps in memory, for a drop it heard from another replica. */
  invalidateHere(tags: readonly string[]): void {
    this.#memory.invalidate(tags);
  }

  /** Drops all this replica keeps (it may have missed other replicas' drops). */
  clearHere(): void {
    this.#memory.clear();
  }

  async close(): Promise<void> {
    await this.#shared?.close();
  }

  async #readThrough(
    read: CacheableRead,
    key: string,
    tags: readonly string[],
    snapshot: TagSnapshot,
    ttlMs: number,
    fresh: boolean,
    inFlight: InFlightRead,
    fetch: VendorFetch,
  ): Promise<CachedAnswer> {
    const shared = this.#shared;
    let sharedSnapshot: SharedSnapshot | null = null;
    let claimed = false;
    if (shared !== undefined) {
      const found = await shared
        .lookup(key, tags, !fresh)
        .catch((error: unknown) => this.#sharedFailed(error));
      if (found && !fresh && found.answer !== null) {
        this.#keep(key, found.answer, snapshot);
        inFlight.outcome = 'shared';
        return found.answer;
      }
      if (found && !fresh && found.claimedElsewhere) {
        const answer = await shared
          .awaitAnswer(key, tags, this.#maxSharedWaitMs, inFlight.signal)
          .catch((error: unknown) => this.#sharedFailed(error));
        if (answer) {
          this.#keep(key, answer, snapshot);
          inFlight.outcome = 'shared';
          return answer;
        }
      }
      sharedSnapshot = found ? found.snapshot : null;
      claimed = found !== undefined && !fresh && !found.claimedElsewhere;
    }
    let fetched: FetchedAnswer;
    try {
      fetched = await fetch(inFlight.signal);
    } catch (error) {
      if (claimed) shared?.release(key).catch((failure: unknown) => this.#sharedFailed(failure));
      throw error;
    }
    const answer: CachedAnswer = {
      kind: read.hint.kind,
      status: fetched.status,
      body: deepFreeze(fetched.body),
      bytes: Buffer.byteLength(fetched.text),
      credits: fetched.credits,
      expiresAt: this.#now() + ttlMs,
    };
    this.#keep(key, answer, snapshot);
    if (shared !== undefined && sharedSnapshot !== null) {
      // Not awaited: the caller has its answer; other replicas find it a moment later.
      shared
        .store(key, tags, answer, fetched.text, sharedSnapshot)
        .catch((error: unknown) => this.#sharedFailed(error));
    }
    inFlight.outcome = fresh ? 'fresh' : 'miss';
    return answer;
  }

  #keep(key: string, answer: CachedAnswer, snapshot: TagSnapshot): void {
    if (answer.expiresAt > this.#now()) this.#memory.set(key, answer, snapshot, this.#now());
  }

  async #joined(
    read: CacheableRead,
    inFlight: InFlightRead,
  ): Promise<{ status: number; body: unknown }> {
    try {
      const answer = await inFlight.answerFor(read.signal);
      return this.#answered(read, 'coalesced', answer);
    } finally {
      inFlight.leave(read.signal);
    }
  }

  #answered(
    read: CacheableRead,
    outcome: CacheOutcome,
    answer: CachedAnswer,
  ): { status: number; body: unknown } {
    const event: CacheReadEvent = {
      vendor: read.site.vendor,
      route: read.route,
      externalId: read.site.externalId,
      kind: read.hint.kind,
      outcome,
      creditsSaved: outcome === 'miss' || outcome === 'fresh' ? 0 : answer.credits,
    };
    read.options?.onRead?.(event);
    this.#observer.onRead?.(event);
    return { status: answer.status, body: answer.body };
  }

  #sharedFailed(error: unknown): undefined {
    this.#observer.onSharedError?.(error);
    return undefined;
  }
}

/** The key of an answer: what was asked, of which vendor, with which credential, for whom. */
function keyOf(read: CacheableRead): string {
  const { vendor, credentialId, externalId } = read.site;
  return `${vendor}|${credentialId}|${externalId ?? ''}|${read.target}`;
}

/**
 * A vendor read in flight that later identical reads join. It goes on while one of its readers
 * waits: its signal aborts only when every reader has gone (each reader stops waiting when its own
 * signal aborts). A reader without a signal keeps it going: the vendor call's own timeouts bound it.
 */
class InFlightRead {
  readonly snapshot: TagSnapshot;
  readonly #controller = new AbortController();
  readonly #abortError: () => Error;
  #readers = 0;
  #promise: Promise<CachedAnswer> | null = null;
  #settled = false;
  outcome: CacheOutcome = 'miss';

  constructor(snapshot: TagSnapshot, abortError: () => Error) {
    this.snapshot = snapshot;
    this.#abortError = abortError;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  settle(promise: Promise<CachedAnswer>): void {
    this.#promise = promise;
    const settled = () => {
      this.#settled = true;
    };
    promise.then(settled, settled);
  }

  /** The answer, or the reader's own abort: the read goes on for the readers still waiting. */
  answerFor(signal: AbortSignal | undefined): Promise<CachedAnswer> {
    const promise = this.#promise!;
    if (signal === undefined) {
      this.#readers = Number.POSITIVE_INFINITY;
      return promise;
    }
    this.#readers += 1;
    if (signal.aborted) return Promise.reject(this.#abortError());
    return new Promise<CachedAnswer>((resolve, reject) => {
      const stopListening = onAbort(signal, () => reject(this.#abortError()));
      promise.then(
        (answer) => {
          stopListening();
          resolve(answer);
        },
        (error: unknown) => {
          stopListening();
          reject(error);
        },
      );
    });
  }

  /** A reader stopped waiting (answered or aborted). */
  leave(signal: AbortSignal | undefined): void {
    if (signal === undefined) return;
    this.#readers -= 1;
    if (this.#readers <= 0 && !this.#settled) {
      this.#controller.abort(new DOMException('every reader went away', 'AbortError'));
    }
  }
}
