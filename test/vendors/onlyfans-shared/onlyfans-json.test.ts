import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../src/http/errors.ts';
import {
  idOrNull,
  invalidResponse,
  isoUtcOrNull,
  numberOrNull,
  requireArray,
  requireId,
} from '../../../src/vendors/onlyfans-shared/onlyfans-json.ts';
import { contextFor } from './onlyfans-fixtures.ts';

describe('onlyfans-json', () => {
  describe('idOrNull', () => {
    it('turns integers into their decimal string', () => {
      expect(idOrNull(1234567890123)).toBe('1234567890123');
      expect(idOrNull(0)).toBe('0');
    });

    it('keeps string ids exactly, even beyond 2^53', () => {
      expect(idOrNull('900719925474099312')).toBe('900719925474099312');
    });

    it('refuses what is not an id', () => {
      for (const value of [null, undefined, '', '  ', 1.5, true, {}, []]) {
        expect(idOrNull(value)).toBeNull();
      }
    });
  });

  describe('isoUtcOrNull', () => {
    it('converts an offset time to UTC with milliseconds', () => {
      expect(isoUtcOrNull('2025-01-01T01:01:01+00:00')).toBe('2025-01-01T01:01:01.000Z');
      expect(isoUtcOrNull('2025-01-01T01:01:01+02:00')).toBe('2024-12-31T23:01:01.000Z');
      expect(isoUtcOrNull('2025-06-30T22:15:00.123-05:30')).toBe('2025-07-01T03:45:00.123Z');
    });

    it('reads a time without an offset as UTC', () => {
      expect(isoUtcOrNull('2025-01-01T01:01:01')).toBe('2025-01-01T01:01:01.000Z');
      expect(isoUtcOrNull('2025-01-01 01:01:01')).toBe('2025-01-01T01:01:01.000Z');
    });

    it('reads epoch seconds and milliseconds', () => {
      expect(isoUtcOrNull(1735693261)).toBe('2025-01-01T01:01:01.000Z');
      expect(isoUtcOrNull(1735693261000)).toBe('2025-01-01T01:01:01.000Z');
    });

    it('answers null for missing or unreadable times', () => {
      for (const value of [null, undefined, '', 'yesterday', {}, Number.NaN]) {
        expect(isoUtcOrNull(value)).toBeNull();
      }
    });
  });

  describe('numberOrNull', () => {
    it('reads numbers and numeric strings', () => {
      expect(numberOrNull(4.99)).toBe(4.99);
      expect(numberOrNull('4.99')).toBe(4.99);
      expect(numberOrNull('')).toBeNull();
      expect(numberOrNull('abc')).toBeNull();
      expect(numberOrNull(null)).toBeNull();
    });
  });

  describe('errors', () => {
    it('throws UpstreamInvalidResponseError naming vendor, route, account and status', () => {
      const error = invalidResponse(contextFor(), 'data is not an array');
      expect(error).toBeInstanceOf(UpstreamInvalidResponseError);
      expect(error).toMatchObject({
        vendor: 'ONLYFANSAPI',
        route: 'onlyfans.messages',
        externalId: 'acct_0123456789abcdef0123456789abcdef',
        status: 200,
        code: 'UPSTREAM_INVALID_RESPONSE',
      });
      expect(error.message).toContain('data is not an array');
    });

    it('requireId and requireArray throw instead of answering garbage', () => {
      expect(() => requireId(undefined, 'message id', contextFor())).toThrow(
        UpstreamInvalidResponseError,
      );
      expect(() => requireArray({}, 'data', contextFor())).toThrow(UpstreamInvalidResponseError);
      expect(requireArray([1], 'data', contextFor())).toEqual([1]);
    });
  });
});
