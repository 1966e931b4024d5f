import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../../src/http/errors.ts';
import { convertFanslyAccountMedia } from '../../../../src/vendors/onlyfansapi/fansly/convert-fansly-media.ts';
import { connectedAccount, contextFor, ids } from './fansly-fixtures.ts';

const context = contextFor('fansly.messages');

/** `data.accountMedia[0]` of the documented messages example. */
const documentedPhoto = {
  id: ids.accountMedia,
  accountId: ids.creator,
  mediaId: ids.media,
  previewId: null,
  permissionFlags: 0,
  price: 0,
  createdAt: 1700000000,
  deletedAt: null,
  deleted: false,
  likeCount: 0,
  media: {
    id: ids.media,
    type: 1,
    status: 1,
    accountId: ids.creator,
    mimetype: 'image/jpeg',
    flags: 0,
    location: '/300000000000000001/800000000000000001.jpeg',
    width: 1080,
    height: 1440,
    metadata: '{"resolutionMode":2}',
    updatedAt: 1700000000,
    createdAt: 1700000000,
    variants: [],
    variantHash: {},
    locations: [
      {
        locationId: '1',
        location: 'https://cdn3.fansly.com/300000000000000001/800000000000000001.jpeg',
      },
    ],
  },
  purchased: false,
  whitelisted: false,
  accountPermissionFlags: 2,
  access: true,
};

const lockedVideo = {
  id: '700000000000000002',
  price: 15000,
  access: false,
  purchased: false,
  media: {
    id: '800000000000000002',
    type: 2,
    mimetype: 'video/mp4',
    width: 1920,
    height: 1080,
    metadata: '{"duration": 12.5}',
    variants: [
      { id: 'v1', type: 1, mimetype: 'image/jpeg', width: 320, height: 180, locations: [] },
    ],
    locations: [],
  },
  preview: {
    id: '800000000000000003',
    type: 1,
    mimetype: 'image/jpeg',
    width: 640,
    height: 360,
    locations: [{ locationId: '1', location: 'https://cdn/preview.jpeg' }],
    variants: [
      {
        id: 'pv1',
        type: 1,
        mimetype: 'image/jpeg',
        width: 160,
        height: 90,
        locations: [{ locationId: '1', location: 'https://cdn/preview-160.jpeg' }],
      },
    ],
  },
};

describe('convertFanslyAccountMedia', () => {
  describe('with the documented accessible photo', () => {
    it('reads type, size and the full-size url', () => {
      expect(convertFanslyAccountMedia(documentedPhoto, context)).toEqual({
        platform: 'FANSLY',
        connectedAccount: connectedAccount,
        platformId: ids.accountMedia,
        type: 'PHOTO',
        mimeType: 'image/jpeg',
        width: 1080,
        height: 1440,
        duration: null,
        url: 'https://cdn3.fansly.com/300000000000000001/800000000000000001.jpeg',
        thumbnailUrl: null,
        previewUrl: null,
        isAccessible: true,
        price: null,
      });
    });
  });

  describe('with locked pay-per-view video', () => {
    const record = convertFanslyAccountMedia(lockedVideo, context);

    it('has no url and is not accessible', () => {
      expect(record.url).toBeNull();
      expect(record.isAccessible).toBe(false);
    });

    it('converts the price from thousandths to dollars', () => {
      expect(record.price).toBe(15);
    });

    it('reads the preview and the smallest preview variant as thumbnail', () => {
      expect(record.previewUrl).toBe('https://cdn/preview.jpeg');
      expect(record.thumbnailUrl).toBe('https://cdn/preview-160.jpeg');
    });

    it('reads the duration from the metadata JSON string', () => {
      expect(record.type).toBe('VIDEO');
      expect(record.duration).toBe(12.5);
    });

    it('hides a location the locked media still lists', () => {
      const leaky = {
        ...lockedVideo,
        media: { ...lockedVideo.media, locations: [{ location: 'https://cdn/full.mp4' }] },
      };
      expect(convertFanslyAccountMedia(leaky, context).url).toBeNull();
    });
  });

  describe('with variants on accessible media', () => {
    it('takes the smallest image variant as thumbnail', () => {
      const media = {
        ...documentedPhoto.media,
        variants: [
          {
            type: 1,
            mimetype: 'image/jpeg',
            width: 720,
            height: 960,
            locations: [{ location: 'https://cdn/720.jpeg' }],
          },
          {
            type: 1,
            mimetype: 'image/jpeg',
            width: 360,
            height: 480,
            locations: [{ location: 'https://cdn/360.jpeg' }],
          },
          {
            type: 2,
            mimetype: 'video/mp4',
            width: 100,
            height: 100,
            locations: [{ location: 'https://cdn/tiny.mp4' }],
          },
        ],
      };
      expect(convertFanslyAccountMedia({ ...documentedPhoto, media }, context).thumbnailUrl).toBe(
        'https://cdn/360.jpeg',
      );
    });
  });

  describe('media types', () => {
    const withMedia = (media: object) => convertFanslyAccountMedia({ id: '1', media }, context);

    it('maps 1 to PHOTO, 1 with image/gif to GIF, 2 to VIDEO, 3 to AUDIO, others to OTHER', () => {
      expect(withMedia({ type: 1, mimetype: 'image/png' }).type).toBe('PHOTO');
      expect(withMedia({ type: 1, mimetype: 'image/gif' }).type).toBe('GIF');
      expect(withMedia({ type: 2 }).type).toBe('VIDEO');
      expect(withMedia({ type: 3, mimetype: 'audio/mpeg' }).type).toBe('AUDIO');
      expect(withMedia({ type: 9 }).type).toBe('OTHER');
      expect(convertFanslyAccountMedia({ id: '1' }, context).type).toBe('OTHER');
    });
  });

  describe('metadata', () => {
    const durationOf = (metadata: unknown) =>
      convertFanslyAccountMedia({ id: '1', media: { type: 3, metadata } }, context).duration;

    it('tolerates invalid JSON, missing metadata and a metadata object', () => {
      expect(durationOf('{not json')).toBeNull();
      expect(durationOf(undefined)).toBeNull();
      expect(durationOf('{"resolutionMode":2}')).toBeNull();
      expect(durationOf({ duration: 3 })).toBe(3);
    });
  });

  describe('with access not reported', () => {
    it('is accessible when a location is there', () => {
      const { access: _access, ...photo } = documentedPhoto;
      expect(convertFanslyAccountMedia(photo, context).isAccessible).toBe(true);
      expect(
        convertFanslyAccountMedia({ id: '1', media: { type: 1, locations: [] } }, context)
          .isAccessible,
      ).toBe(false);
    });
  });

  describe('with a bad shape', () => {
    it('throws an invalid-response error for a missing id or a non-object', () => {
      expect(() => convertFanslyAccountMedia({ media: {} }, context)).toThrow(
        UpstreamInvalidResponseError,
      );
      expect(() => convertFanslyAccountMedia(null, context)).toThrow(UpstreamInvalidResponseError);
    });

    it('ignores fields of the wrong type', () => {
      const record = convertFanslyAccountMedia(
        { id: '1', price: 'free', media: { type: '2', width: 'wide', locations: 'x' } },
        context,
      );
      expect(record).toMatchObject({ type: 'VIDEO', width: null, url: null, price: null });
    });
  });
});
