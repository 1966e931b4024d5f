import type { Vendor } from '../domain.ts';
import type { UpstreamErrorCode } from './errors.ts';

/**
 * Hooks for metrics and logs on what the resilience layer decides. Every payload names the
 * vendor, route and connected account, never a URL, a header or a key. A hook that throws is
 * ignored: observability never changes the outcome of a call.
 */

/** Where a decision was taken. */
export interface VendorCallSite {
  vendor: Vendor;
  /** The route's name, e.g. `ofauth.chats`. */
  route: string;
  externalId: string | null;
}

/** A failed attempt is about to be retried. */
export interface RetryInfo extends VendorCallSite {
  /** The attempt that failed, 1-based. */
  attempt: number;
  /** How long the layer waits before the next attempt, in milliseconds. */
  delayMs: number;
  /** What the vendor asked for (`Retry-After`), in milliseconds; null when it did not say. */
  retryAfterMs: number | null;
  errorCode: UpstreamErrorCode;
  status: number | null;
}

/** What one vendor call cost and how it ended, for metering (`extensions.cost`, metrics, logs). */
export interface UpstreamCallEvent extends VendorCallSite {
  /** Which attempt of the call this was, 1-based: every retry is a call of its own. */
  attempt: number;
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  /** Credits the vendor reported spending on this call; 0 where it counts none. */
  credits: number;
  errorCode: string | null;
  /**
   * How long the attempt took, in milliseconds: from sending the request to the body read or the
   * failure (waits for the rate limit or between retries not included).
   */
  durationMs: number;
}

export type UpstreamCallObserver = (event: UpstreamCallEvent) => void;

export type CircuitState = 'closed' | 'open' | 'half-open';

/** The breaker of one connected account (or of the credential, for calls made for none) moved. */
export interface CircuitStateChangeInfo {
  vendor: Vendor;
  externalId: string | null;
  from: CircuitState;
  to: CircuitState;
  /** Consecutive failures counted when it opened; 0 on other moves. */
  consecutiveFailures: number;
}

/** A call queued behind the client-side rate limit. */
export interface RateLimitWaitInfo extends VendorCallSite {
  /** Expected wait, in milliseconds, when the call joined the queue. */
  waitMs: number;
  /** Calls already waiting in the same bucket. */
  queued: number;
  /** `tokens`: the bucket is empty; `paused`: the vendor said to hold off (429, remaining 0). */
  reason: 'tokens' | 'paused';
}

export interface VendorHttpEvents {
  /**
   * After every HTTP attempt of every call, whoever made it (the request's own observer is told
   * first): for metrics and traces of all vendor traffic, start-up calls included.
   */
  onCall?(event: UpstreamCallEvent): void;
  /** Before each retry's wait. */
  onRetry?(info: RetryInfo): void;
  /** On every move of a circuit breaker. */
  onCircuitStateChange?(info: CircuitStateChangeInfo): void;
  /** When a call has to wait for the rate limit (not when it goes at once). */
  onRateLimitWait?(info: RateLimitWaitInfo): void;
  /** When a call has to wait because its account has `maxInFlightPerAccount` calls in flight. */
  onAccountSlotWait?(info: VendorCallSite): void;
  /**
   * When a call that would draw on the budget replicas share (Redis) drew on this replica's own
   * share instead, Redis being unreachable.
   */
  onRateBudgetFallback?(info: VendorCallSite): void;
}

/** Calls a hook, ignoring what it throws. */
export function emit<T>(hook: ((info: T) => void) | undefined, info: T): void {
  if (hook === undefined) return;
  try {
    hook(info);
  } catch {
    // A broken metrics hook must not fail or retry a vendor call.
  }
}
