import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../src/http/errors.ts';
import { readOfAuthList, readOfAuthUsers } from '../../../src/vendors/ofauth/ofauth-envelope.ts';

const context = { vendor: 'OFAUTH' as const, routeName: 'ofauth.chats', status: 200 };

describe('readOfAuthList', () => {
  describe('the documented shape', () => {
    it('reads list and hasMore', () => {
      expect(readOfAuthList({ list: [{ id: 1 }], hasMore: true, nextOffset: 10 }, context)).toEqual(
        { items: [{ id: 1 }], hasMore: true },
      );
      expect(readOfAuthList({ list: [] }, context).hasMore).toBe(false);
    });

    it('accepts the list wrapped in data', () => {
      expect(readOfAuthList({ data: { list: [], hasMore: false } }, context).items).toEqual([]);
    });
  });

  describe('wrong shapes', () => {
    it.each([
      ['list is an object', { list: {} }],
      ['list is missing', { hasMore: true }],
      ['the body is an array', []],
      ['the body is null', null],
    ])('throws UpstreamInvalidResponseError when %s', (_, body) => {
      expect(() => readOfAuthList(body, context)).toThrow(UpstreamInvalidResponseError);
    });
  });
});

describe('readOfAuthUsers', () => {
  describe('both documented shapes', () => {
    it('reads {users: [...]} and a bare array', () => {
      expect(readOfAuthUsers({ users: [{ id: 1 }] }, context)).toEqual([{ id: 1 }]);
      expect(readOfAuthUsers([{ id: 2 }], context)).toEqual([{ id: 2 }]);
    });

    it('leaves out entries that are not objects (ids the vendor does not know)', () => {
      expect(readOfAuthUsers({ users: [{ id: 1 }, null, 7] }, context)).toEqual([{ id: 1 }]);
    });

    it('throws UpstreamInvalidResponseError otherwise', () => {
      expect(() => readOfAuthUsers({ users: 'x' }, context)).toThrow(UpstreamInvalidResponseError);
    });
  });
});
