import { describe, expect, it } from 'vitest';
import { withRetryAfter } from '../../src/http/rate-limit-figures.ts';

const NOW = 1_800_000_000_000;

describe('withRetryAfter', () => {
  describe('an answer without Retry-After (or 0)', () => {
    it('leaves its figures as they are', () => {
      const figures = { limitPerMinute: 60, remaining: 3, resetAt: NOW + 40_000 };
      expect(withRetryAfter(figures, null, NOW)).toBe(figures);
      expect(withRetryAfter(null, 0, NOW)).toBeNull();
    });
  });

  describe('a 429 with Retry-After', () => {
    it('says nothing is left until then, keeping the vendor limit', () => {
      expect(withRetryAfter(null, 30, NOW)).toEqual({
        limitPerMinute: null,
        remaining: 0,
        resetAt: NOW + 30_000,
      });
      expect(
        withRetryAfter({ limitPerMinute: 60, remaining: 5, resetAt: NOW + 50_000 }, 30, NOW),
      ).toEqual({ limitPerMinute: 60, remaining: 0, resetAt: NOW + 30_000 });
    });

    it("keeps the vendor's own hold when it says nothing is left until later", () => {
      const figures = { limitPerMinute: 60, remaining: 0, resetAt: NOW + 50_000 };
      expect(withRetryAfter(figures, 30, NOW)).toBe(figures);
    });
  });
});
