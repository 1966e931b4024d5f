import { describe, expect, it } from 'vitest';
import {
  errorForStatus,
  parseRetryAfter,
  UpstreamBadRequestError,
  UpstreamForbiddenError,
  UpstreamInvalidResponseError,
  UpstreamNotFoundError,
  UpstreamRateLimitedError,
  UpstreamUnauthenticatedError,
  UpstreamUnavailableError,
} from '../../src/http/errors.ts';

const where = { vendor: 'OFAUTH' as const, route: 'ofauth.chats', externalId: 'conn_1' };

describe('errorForStatus', () => {
  describe('for each status class', () => {
    it.each([
      [400, UpstreamBadRequestError, 'UPSTREAM_BAD_REQUEST'],
      [422, UpstreamBadRequestError, 'UPSTREAM_BAD_REQUEST'],
      [401, UpstreamUnauthenticatedError, 'UPSTREAM_UNAUTHENTICATED'],
      [403, UpstreamForbiddenError, 'UPSTREAM_FORBIDDEN'],
      [404, UpstreamNotFoundError, 'NOT_FOUND'],
      [429, UpstreamRateLimitedError, 'UPSTREAM_RATE_LIMITED'],
      [408, UpstreamUnavailableError, 'UPSTREAM_UNAVAILABLE'],
      [502, UpstreamUnavailableError, 'UPSTREAM_UNAVAILABLE'],
      [503, UpstreamUnavailableError, 'UPSTREAM_UNAVAILABLE'],
      [302, UpstreamInvalidResponseError, 'UPSTREAM_INVALID_RESPONSE'],
    ])('maps %i to %o', (status, errorClass, code) => {
      const error = errorForStatus(status, where);
      expect(error).toBeInstanceOf(errorClass);
      expect(error.code).toBe(code);
      expect(error.status).toBe(status);
      expect(error.vendor).toBe('OFAUTH');
      expect(error.route).toBe('ofauth.chats');
      expect(error.externalId).toBe('conn_1');
    });
  });

  describe('retryability', () => {
    it('is true only for rate limits, unavailability and timeouts', () => {
      expect(errorForStatus(429, where).isRetryable).toBe(true);
      expect(errorForStatus(503, where).isRetryable).toBe(true);
      expect(errorForStatus(401, where).isRetryable).toBe(false);
      expect(errorForStatus(400, where).isRetryable).toBe(false);
    });
  });

  describe('a 429 with Retry-After', () => {
    it('carries the seconds to wait', () => {
      const error = errorForStatus(429, { ...where, retryAfter: '17' });
      expect(error).toBeInstanceOf(UpstreamRateLimitedError);
      expect((error as UpstreamRateLimitedError).retryAfterSeconds).toBe(17);
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120')).toBe(120);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
  });

  it('answers null for a missing or unreadable value', () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('')).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
