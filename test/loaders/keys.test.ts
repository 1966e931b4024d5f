import { describe, expect, it } from 'vitest';
import { loaderKey, splitLoaderKey } from '../../src/loaders/keys.ts';

describe('loaderKey', () => {
  it('joins the parts so that splitLoaderKey gives them back as strings', () => {
    const key = loaderKey('acct_1', 20, true, 'a|b');
    expect(splitLoaderKey(key)).toEqual(['acct_1', '20', 'true', 'a|b']);
  });

  it('reads null and undefined as empty parts, keeping their place', () => {
    expect(splitLoaderKey(loaderKey('acct_1', null, undefined, 'x'))).toEqual([
      'acct_1',
      '',
      '',
      'x',
    ]);
    expect(loaderKey('acct_1', null)).not.toBe(loaderKey('acct_1'));
  });

  it('tells apart parts that would read the same run together', () => {
    expect(loaderKey('ab', 'c')).not.toBe(loaderKey('a', 'bc'));
  });
});
