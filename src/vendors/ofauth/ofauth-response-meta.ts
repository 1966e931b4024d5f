import { figuresOrNull, headerNumber } from '../../http/rate-limit-figures.ts';
import type { ResponseMetaReader } from '../../http/response-meta.ts';

/**
 * OFAuth counts no credits and reports each connection's rate limit in headers:
 * `X-RateLimit-Limit` (read as requests per minute, as its docs state it), `X-RateLimit-Remaining`
 * and `X-RateLimit-Reset`.
 */
export const readOfAuthResponseMeta: ResponseMetaReader = (_body, headers, now) => ({
  credits: 0,
  rateLimits: figuresOrNull({
    limitPerMinute: headerNumber(headers, 'x-ratelimit-limit'),
    remaining: headerNumber(headers, 'x-ratelimit-remaining'),
    resetAt: resetTime(headerNumber(headers, 'x-ratelimit-reset'), now),
  }),
});

/** A reset given as epoch seconds, epoch milliseconds or, when the number is small, seconds from now. */
function resetTime(value: number | null, now: number): number | null {
  if (value === null) return null;
  if (value >= 1e12) return value;
  if (value >= 1e9) return value * 1000;
  return now + value * 1000;
}
