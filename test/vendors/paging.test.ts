import { describe, expect, it } from 'vitest';
import { fetchOffsetWindow, type OffsetPage, planOffsetCalls } from '../../src/vendors/paging.ts';

/** A vendor list of `total` entries served in pages, recording every call it answers. */
function vendorList(total: number, options: { dropAt?: Set<number> } = {}) {
  const calls: Array<{ offset: number; limit: number }> = [];
  const fetchPage = async ({ offset, limit }: { offset: number; limit: number }) => {
    calls.push({ offset, limit });
    const items: number[] = [];
    for (let position = offset; position < Math.min(offset + limit, total); position++) {
      if (!options.dropAt?.has(position)) items.push(position);
    }
    return { items, hasMore: offset + limit < total } satisfies OffsetPage<number>;
  };
  return { calls, fetchPage };
}

const onlyFansSizes = { max: 30, allowed: [10, 20, 30] };

describe('planOffsetCalls', () => {
  describe('with fixed page sizes (10, 20, 30)', () => {
    it('covers 25 with one call of 30', () => {
      expect(planOffsetCalls(0, 25, onlyFansSizes)).toEqual([{ offset: 0, limit: 30 }]);
    });

    it('covers 100 with three full pages and one of 10', () => {
      expect(planOffsetCalls(40, 100, onlyFansSizes)).toEqual([
        { offset: 40, limit: 30 },
        { offset: 70, limit: 30 },
        { offset: 100, limit: 30 },
        { offset: 130, limit: 10 },
      ]);
    });

    it('uses the smallest size that covers a small remainder', () => {
      expect(planOffsetCalls(0, 1, onlyFansSizes)).toEqual([{ offset: 0, limit: 10 }]);
      expect(planOffsetCalls(0, 11, onlyFansSizes)).toEqual([{ offset: 0, limit: 20 }]);
    });
  });

  describe('with any size up to a maximum', () => {
    it('covers 25 with 20 plus 5', () => {
      expect(planOffsetCalls(0, 25, { max: 20 })).toEqual([
        { offset: 0, limit: 20 },
        { offset: 20, limit: 5 },
      ]);
    });

    it('covers 100 in one call where the vendor serves 100', () => {
      expect(planOffsetCalls(7, 100, { max: 100 })).toEqual([{ offset: 7, limit: 100 }]);
    });
  });
});

describe('fetchOffsetWindow', () => {
  describe('in the middle of a long list', () => {
    it('returns an exact page and the offset after it', async () => {
      const list = vendorList(200);
      const window = await fetchOffsetWindow(30, 25, onlyFansSizes, list.fetchPage);
      expect(window.items).toEqual(Array.from({ length: 25 }, (_, index) => 30 + index));
      expect(window.nextOffset).toBe(55);
      expect(list.calls).toEqual([{ offset: 30, limit: 30 }]);
    });
  });

  describe('at the end of the list', () => {
    it('returns what is left and no next offset', async () => {
      const list = vendorList(47);
      const window = await fetchOffsetWindow(40, 20, { max: 20 }, list.fetchPage);
      expect(window.items).toEqual([40, 41, 42, 43, 44, 45, 46]);
      expect(window.nextOffset).toBeNull();
    });

    it('says the list ended when the last page is exactly full', async () => {
      const list = vendorList(40);
      const window = await fetchOffsetWindow(0, 40, { max: 20 }, list.fetchPage);
      expect(window.items).toHaveLength(40);
      expect(window.nextOffset).toBeNull();
      expect(list.calls).toHaveLength(2);
    });
  });

  describe('paging to exhaustion', () => {
    it.each([1, 7, 20, 25, 30, 100])('sees every entry once with first=%i', async (first) => {
      const list = vendorList(233);
      const seen: number[] = [];
      let offset: number | null = 0;
      while (offset !== null) {
        const window: { items: number[]; nextOffset: number | null } = await fetchOffsetWindow(
          offset,
          first,
          onlyFansSizes,
          list.fetchPage,
        );
        seen.push(...window.items);
        offset = window.nextOffset;
      }
      expect(seen).toEqual(Array.from({ length: 233 }, (_, index) => index));
    });
  });

  describe('when the vendor drops entries from a page but says more follow', () => {
    it('tops the page up from where the last call ended', async () => {
      const list = vendorList(100, { dropAt: new Set([3, 4]) });
      const window = await fetchOffsetWindow(0, 10, { max: 10 }, list.fetchPage);
      expect(window.items).toEqual([0, 1, 2, 5, 6, 7, 8, 9, 10, 11]);
      expect(list.calls).toEqual([
        { offset: 0, limit: 10 },
        { offset: 10, limit: 2 },
      ]);
      expect(window.nextOffset).toBe(12);
    });
  });
});
