import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../src/http/errors.ts';
import {
  convertOnlyFansApiAccount,
  convertOnlyFansApiFanslyAccount,
} from '../../../src/vendors/onlyfansapi/convert-onlyfansapi-account.ts';

const context = { vendor: 'ONLYFANSAPI' as const, routeName: 'onlyfansapi.accounts' };

describe('convertOnlyFansApiAccount', () => {
  describe('an OnlyFans account', () => {
    it('converts the documented fields, the OnlyFans id as a string', () => {
      expect(
        convertOnlyFansApiAccount(
          {
            id: 'acct_0123456789abcdef0123456789abcdef',
            onlyfans_id: 424242,
            onlyfans_username: 'creator',
            display_name: 'The Creator',
            is_authenticated: true,
          },
          context,
        ),
      ).toEqual({
        connectedAccount: {
          vendor: 'ONLYFANSAPI',
          platform: 'ONLYFANS',
          externalId: 'acct_0123456789abcdef0123456789abcdef',
        },
        platformUserId: '424242',
        username: 'creator',
        displayName: 'The Creator',
        status: 'CONNECTED',
      });
    });

    it.each([
      [true, 'CONNECTED'],
      [false, 'EXPIRED'],
      [undefined, 'UNKNOWN'],
      ['yes', 'UNKNOWN'],
    ])('reads is_authenticated %s as %s', (authenticated, wanted) => {
      const raw = { id: 'acct_1', is_authenticated: authenticated };
      expect(convertOnlyFansApiAccount(raw, context).status).toBe(wanted);
      expect(convertOnlyFansApiFanslyAccount(raw, context).status).toBe(wanted);
    });

    it('tolerates missing optional fields', () => {
      expect(convertOnlyFansApiAccount({ id: 'acct_1', onlyfans_id: null }, context)).toMatchObject(
        {
          platformUserId: null,
          username: null,
          displayName: null,
        },
      );
    });

    it('throws UpstreamInvalidResponseError without an id', () => {
      expect(() => convertOnlyFansApiAccount({ onlyfans_id: 1 }, context)).toThrow(
        UpstreamInvalidResponseError,
      );
    });
  });

  describe('a Fansly account', () => {
    it('keeps the snowflake id a string and marks the platform', () => {
      expect(
        convertOnlyFansApiFanslyAccount(
          {
            id: 'fansly_acct_0123',
            fansly_id: '300000000000000001',
            fansly_username: 'fcreator',
            display_name: 'F Creator',
          },
          { ...context, routeName: 'fansly.accounts' },
        ),
      ).toEqual({
        connectedAccount: {
          vendor: 'ONLYFANSAPI',
          platform: 'FANSLY',
          externalId: 'fansly_acct_0123',
        },
        platformUserId: '300000000000000001',
        username: 'fcreator',
        displayName: 'F Creator',
        status: 'UNKNOWN',
      });
    });
  });
});
