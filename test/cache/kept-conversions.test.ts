import { describe, expect, it, vi } from 'vitest';
import { deepFreeze } from '../../src/cache/deep-freeze.ts';
import { convertKeptBody, MAX_VARIANTS_PER_BODY } from '../../src/cache/kept-conversions.ts';

/** A vendor body as the response cache keeps it: parsed JSON, deep-frozen. */
function keptBody() {
  return deepFreeze({ list: [{ id: '1', text: 'hello' }], hasMore: false });
}

function convertList(body: { list: ReadonlyArray<{ id: string; text: string }> }) {
  return { items: body.list.map((raw) => ({ platformId: raw.id, text: raw.text.toUpperCase() })) };
}

describe('convertKeptBody', () => {
  describe('a kept (frozen) body', () => {
    it('is converted once per variant: later reads get the same object', () => {
      const body = keptBody();
      const convert = vi.fn(() => convertList(body));
      const first = convertKeptBody(body, 'chats', convert);
      const second = convertKeptBody(body, 'chats', convert);
      expect(second).toBe(first);
      expect(convert).toHaveBeenCalledTimes(1);
      expect(first).toEqual({ items: [{ platformId: '1', text: 'HELLO' }] });
    });

    it('keeps each variant apart', () => {
      const body = keptBody();
      const plain = convertKeptBody(body, 'plain', () => convertList(body));
      const tagged = convertKeptBody(body, 'tagged', () => ({ ...convertList(body), tag: 'x' }));
      expect(tagged).not.toBe(plain);
      expect(tagged).toEqual({ ...plain, tag: 'x' });
      expect(convertKeptBody(body, 'plain', () => convertList(body))).toBe(plain);
      expect(convertKeptBody(body, 'tagged', () => convertList(body))).toBe(tagged);
    });

    it('gives records no request can change', () => {
      const body = keptBody();
      const converted = convertKeptBody(body, 'chats', () => convertList(body));
      expect(() => {
        converted.items[0]!.text = 'changed';
      }).toThrow(TypeError);
      expect(() => converted.items.push({ platformId: '2', text: 'more' })).toThrow(TypeError);
      expect(convertKeptBody(body, 'chats', () => convertList(body)).items).toEqual([
        { platformId: '1', text: 'HELLO' },
      ]);
    });

    it('keeps no conversion of a body the converter failed on', () => {
      const body = keptBody();
      const failing = () => {
        throw new Error('not a list');
      };
      expect(() => convertKeptBody(body, 'chats', failing)).toThrow('not a list');
      const convert = vi.fn(() => convertList(body));
      convertKeptBody(body, 'chats', convert);
      expect(convert).toHaveBeenCalledTimes(1);
    });

    it(`keeps at most ${MAX_VARIANTS_PER_BODY} variants, converting the others every time`, () => {
      const body = keptBody();
      for (let index = 0; index < MAX_VARIANTS_PER_BODY; index++) {
        convertKeptBody(body, `variant ${index}`, () => convertList(body));
      }
      const extra = vi.fn(() => convertList(body));
      const first = convertKeptBody(body, 'one more', extra);
      const second = convertKeptBody(body, 'one more', extra);
      expect(extra).toHaveBeenCalledTimes(2);
      expect(second).not.toBe(first);
      expect(second).toEqual(first);
    });
  });

  describe('a body the cache did not keep (not frozen)', () => {
    it('is converted on every read, and its records stay the caller’s own', () => {
      const body = { list: [{ id: '1', text: 'hello' }], hasMore: false };
      const convert = vi.fn(() => convertList(body));
      const first = convertKeptBody(body, 'chats', convert);
      const second = convertKeptBody(body, 'chats', convert);
      expect(convert).toHaveBeenCalledTimes(2);
      expect(second).not.toBe(first);
      expect(Object.isFrozen(first)).toBe(false);
    });
  });
});
