import {
  figuresOrNull,
  headerNumber,
  mergeRateLimitFigures,
  nonNegativeNumber,
  type RateLimitFigures,
} from '../../http/rate-limit-figures.ts';
import type { ResponseMetaReader } from '../../http/response-meta.ts';
import type { ResponseHeaders } from '../../http/vendor-request.ts';

/**
 * OnlyFansAPI reports in every answer's `_meta` the credits the call spent (`_credits.used`) and
 * the API key's per-minute allowance (`_rate_limits {limit_minute, remaining_minute}`); the
 * remaining count comes again as the `x-rate-limit-remaining-minute` header, which still counts
 * when the body cannot be read. Of two remaining counts the lower wins.
 */
export const readOnlyFansApiResponseMeta: ResponseMetaReader = (body, headers) => ({
  credits: creditsOf(body),
  rateLimits: mergeRateLimitFigures(figuresFromHeaders(headers), figuresFromBody(body)),
});

function metaOf(body: unknown): Record<string, unknown> | null {
  if (body === null || typeof body !== 'object') return null;
  const meta = (body as { _meta?: unknown })._meta;
  return meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>) : null;
}

function creditsOf(body: unknown): number {
  const used = (metaOf(body)?._credits as { used?: unknown } | undefined)?.used;
  return typeof used === 'number' && Number.isFinite(used) ? used : 0;
}

function figuresFromHeaders(headers: ResponseHeaders): RateLimitFigures | null {
  return figuresOrNull({
    limitPerMinute: null,
    remaining: headerNumber(headers, 'x-rate-limit-remaining-minute'),
    resetAt: null,
  });
}

function figuresFromBody(body: unknown): RateLimitFigures | null {
  const limits = metaOf(body)?._rate_limits;
  if (limits === null || typeof limits !== 'object') return null;
  const { limit_minute, remaining_minute } = limits as Record<string, unknown>;
  return figuresOrNull({
    limitPerMinute: nonNegativeNumber(limit_minute),
    remaining: nonNegativeNumber(remaining_minute),
    resetAt: null,
  });
}
