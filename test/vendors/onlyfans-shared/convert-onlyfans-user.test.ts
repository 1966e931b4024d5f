import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../src/http/errors.ts';
import {
  convertOnlyFansUser,
  isOnlyFansProfile,
} from '../../../src/vendors/onlyfans-shared/convert-onlyfans-user.ts';
import { contextFor, fan, onlyFansApiAccount } from './onlyfans-fixtures.ts';

describe('convertOnlyFansUser', () => {
  describe('a full profile (a chat fan)', () => {
    it('converts the documented fields', () => {
      expect(convertOnlyFansUser(fan(), contextFor())).toEqual({
        platform: 'ONLYFANS',
        connectedAccount: onlyFansApiAccount,
        platformId: '123',
        username: 'username',
        displayName: 'Name',
        avatarUrl: 'https://public.onlyfans.com/files/avatar.jpg',
        isVerified: true,
      });
    });
  });

  describe('sparse users', () => {
    it('falls back to displayName when name is empty, and to the largest thumbnail', () => {
      const user = convertOnlyFansUser(
        fan({ name: '', displayName: 'Shown', avatar: null }),
        contextFor(),
      );
      expect(user.displayName).toBe('Shown');
      expect(user.avatarUrl).toBe('https://thumbs.onlyfans.com/c144/avatar.jpg');
    });

    it('answers null for every missing optional field', () => {
      expect(convertOnlyFansUser({ id: '77' }, contextFor())).toEqual({
        platform: 'ONLYFANS',
        connectedAccount: onlyFansApiAccount,
        platformId: '77',
        username: null,
        displayName: null,
        avatarUrl: null,
        isVerified: null,
      });
    });

    it('tolerates nulls and wrong types in optional fields', () => {
      const user = convertOnlyFansUser(
        { id: 5, username: null, name: 42, avatarThumbs: 'nope', isVerified: 'yes' },
        contextFor(),
      );
      expect(user).toMatchObject({ platformId: '5', username: null, displayName: null });
      expect(user.isVerified).toBeNull();
    });
  });

  describe('invalid users', () => {
    it('throws UpstreamInvalidResponseError without an id', () => {
      expect(() => convertOnlyFansUser({ username: 'x' }, contextFor())).toThrow(
        UpstreamInvalidResponseError,
      );
      expect(() => convertOnlyFansUser(null, contextFor())).toThrow(UpstreamInvalidResponseError);
    });
  });

  describe('isOnlyFansProfile', () => {
    it('tells a profile from the {id, _view} stub of messages', () => {
      expect(isOnlyFansProfile(fan())).toBe(true);
      expect(isOnlyFansProfile({ id: 123, _view: 'i' })).toBe(false);
      expect(isOnlyFansProfile(null)).toBe(false);
    });
  });
});
