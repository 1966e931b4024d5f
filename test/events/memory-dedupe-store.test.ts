import { describe, expect, it } from 'vitest';
import { MemoryDedupeStore } from '../../src/events/memory-dedupe-store.ts';

describe('MemoryDedupeStore', () => {
  it('sees a key first once while it lives', async () => {
    const store = new MemoryDedupeStore();
    expect(await store.firstSighting('message-1', 60_000)).toBe(true);
    expect(await store.firstSighting('message-1', 60_000)).toBe(false);
  });

  it('keeps the newest `max` keys: an older one is seen first again', async () => {
    const store = new MemoryDedupeStore({ max: 2 });
    for (const key of ['message-1', 'message-2', 'message-3']) {
      expect(await store.firstSighting(key, 60_000)).toBe(true);
    }
    expect(store.size).toBe(2);
    expect(await store.firstSighting('message-3', 60_000)).toBe(false);
    expect(await store.firstSighting('message-1', 60_000)).toBe(true);
  });
});
