import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../src/http/errors.ts';
import { convertOfAuthConnection } from '../../../src/vendors/ofauth/convert-ofauth-connection.ts';

const context = { vendor: 'OFAUTH' as const, routeName: 'ofauth.connections' };

describe('convertOfAuthConnection', () => {
  describe('a documented connection', () => {
    it('converts the connection and its userData', () => {
      expect(
        convertOfAuthConnection(
          {
            id: 'conn_0123',
            status: 'active',
            userData: { id: '424242', name: 'The Creator', username: 'creator', avatar: null },
          },
          context,
        ),
      ).toEqual({
        connectedAccount: { vendor: 'OFAUTH', platform: 'ONLYFANS', externalId: 'conn_0123' },
        platformUserId: '424242',
        username: 'creator',
        displayName: 'The Creator',
        status: 'CONNECTED',
      });
    });

    it.each([
      ['active', 'CONNECTED'],
      ['expired', 'EXPIRED'],
      ['EXPIRED', 'EXPIRED'],
      ['pending', 'UNKNOWN'],
      [undefined, 'UNKNOWN'],
    ])('reads status %s as %s', (status, wanted) => {
      expect(convertOfAuthConnection({ id: 'conn_1', status }, context).status).toBe(wanted);
    });

    it('tolerates missing userData', () => {
      expect(convertOfAuthConnection({ id: 'conn_1', userData: null }, context)).toMatchObject({
        platformUserId: null,
        username: null,
        displayName: null,
      });
    });

    it('throws UpstreamInvalidResponseError without an id', () => {
      expect(() => convertOfAuthConnection({ status: 'active' }, context)).toThrow(
        UpstreamInvalidResponseError,
      );
    });
  });
});
