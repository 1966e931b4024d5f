import { describe, expect, it } from 'vitest';
import { readOnlyFansApiResponseMeta } from '../../../src/vendors/onlyfansapi/onlyfansapi-response-meta.ts';
import { useVendorHttpSandbox } from '../../http/vendor-http-sandbox.ts';

const env = useVendorHttpSandbox();
const NOW = 1_700_000_000_000;

describe('readOnlyFansApiResponseMeta', () => {
  describe('an answer with _meta', () => {
    it('reads the credits spent and the per-minute allowance of the key', () => {
      const body = {
        data: [],
        _meta: {
          _credits: { used: 1, balance: 9_999, note: 'Always' },
          _rate_limits: { limit_minute: 1000, remaining_minute: 997, limit_day: null },
        },
      };
      expect(readOnlyFansApiResponseMeta(body, {}, NOW)).toEqual({
        credits: 1,
        rateLimits: { limitPerMinute: 1000, remaining: 997, resetAt: null },
      });
    });

    it('takes the lower of the remaining counts of header and body', () => {
      const body = { _meta: { _rate_limits: { limit_minute: 1000, remaining_minute: 997 } } };
      const headers = { 'x-rate-limit-remaining-minute': '5' };
      expect(readOnlyFansApiResponseMeta(body, headers, NOW).rateLimits).toEqual({
        limitPerMinute: 1000,
        remaining: 5,
        resetAt: null,
      });
    });
  });

  describe('an answer without _meta', () => {
    it('reads the remaining count from the header alone, also when the body was unreadable', () => {
      const headers = { 'x-rate-limit-remaining-minute': '42' };
      const expected = {
        credits: 0,
        rateLimits: { limitPerMinute: null, remaining: 42, resetAt: null },
      };
      expect(readOnlyFansApiResponseMeta({ data: [] }, headers, NOW)).toEqual(expected);
      expect(readOnlyFansApiResponseMeta(undefined, headers, NOW)).toEqual(expected);
    });

    it.each([
      ['no body', undefined],
      ['an empty body', null],
      ['a string', 'Bad Gateway'],
      ['_meta null', { _meta: null }],
      [
        'figures that are not counts',
        {
          _meta: {
            _credits: { used: '1' },
            _rate_limits: { limit_minute: -1, remaining_minute: 'x' },
          },
        },
      ],
    ])('reports nothing for %s', (_name, body) => {
      expect(
        readOnlyFansApiResponseMeta(body, { 'x-rate-limit-remaining-minute': '' }, NOW),
      ).toEqual({ credits: 0, rateLimits: null });
    });
  });

  describe('against the sandbox', () => {
    it('reports the credits the sandbox charged, retries included', async () => {
      env.sandbox.addFault({ route: 'onlyfans.chats', kind: 'status', status: 502, times: 2 });
      const http = env.onlyFansApi({ readResponseMeta: readOnlyFansApiResponseMeta });
      const accounts = env.onlyFansAccounts();
      await Promise.all(accounts.map((account) => env.onlyFansChats(http, account)));
      expect(env.recorded.calls).toHaveLength(accounts.length + 2);
      const credits = env.recorded.calls.reduce((sum, call) => sum + call.credits, 0);
      expect(credits).toBe(accounts.length);
      expect(credits).toBe(env.sandbox.stats().totalCredits);
    });

    it('feeds the figures of _meta._rate_limits to the rate limiter', async () => {
      env.sandbox.addFault({
        route: 'onlyfansapi.accounts',
        kind: 'status',
        status: 200,
        body: { data: [], _meta: { _rate_limits: { limit_minute: 600, remaining_minute: 0 } } },
      });
      const http = env.onlyFansApi({ readResponseMeta: readOnlyFansApiResponseMeta });
      await env.accounts(http);
      expect(http.rateLimitState()).toMatchObject({ requestsPerMinute: 600, tokens: 0 });
    });
  });
});
