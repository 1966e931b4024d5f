/**
 * Page-size translation. Callers ask for any count from 1 to 100 at an offset; vendors take only
 * some page sizes (OnlyFans chats: 10, 20 or 30; OFAuth: 1–20; Fansly: 1–100). These helpers make
 * the fewest vendor calls that cover the window, in parallel, and cut the result to an exact page.
 */

export interface PageSizes {
  /** Largest page the vendor serves. */
  max: number;
  /** The only sizes the vendor accepts, ascending; absent when any size from 1 to `max` is fine. */
  allowed?: readonly number[];
}

export interface PlannedCall {
  offset: number;
  limit: number;
}

/**
 * Splits the window `[offset, offset + count)` into vendor calls: full pages of `max`, then the
 * smallest allowed size that covers the remainder (so `count` 25 with sizes 10/20/30 is one call
 * of 30, later sliced to 25).
 */
export function planOffsetCalls(offset: number, count: number, sizes: PageSizes): PlannedCall[] {
  const calls: PlannedCall[] = [];
  let next = offset;
  let remaining = count;
  while (remaining > 0) {
    let limit = Math.min(remaining, sizes.max);
    if (sizes.allowed) {
      limit = sizes.allowed.find((size) => size >= limit) ?? sizes.max;
    }
    calls.push({ offset: next, limit });
    next += limit;
    remaining -= limit;
  }
  return calls;
}

export interface OffsetPage<T> {
  items: T[];
  /** Whether the vendor says more entries follow this page. */
  hasMore: boolean;
}

export interface OffsetWindow<T> {
  items: T[];
  /** Offset of the next page, or null when the list is exhausted. */
  nextOffset: number | null;
}

/**
 * Fetches exactly `count` entries starting at `offset` (fewer only at the end of the list).
 *
 * The planned calls run in parallel. A page shorter than its limit ends the list unless the vendor
 * says more follow (vendors may drop entries from a page and still count them in offsets); then
 * the window is topped up from where the last call ended, one round of calls at a time.
 */
export async function fetchOffsetWindow<T>(
  offset: number,
  count: number,
  sizes: PageSizes,
  fetchPage: (call: PlannedCall) => Promise<OffsetPage<T>>,
): Promise<OffsetWindow<T>> {
  const items: T[] = [];
  let nextOffset = offset;
  let remaining = count;
  while (remaining > 0) {
    const calls = planOffsetCalls(nextOffset, remaining, sizes);
    const pages = await Promise.all(calls.map(fetchPage));
    for (const [index, page] of pages.entries()) {
      const call = calls[index]!;
      if (remaining <= 0) break;
      if (page.items.length > remaining) {
        // The next page starts right after the last kept entry. Should the vendor have dropped
        // entries from this page, that offset can only fall earlier: a repeat, never a loss.
        items.push(...page.items.slice(0, remaining));
        return { items, nextOffset: call.offset + remaining };
      }
      items.push(...page.items);
      remaining -= page.items.length;
      nextOffset = call.offset + call.limit;
      if (page.items.length < call.limit && !page.hasMore) {
        return { items, nextOffset: null };
      }
      if (remaining === 0) {
        const later = pages.slice(index + 1);
        const hasMore =
          later.length === 0
            ? page.hasMore
            : later.some((next) => next.items.length > 0 || next.hasMore);
        return { items, nextOffset: hasMore ? nextOffset : null };
      }
    }
  }
  return { items, nextOffset };
}
