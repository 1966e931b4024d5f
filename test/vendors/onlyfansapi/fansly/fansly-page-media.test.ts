import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../../src/http/errors.ts';
import { readFanslyPageMedia } from '../../../../src/vendors/onlyfansapi/fansly/fansly-page-media.ts';
import { contextFor } from './fansly-fixtures.ts';

const context = contextFor('fansly.messages');

describe('readFanslyPageMedia', () => {
  describe('with accountMedia and bundles', () => {
    const accountMedia = [
      { id: '700000000000000001', price: 0, media: { type: 1 } },
      { id: '700000000000000002', price: 5000, media: { type: 2 } },
    ];
    const bundles = [
      {
        id: '750000000000000001',
        price: 20000,
        accountMediaIds: ['700000000000000002', '700000000000000001'],
      },
      {
        id: '750000000000000002',
        bundleContent: [
          { accountMediaId: '700000000000000009', pos: 1 },
          { accountMediaId: '700000000000000008', pos: 0 },
        ],
      },
    ];
    const page = readFanslyPageMedia(accountMedia, bundles, context);

    it('keeps the raw accountMedia objects by id, unconverted', () => {
      expect([...page.accountMedia.keys()]).toEqual(['700000000000000001', '700000000000000002']);
      expect(page.accountMedia.get('700000000000000002')).toBe(accountMedia[1]);
    });

    it('lists each bundle’s media in order (accountMediaIds, or bundleContent by pos)', () => {
      expect(page.bundles.get('750000000000000001')).toEqual([
        '700000000000000002',
        '700000000000000001',
      ]);
      expect(page.bundles.get('750000000000000002')).toEqual([
        '700000000000000008',
        '700000000000000009',
      ]);
    });

    it('answers attachment prices in thousandths', () => {
      expect(page.attachmentPrice({ kind: 'media', id: '700000000000000002', position: 0 })).toBe(
        5000,
      );
      expect(page.attachmentPrice({ kind: 'group', id: '750000000000000001', position: 0 })).toBe(
        20000,
      );
      expect(page.attachmentPrice({ kind: 'media', id: 'absent', position: 0 })).toBeNull();
    });
  });

  describe('with nothing aggregated', () => {
    it('answers empty maps for absent or null lists', () => {
      const page = readFanslyPageMedia(undefined, null, context);
      expect(page.accountMedia.size).toBe(0);
      expect(page.bundles.size).toBe(0);
    });
  });

  describe('with a bad shape', () => {
    it('throws an invalid-response error', () => {
      expect(() => readFanslyPageMedia({}, [], context)).toThrow(UpstreamInvalidResponseError);
      expect(() => readFanslyPageMedia([{ price: 1 }], [], context)).toThrow(
        UpstreamInvalidResponseError,
      );
      expect(() =>
        readFanslyPageMedia([], [{ id: '1', accountMediaIds: [null] }], context),
      ).toThrow(UpstreamInvalidResponseError);
    });
  });
});
