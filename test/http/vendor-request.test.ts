import { describe, expect, it } from 'vitest';
import { type GetJsonRequest, pathWithQuery } from '../../src/http/vendor-request.ts';

/** The target as form encoding writes it: what every query must come out as. */
function formEncoded(path: string, query: NonNullable<GetJsonRequest['query']>): string {
  const pairs = Object.entries(query).flatMap(([name, value]) =>
    value === undefined || value === null ? [] : [[name, String(value)]],
  );
  const encoded = new URLSearchParams(pairs).toString();
  return encoded === '' ? path : `${path}?${encoded}`;
}

describe('pathWithQuery', () => {
  it.each([
    { limit: 10, offset: 0, cursor: 'c_1-2.3*' },
    { query: 'two words', tag: '~!' },
    { 'sort by': 'date', before: '2026-01-01T00:00:00Z' },
    { name: 'é', skip: undefined, missing: null, flag: true },
    { first: 'plain', second: 'needs&escaping=yes' },
  ])('writes %o as form encoding does', (query) => {
    expect(pathWithQuery('/api/chats', query)).toBe(formEncoded('/api/chats', query));
  });

  it('leaves a path alone when the query has no values', () => {
    expect(pathWithQuery('/api/chats', undefined)).toBe('/api/chats');
    expect(pathWithQuery('/api/chats', { skip: undefined, missing: null })).toBe('/api/chats');
  });

  it('refuses a path that could leave the origin', () => {
    expect(() => pathWithQuery('//elsewhere.example/x', {})).toThrow(TypeError);
    expect(() => pathWithQuery('api/chats', {})).toThrow(TypeError);
  });
});
