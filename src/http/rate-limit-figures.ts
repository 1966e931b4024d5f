import type { ResponseHeaders } from './vendor-request.ts';

/**
 * The rate-limit figures a vendor answer carries, in one shape whatever the vendor calls them:
 * each vendor's {@link import('./response-meta.ts').ResponseMetaReader} fills it in.
 */
export interface RateLimitFigures {
  /** The vendor's allowance per minute, when it says. */
  limitPerMinute: number | null;
  /** Requests left in the current window, when it says. */
  remaining: number | null;
  /** When the window resets (epoch milliseconds), when it says. */
  resetAt: number | null;
}

/** A header's value as a number ≥ 0, null when absent, empty, negative or not a number. */
export function headerNumber(headers: ResponseHeaders, name: string): number | null {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value.trim() === '') return null;
  return nonNegativeNumber(Number(value));
}

/** A JSON value as a number ≥ 0, null when it is not a finite number ≥ 0. */
export function nonNegativeNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/** The figures, or null when they hold nothing. */
export function figuresOrNull(figures: RateLimitFigures): RateLimitFigures | null {
  const empty =
    figures.limitPerMinute === null && figures.remaining === null && figures.resetAt === null;
  return empty ? null : figures;
}

function smallest(...values: Array<number | null>): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : Math.min(...known);
}

/** One answer's figures from two places (headers and body): the lower count wins. */
export function mergeRateLimitFigures(
  first: RateLimitFigures | null,
  second: RateLimitFigures | null,
): RateLimitFigures | null {
  if (first === null || second === null) return first ?? second;
  return {
    limitPerMinute: smallest(first.limitPerMinute, second.limitPerMinute),
    remaining: smallest(first.remaining, second.remaining),
    resetAt: first.resetAt ?? second.resetAt,
  };
}

/**
 * An answer's figures with what its `Retry-After` said (a 429's): nothing left until then. The
 * window's reset the answer names otherwise is when its count restarts, not when to try again;
 * only a count of 0 until a later reset holds longer. The bucket of the credential or account
 * then holds all its calls, not only the retry of this one.
 */
export function withRetryAfter(
  figures: RateLimitFigures | null,
  retryAfterSeconds: number | null,
  now: number,
): RateLimitFigures | null {
  if (retryAfterSeconds === null || retryAfterSeconds <= 0) return figures;
  const retryAt = now + retryAfterSeconds * 1000;
  if (figures?.remaining === 0 && (figures.resetAt ?? 0) > retryAt) return figures;
  return { limitPerMinute: figures?.limitPerMinute ?? null, remaining: 0, resetAt: retryAt };
}
