import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../src/http/errors.ts';
import { convertOnlyFansMedia } from '../../../src/vendors/onlyfans-shared/convert-onlyfans-media.ts';
import { contextFor, lockedVideo, onlyFansApiAccount, photo } from './onlyfans-fixtures.ts';

describe('convertOnlyFansMedia', () => {
  describe('a viewable photo', () => {
    it('converts every field', () => {
      expect(convertOnlyFansMedia(photo(), contextFor())).toEqual({
        platform: 'ONLYFANS',
        connectedAccount: onlyFansApiAccount,
        platformId: '2000000001',
        type: 'PHOTO',
        mimeType: null,
        width: 1080,
        height: 1350,
        duration: null,
        url: 'https://cdn2.onlyfans.com/full.jpg',
        thumbnailUrl: 'https://cdn2.onlyfans.com/thumb.jpg',
        previewUrl: 'https://cdn2.onlyfans.com/preview.jpg',
        isAccessible: true,
        price: null,
      });
    });
  });

  describe('a locked video', () => {
    it('keeps url null, keeps thumbnails, and is not accessible', () => {
      const media = convertOnlyFansMedia(lockedVideo(), contextFor(), { price: 9.99 });
      expect(media).toMatchObject({
        type: 'VIDEO',
        url: null,
        thumbnailUrl: 'https://cdn2.onlyfans.com/vthumb.jpg',
        previewUrl: 'https://cdn2.onlyfans.com/vpreview.jpg',
        isAccessible: false,
        duration: 42.5,
        price: 9.99,
      });
    });

    it('has no price when it is one of the free previews', () => {
      const media = convertOnlyFansMedia(lockedVideo(), contextFor(), {
        price: 9.99,
        previewIds: new Set(['2000000002']),
      });
      expect(media.price).toBeNull();
    });

    it('reads a locked item whose files are left out altogether (OFAuth)', () => {
      const media = convertOnlyFansMedia(
        { id: 9, type: 'video', canView: false, createdAt: '2025-01-01T00:00:00+00:00' },
        contextFor(),
      );
      expect(media).toMatchObject({
        platformId: '9',
        url: null,
        thumbnailUrl: null,
        previewUrl: null,
        width: null,
        isAccessible: false,
      });
    });
  });

  describe('media types', () => {
    it.each([
      ['photo', 'PHOTO'],
      ['video', 'VIDEO'],
      ['gif', 'GIF'],
      ['audio', 'AUDIO'],
      ['Photo', 'PHOTO'],
      ['hologram', 'OTHER'],
      [null, 'OTHER'],
      [3, 'OTHER'],
    ])('maps %s to %s', (type, expected) => {
      expect(convertOnlyFansMedia(photo({ type }), contextFor()).type).toBe(expected);
    });
  });

  describe('tolerance', () => {
    it('derives isAccessible from the full url when canView is missing', () => {
      const { canView: _, ...withoutCanView } = photo();
      expect(convertOnlyFansMedia(withoutCanView, contextFor()).isAccessible).toBe(true);
      const { canView: __, ...lockedWithout } = lockedVideo();
      expect(convertOnlyFansMedia(lockedWithout, contextFor()).isAccessible).toBe(false);
    });

    it('reads the flat url fields of older payloads', () => {
      const media = convertOnlyFansMedia(
        { id: 1, type: 'photo', full: 'https://f', thumb: 'https://t', preview: 'https://p' },
        contextFor(),
      );
      expect(media).toMatchObject({
        url: 'https://f',
        thumbnailUrl: 'https://t',
        previewUrl: 'https://p',
      });
    });

    it('tolerates null files, null variants and zero sizes', () => {
      const media = convertOnlyFansMedia(
        photo({ files: { full: null, thumb: { url: null } }, duration: null }),
        contextFor(),
      );
      expect(media).toMatchObject({ url: null, thumbnailUrl: null, width: null, duration: null });
    });

    it('throws UpstreamInvalidResponseError without an id', () => {
      expect(() => convertOnlyFansMedia(photo({ id: null }), contextFor())).toThrow(
        UpstreamInvalidResponseError,
      );
    });
  });
});
