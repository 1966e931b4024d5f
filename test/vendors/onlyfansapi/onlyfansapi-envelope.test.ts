import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../src/http/errors.ts';
import {
  readOnlyFansApiAccounts,
  readOnlyFansApiList,
  readOnlyFansApiUsers,
} from '../../../src/vendors/onlyfansapi/onlyfansapi-envelope.ts';

const context = { vendor: 'ONLYFANSAPI' as const, routeName: 'onlyfans.messages', status: 200 };

describe('readOnlyFansApiList', () => {
  describe('the current shape', () => {
    it('has more while _pagination.next_page is set', () => {
      const body = {
        data: [{ id: 1 }],
        _pagination: { next_page: 'https://app.onlyfansapi.com/api/acct_X/chats?offset=10' },
      };
      expect(readOnlyFansApiList(body, context)).toEqual({ items: [{ id: 1 }], hasMore: true });
    });

    it('ends when next_page is null or absent', () => {
      expect(readOnlyFansApiList({ data: [], _pagination: { next_page: null } }, context)).toEqual({
        items: [],
        hasMore: false,
      });
      expect(readOnlyFansApiList({ data: [] }, context).hasMore).toBe(false);
    });
  });

  describe('the older shape', () => {
    it('reads data.list and data.hasMore', () => {
      expect(readOnlyFansApiList({ data: { list: [{ id: 2 }], hasMore: true } }, context)).toEqual({
        items: [{ id: 2 }],
        hasMore: true,
      });
    });
  });

  describe('wrong shapes', () => {
    it.each([
      ['data is a string', { data: 'x' }],
      ['data is missing', {}],
      ['data.list is not an array', { data: { list: {} } }],
      ['the body is an array', [1, 2]],
      ['the body is null', null],
    ])('throws UpstreamInvalidResponseError when %s', (_, body) => {
      expect(() => readOnlyFansApiList(body, context)).toThrow(UpstreamInvalidResponseError);
    });
  });
});

describe('readOnlyFansApiAccounts', () => {
  describe('both documented shapes', () => {
    it('reads a bare array and {data: [...]}', () => {
      expect(readOnlyFansApiAccounts([{ id: 'a' }], context)).toEqual([{ id: 'a' }]);
      expect(readOnlyFansApiAccounts({ data: [{ id: 'b' }] }, context)).toEqual([{ id: 'b' }]);
    });

    it('throws UpstreamInvalidResponseError otherwise', () => {
      expect(() => readOnlyFansApiAccounts({ data: {} }, context)).toThrow(
        UpstreamInvalidResponseError,
      );
    });
  });
});

describe('readOnlyFansApiUsers', () => {
  describe('data keyed by user id', () => {
    it('keeps the profiles, an entry without an id taking its key', () => {
      const body = { data: { '11': { id: 11, name: 'A' }, '12': { name: 'B' }, '13': false } };
      expect(readOnlyFansApiUsers(body, context)).toEqual([
        { id: 11, name: 'A' },
        { id: '12', name: 'B' },
      ]);
    });
  });

  describe('data as a list', () => {
    it('keeps the objects only', () => {
      expect(readOnlyFansApiUsers({ data: [{ id: 1 }, null, 'x'] }, context)).toEqual([{ id: 1 }]);
    });
  });

  describe('anything else', () => {
    it('is an invalid response', () => {
      expect(() => readOnlyFansApiUsers({ data: 'users' }, context)).toThrow(
        UpstreamInvalidResponseError,
      );
      expect(() => readOnlyFansApiUsers([], context)).toThrow(UpstreamInvalidResponseError);
    });
  });
});
