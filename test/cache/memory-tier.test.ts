import { describe, expect, it } from 'vitest';
import type { CacheKind } from '../../src/cache/cache-kind.ts';
import { deepFreeze } from '../../src/cache/deep-freeze.ts';
import { type CachedAnswer, type EvictionReason, MemoryTier } from '../../src/cache/memory-tier.ts';

const NOW = 1_000_000;

function answer(
  bytes: number,
  expiresAt = NOW + 60_000,
  kind: CacheKind = 'chatPages',
): CachedAnswer {
  return { kind, status: 200, body: { bytes }, bytes, credits: 1, expiresAt };
}

function tierWithLog(maxBytes: number, maxTags?: number) {
  const evicted: Array<[CacheKind, EvictionReason]> = [];
  const tier = new MemoryTier({
    maxBytes,
    maxTags,
    onEvict: (kind, reason) => evicted.push([kind, reason]),
  });
  const put = (key: string, bytes: number, tags: string[] = [], expiresAt?: number) =>
    tier.set(key, answer(bytes, expiresAt), tier.snapshot(tags), NOW);
  return { tier, evicted, put };
}

describe('the memory tier of the cache', () => {
  it('answers what it keeps until it expires, then forgets it', () => {
    const { tier, evicted, put } = tierWithLog(10_000);
    expect(tier.get('a', NOW)).toBeUndefined();
    put('a', 100, [], NOW + 10);
    expect(tier.get('a', NOW + 9)?.bytes).toBe(100);
    expect(tier.get('a', NOW + 10)).toBeUndefined();
    expect(evicted).toEqual([['chatPages', 'expired']]);
    expect(tier.size).toEqual({ bytes: 0, entries: 0 });
  });

  it('keeps at most its bytes, dropping the least recently read first', () => {
    const { tier, evicted, put } = tierWithLog(1000);
    put('a', 100);
    put('b', 100);
    put('c', 100);
    tier.get('a', NOW); // a is now the most recently read: b goes first
    for (let index = 0; index < 7; index += 1) put(`fill-${index}`, 100);
    expect(tier.size).toEqual({ bytes: 1000, entries: 10 });
    put('d', 100);
    expect(tier.size.bytes).toBe(1000);
    expect(tier.get('b', NOW)).toBeUndefined();
    expect(tier.get('a', NOW)).toBeDefined();
    expect(tier.get('c', NOW)).toBeDefined();
    expect(evicted).toEqual([['chatPages', 'size']]);
  });

  it('counts bytes, not answers: one large answer pushes out several small ones', () => {
    const { tier, put } = tierWithLog(1000);
    for (let index = 0; index < 10; index += 1) put(`small-${index}`, 100);
    put('large', 120);
    expect(tier.size).toEqual({ bytes: 920, entries: 9 });
    expect(tier.get('small-0', NOW)).toBeUndefined();
    expect(tier.get('small-1', NOW)).toBeUndefined();
  });

  it('does not keep an answer larger than an eighth of its bytes', () => {
    const { tier, put } = tierWithLog(800);
    put('too-large', 101);
    put('fits', 100);
    expect(tier.get('too-large', NOW)).toBeUndefined();
    expect(tier.get('fits', NOW)).toBeDefined();
  });

  it('replacing an answer counts its bytes once', () => {
    const { tier, put } = tierWithLog(1000);
    put('a', 100);
    put('a', 50);
    expect(tier.size).toEqual({ bytes: 50, entries: 1 });
  });

  it('drops every answer carrying a dropped tag at once, and only those', () => {
    const { tier, evicted, put } = tierWithLog(10_000);
    put('chats-1', 10, ['account:V:a1', 'chats:V:a1']);
    put('chat-x', 10, ['account:V:a1', 'chat:V:a1:x']);
    put('chat-y', 10, ['account:V:a1', 'chat:V:a1:y']);
    put('other', 10, ['account:V:a2', 'chats:V:a2']);
    tier.invalidate(['chat:V:a1:x', 'chats:V:a1']);
    expect(tier.get('chats-1', NOW)).toBeUndefined();
    expect(tier.get('chat-x', NOW)).toBeUndefined();
    expect(tier.get('chat-y', NOW)).toBeDefined();
    expect(tier.get('other', NOW)).toBeDefined();
    expect(evicted.map(([, reason]) => reason)).toEqual(['invalidated', 'invalidated']);
    tier.invalidate(['account:V:a1']);
    expect(tier.get('chat-y', NOW)).toBeUndefined();
    expect(tier.size).toEqual({ bytes: 10, entries: 1 });
  });

  it('does not keep the answer of a read that began before one of its tags was dropped', () => {
    const { tier } = tierWithLog(10_000);
    const tags = ['account:V:a1', 'chat:V:a1:x'];
    const before = tier.snapshot(tags);
    tier.invalidate(['chat:V:a1:x']);
    tier.set('page', answer(10), before, NOW);
    expect(tier.get('page', NOW)).toBeUndefined();
    // A read that began after the drop keeps its answer.
    tier.set('page', answer(10), tier.snapshot(tags), NOW);
    expect(tier.get('page', NOW)).toBeDefined();
    // Drops of other tags do not matter.
    const again = tier.snapshot(tags);
    tier.invalidate(['chat:V:a1:y', 'account:V:a2']);
    expect(tier.current(again)).toBe(true);
  });

  it('past its bound of remembered tags drops everything, and reads in flight keep nothing', () => {
    const { tier, put } = tierWithLog(10_000, 3);
    put('a', 10, ['t0']);
    const inFlight = tier.snapshot(['t9']);
    tier.invalidate(['t1', 't2', 't3']);
    expect(tier.size.entries).toBe(1);
    tier.invalidate(['t4']);
    expect(tier.size.entries).toBe(0);
    tier.set('late', answer(10), inFlight, NOW);
    expect(tier.get('late', NOW)).toBeUndefined();
  });
});

describe('deepFreeze', () => {
  it('freezes every object and array of a parsed JSON value, so a change throws', () => {
    const value = deepFreeze(JSON.parse('{"list":[{"id":"1","media":{"url":"u"}}],"n":1}'));
    expect(() => {
      value.list[0].media.url = 'changed';
    }).toThrow(TypeError);
    expect(() => value.list.push({})).toThrow(TypeError);
    expect(value.list[0].media.url).toBe('u');
  });
});
