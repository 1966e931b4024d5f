import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../../src/http/errors.ts';
import { convertFanslyAccount } from '../../../../src/vendors/onlyfansapi/fansly/convert-fansly-account.ts';
import { connectedAccount, contextFor, ids } from './fansly-fixtures.ts';

const context = contextFor('fansly.chats');

/** `aggregationData.accounts[0]` of the documented chat list example. */
const documentedAccount = {
  id: ids.partner,
  username: 'partner',
  displayName: 'Partner',
  flags: 0,
  createdAt: 1700000000000,
  followCount: 0,
  subscriberCount: 0,
  about: 'About text',
  location: '',
  following: true,
  avatar: {
    id: '500000000000000001',
    type: 1,
    mimetype: 'image/jpeg',
    locations: [
      {
        locationId: '1',
        location: 'https://cdn3.fansly.com/300000000000000001/500000000000000001.jpeg',
      },
    ],
  },
};

describe('convertFanslyAccount', () => {
  describe('with the documented account', () => {
    it('reads id, names and the avatar location', () => {
      expect(convertFanslyAccount(documentedAccount, context)).toEqual({
        platform: 'FANSLY',
        connectedAccount: connectedAccount,
        platformId: ids.partner,
        username: 'partner',
        displayName: 'Partner',
        avatarUrl: 'https://cdn3.fansly.com/300000000000000001/500000000000000001.jpeg',
        isVerified: null,
      });
    });
  });

  describe('with optional fields missing or null', () => {
    it('answers nulls', () => {
      expect(
        convertFanslyAccount({ id: ids.partner, displayName: null, avatar: null }, context),
      ).toMatchObject({
        platformId: ids.partner,
        username: null,
        displayName: null,
        avatarUrl: null,
        isVerified: null,
      });
    });

    it('treats an avatar without locations as no avatar', () => {
      expect(
        convertFanslyAccount({ id: ids.partner, avatar: { id: '5', locations: [] } }, context)
          .avatarUrl,
      ).toBeNull();
    });
  });

  describe('with a boolean verification flag', () => {
    it('passes it through', () => {
      expect(convertFanslyAccount({ id: ids.partner, isVerified: true }, context).isVerified).toBe(
        true,
      );
    });
  });

  describe('with a bad shape', () => {
    it('throws an invalid-response error for a missing id or a non-object', () => {
      expect(() => convertFanslyAccount({ username: 'x' }, context)).toThrow(
        UpstreamInvalidResponseError,
      );
      expect(() => convertFanslyAccount('x', context)).toThrow(UpstreamInvalidResponseError);
    });
  });
});
