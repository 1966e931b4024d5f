import { describe, expect, it } from 'vitest';
import { readOfAuthResponseMeta } from '../../../src/vendors/ofauth/ofauth-response-meta.ts';
import { ManualClock } from '../../http/manual-clock.ts';
import { useVendorHttpSandbox } from '../../http/vendor-http-sandbox.ts';

const env = useVendorHttpSandbox();
const NOW = 1_700_000_000_000;

describe('readOfAuthResponseMeta', () => {
  describe('the X-RateLimit headers', () => {
    it('read as a limit per minute, a remaining count and a reset in epoch seconds', () => {
      const headers = {
        'x-ratelimit-limit': '60',
        'x-ratelimit-remaining': '59',
        'x-ratelimit-reset': '1700000060',
      };
      expect(readOfAuthResponseMeta({ list: [] }, headers, NOW)).toEqual({
        credits: 0,
        rateLimits: { limitPerMinute: 60, remaining: 59, resetAt: 1_700_000_060_000 },
      });
    });

    it('take a reset in epoch milliseconds as it is, and a small one as seconds from now', () => {
      const reset = (value: string) =>
        readOfAuthResponseMeta(undefined, { 'x-ratelimit-reset': value }, NOW).rateLimits?.resetAt;
      expect(reset('1700000060000')).toBe(1_700_000_060_000);
      expect(reset('30')).toBe(NOW + 30_000);
    });

    it('say nothing when absent or not counts', () => {
      expect(readOfAuthResponseMeta({ list: [] }, {}, NOW)).toEqual({
        credits: 0,
        rateLimits: null,
      });
      const garbled = { 'x-ratelimit-limit': 'many', 'x-ratelimit-remaining': '-1' };
      expect(readOfAuthResponseMeta(undefined, garbled, NOW).rateLimits).toBeNull();
    });
  });

  describe('against the sandbox', () => {
    it("re-sizes the connection's bucket to the limit the answer reports", async () => {
      const http = env.ofAuth({
        rateLimit: { requestsPerMinute: 5000, burst: 5000 },
        readResponseMeta: readOfAuthResponseMeta,
        clock: new ManualClock(),
      });
      const [connection, other] = env.ofAuthConnections();
      expect(http.rateLimitState(connection)).toMatchObject({ requestsPerMinute: 5000 });
      const response = await env.ofAuthChats(http, connection!);
      const limit = Number(response.headers['x-ratelimit-limit']);
      const remaining = Number(response.headers['x-ratelimit-remaining']);
      expect(limit).toBeLessThan(5000);
      const state = http.rateLimitState(connection)!;
      expect(state.requestsPerMinute).toBe(limit);
      expect(state.burst).toBe(limit);
      expect(state.tokens).toBe(remaining);
      expect(http.rateLimitState(other)).toMatchObject({ requestsPerMinute: 5000 });
    });
  });
});
