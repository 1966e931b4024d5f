import { describe, expect, it } from 'vitest';
import { type Cursor, Cursors, LazyCursorEdge } from '../src/cursors.ts';
import { connection } from '../src/resolvers/shapes.ts';

/** Real cursors of one deployment, counting how many it signs. */
class CountingCursors extends Cursors {
  signed = 0;

  override encode(cursor: Cursor): string {
    this.signed += 1;
    return super.encode(cursor);
  }
}

describe('LazyCursorEdge', () => {
  describe('a page whose cursors nobody reads', () => {
    it('signs none', () => {
      const cursors = new CountingCursors('secret');
      const edges = [0, 1, 2].map(
        (offset) =>
          new LazyCursorEdge(cursors, { kind: 'chats', list: 'l', offset: offset + 1 }, offset),
      );
      const page = connection(edges, true);
      expect(page.edges.map((edge) => edge.node)).toEqual([0, 1, 2]);
      expect(page.pageInfo.hasNextPage).toBe(true);
      expect(cursors.signed).toBe(0);
    });
  });

  describe('a cursor read', () => {
    it('is signed once, for the cursor the edge was made with', () => {
      const cursors = new CountingCursors('secret');
      const cursor: Cursor = { kind: 'inbox', list: 'l', offsets: [3, null], heads: [5, null] };
      const edge = new LazyCursorEdge(cursors, cursor, 'node');
      const page = connection([edge], false);
      expect(page.pageInfo.endCursor).toBe(edge.cursor);
      expect(page.pageInfo.startCursor).toBe(edge.cursor);
      expect(cursors.signed).toBe(1);
      expect(cursors.decode(edge.cursor, 'inbox', 'l')).toEqual(cursor);
    });
  });

  describe('an empty page', () => {
    it('has no start or end cursor', () => {
      const page = connection([], false);
      expect(page.pageInfo.startCursor).toBeNull();
      expect(page.pageInfo.endCursor).toBeNull();
    });
  });
});
