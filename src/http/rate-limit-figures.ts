/**
 * The rate-limit figures a vendor response carries, in one shape:
 * - OnlyFansAPI: `_meta._rate_limits {limit_minute, remaining_minute}` in the body and
 *   `x-rate-limit-remaining-minute` in the headers (a per-minute allowance of the API key);
 * - OFAuth: `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (per connection;
 *   the limit is read as requests per minute, as the docs state it, and the reset as epoch seconds,
 *   or seconds from now when the number is small).
 */
export interface RateLimitFigures {
  /** The vendor's allowance per minute, when it says. */
  limitPerMinute: number | null;
  /** Requests left in the current window, when it says. */
  remaining: number | null;
  /** When the window resets (epoch milliseconds), when it says. */
  resetAt: number | null;
}

type Headers = Record<string, string | string[] | undefined>;

function headerNumber(headers: Headers, name: string): number | null {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value.trim() === '') return null;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : null;
}

function bodyNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/** A reset given as epoch seconds, epoch milliseconds or seconds from now. */
function resetTime(value: number | null, now: number): number | null {
  if (value === null) return null;
  if (value >= 1e12) return value;
  if (value >= 1e9) return value * 1000;
  return now + value * 1000;
}

function smallest(...values: Array<number | null>): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : Math.min(...known);
}

/** Reads what the headers say; null when they say nothing about rate limits. */
export function rateLimitFiguresFromHeaders(
  headers: Headers,
  now = Date.now(),
): RateLimitFigures | null {
  const figures: RateLimitFigures = {
    limitPerMinute: headerNumber(headers, 'x-ratelimit-limit'),
    remaining: smallest(
      headerNumber(headers, 'x-ratelimit-remaining'),
      headerNumber(headers, 'x-rate-limit-remaining-minute'),
    ),
    resetAt: resetTime(headerNumber(headers, 'x-ratelimit-reset'), now),
  };
  return hasAny(figures) ? figures : null;
}

/** Reads OnlyFansAPI's `_meta._rate_limits`; null when the body has none. */
export function rateLimitFiguresFromBody(body: unknown): RateLimitFigures | null {
  if (body === null || typeof body !== 'object') return null;
  const limits = (body as { _meta?: { _rate_limits?: Record<string, unknown> } })._meta
    ?._rate_limits;
  if (limits === null || typeof limits !== 'object') return null;
  const figures: RateLimitFigures = {
    limitPerMinute: bodyNumber(limits.limit_minute),
    remaining: bodyNumber(limits.remaining_minute),
    resetAt: null,
  };
  return hasAny(figures) ? figures : null;
}

function hasAny(figures: RateLimitFigures): boolean {
  return figures.limitPerMinute !== null || figures.remaining !== null || figures.resetAt !== null;
}

/** One answer's figures from headers and body together: the lower remaining count wins. */
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
