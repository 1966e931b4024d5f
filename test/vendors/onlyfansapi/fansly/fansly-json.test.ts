import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../../src/http/errors.ts';
import {
  dollarsFromThousandths,
  expectObject,
  firstLocation,
  isoFromMillis,
  isoFromSeconds,
  optionalId,
  requiredId,
} from '../../../../src/vendors/onlyfansapi/fansly/fansly-json.ts';
import { contextFor } from './fansly-fixtures.ts';

const context = contextFor('fansly.messages');

describe('fansly-json', () => {
  describe('ids', () => {
    it('keeps string snowflakes beyond 2^53 exactly', () => {
      const id = '918197866982297601';
      expect(optionalId(id)).toBe(id);
      expect(BigInt(optionalId(id)!)).toBeGreaterThan(2n ** 53n);
    });

    it('turns a numeric id into a string (its precision was already lost by JSON.parse)', () => {
      expect(optionalId(12345)).toBe('12345');
      expect(optionalId(JSON.parse('918197866982297601'))).not.toBe('918197866982297601');
    });

    it('treats empty, fractional and non-id values as absent', () => {
      expect(optionalId('')).toBeNull();
      expect(optionalId(1.5)).toBeNull();
      expect(optionalId({})).toBeNull();
      expect(optionalId(null)).toBeNull();
    });

    it('throws an invalid-response error naming the route for a missing required id', () => {
      const error = (() => {
        try {
          requiredId(undefined, context, 'a message id');
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(UpstreamInvalidResponseError);
      expect(error).toMatchObject({
        vendor: 'ONLYFANSAPI',
        route: 'fansly.messages',
        externalId: 'fansly_acct_test',
        code: 'UPSTREAM_INVALID_RESPONSE',
      });
    });
  });

  describe('shapes', () => {
    it('rejects arrays and null where an object is expected', () => {
      expect(() => expectObject([], context, 'data')).toThrow(UpstreamInvalidResponseError);
      expect(() => expectObject(null, context, 'data')).toThrow(UpstreamInvalidResponseError);
    });
  });

  describe('times', () => {
    it('reads message times as seconds, fractions included', () => {
      expect(isoFromSeconds(1700000000)).toBe('2023-11-14T22:13:20.000Z');
      expect(isoFromSeconds(1700000000.25)).toBe('2023-11-14T22:13:20.250Z');
    });

    it('reads account times as milliseconds', () => {
      expect(isoFromMillis(1700000000123)).toBe('2023-11-14T22:13:20.123Z');
    });

    it('answers null for absent or non-numeric times', () => {
      expect(isoFromSeconds(null)).toBeNull();
      expect(isoFromSeconds('soon')).toBeNull();
      expect(isoFromMillis(undefined)).toBeNull();
    });
  });

  describe('money', () => {
    it('turns thousandths of a dollar into dollars', () => {
      expect(dollarsFromThousandths(15000)).toBe(15);
      expect(dollarsFromThousandths(1999)).toBe(1.999);
      expect(dollarsFromThousandths(4990)).toBe(4.99);
    });

    it('answers null for zero, absent or negative amounts', () => {
      expect(dollarsFromThousandths(0)).toBeNull();
      expect(dollarsFromThousandths(undefined)).toBeNull();
      expect(dollarsFromThousandths(-5)).toBeNull();
    });
  });

  describe('locations', () => {
    it('takes the first non-empty location', () => {
      expect(
        firstLocation([{ locationId: '1', location: '' }, { location: 'https://cdn/a.jpeg' }]),
      ).toBe('https://cdn/a.jpeg');
      expect(firstLocation([])).toBeNull();
      expect(firstLocation(undefined)).toBeNull();
    });
  });
});
