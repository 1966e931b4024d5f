import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../src/http/errors.ts';
import { convertOnlyFansMessage } from '../../../src/vendors/onlyfans-shared/convert-onlyfans-message.ts';
import {
  CREATOR_ID,
  contextFor,
  FAN_ID,
  lockedVideo,
  message,
  onlyFansApiAccount,
  photo,
} from './onlyfans-fixtures.ts';

const chat = { chatId: FAN_ID, partnerId: FAN_ID, creatorUserId: CREATOR_ID };

describe('convertOnlyFansMessage', () => {
  describe('read state', () => {
    it('reads a fan message as unread while isNew, and a creator message by isOpened', () => {
      expect(convertOnlyFansMessage(message({ isNew: true }), contextFor(), chat).isRead).toBe(
        false,
      );
      expect(convertOnlyFansMessage(message({ isNew: false }), contextFor(), chat).isRead).toBe(
        true,
      );
      const fromCreator = message({ isSentByMe: true, isNew: false, isOpened: false });
      expect(convertOnlyFansMessage(fromCreator, contextFor(), chat).isRead).toBe(false);
    });
  });

  describe('seen by the fan', () => {
    it('reads isOpened on the creator’s messages only', () => {
      const opened = message({ isSentByMe: true, isOpened: true, isNew: false });
      const unopened = message({ isSentByMe: true, isOpened: false, isNew: false });
      expect(convertOnlyFansMessage(opened, contextFor(), chat).isSeenByPartner).toBe(true);
      expect(convertOnlyFansMessage(unopened, contextFor(), chat).isSeenByPartner).toBe(false);
      const paid = message({ isSentByMe: true, isOpened: true, isFree: false, price: 15 });
      expect(convertOnlyFansMessage(paid, contextFor(), chat)).toMatchObject({
        price: 15,
        isSeenByPartner: true,
      });
    });

    it('is null on the fan’s own messages and when isOpened is absent', () => {
      const fromFan = message({ isOpened: true });
      expect(convertOnlyFansMessage(fromFan, contextFor(), chat).isSeenByPartner).toBeNull();
      const { isOpened: _dropped, ...unsaid } = message({ isSentByMe: true });
      expect(convertOnlyFansMessage(unsaid, contextFor(), chat).isSeenByPartner).toBeNull();
    });
  });

  describe('tips', () => {
    it('reads a tip’s amount from price and keeps the message free', () => {
      const tip = message({ isTip: true, price: 20, isFree: false });
      expect(convertOnlyFansMessage(tip, contextFor(), chat)).toMatchObject({
        tipAmount: 20,
        isFree: true,
        price: null,
      });
    });

    it('has no tip amount on other messages, or when the tip’s amount is unsaid', () => {
      const paid = message({ isFree: false, price: 15 });
      expect(convertOnlyFansMessage(paid, contextFor(), chat).tipAmount).toBeNull();
      const tip = message({ isTip: true, price: 0 });
      expect(convertOnlyFansMessage(tip, contextFor(), chat).tipAmount).toBeNull();
    });
  });

  describe('the documented example', () => {
    it('converts a free text message from the fan', () => {
      expect(convertOnlyFansMessage(message(), contextFor(), chat)).toEqual({
        connectedAccount: onlyFansApiAccount,
        platform: 'ONLYFANS',
        chatId: '123',
        partnerId: '123',
        platformId: '1234567890123',
        senderId: '123',
        isFromCreator: false,
        text: 'Message text',
        html: '<p>Message text</p>',
        createdAt: '2025-01-01T01:01:01.000Z',
        isFree: true,
        price: null,
        isRead: false,
        isSeenByPartner: null,
        tipAmount: null,
        media: { kind: 'inline', items: [] },
      });
    });
  });

  describe('ids and times', () => {
    it('keeps a string id as sent and never through arithmetic', () => {
      const converted = convertOnlyFansMessage(
        message({ id: '9007199254740993' }),
        contextFor(),
        chat,
      );
      expect(converted.platformId).toBe('9007199254740993');
    });

    it('converts a time with an offset to UTC', () => {
      const converted = convertOnlyFansMessage(
        message({ createdAt: '2025-03-09T23:30:00-04:00' }),
        contextFor(),
        chat,
      );
      expect(converted.createdAt).toBe('2025-03-10T03:30:00.000Z');
    });

    it('falls back to changedAt when createdAt is missing', () => {
      const converted = convertOnlyFansMessage(
        message({ createdAt: null, changedAt: '2025-01-02T00:00:00+00:00' }),
        contextFor(),
        chat,
      );
      expect(converted.createdAt).toBe('2025-01-02T00:00:00.000Z');
    });
  });

  describe('who sent it', () => {
    it('is from the creator when fromUser is the creator', () => {
      const converted = convertOnlyFansMessage(
        message({ fromUser: { id: 555, _view: 'i' } }),
        contextFor(),
        chat,
      );
      expect(converted).toMatchObject({ senderId: '555', isFromCreator: true });
    });

    it('believes isSentByMe when present', () => {
      const converted = convertOnlyFansMessage(
        message({ fromUser: { id: 999 }, isSentByMe: true }),
        contextFor(),
        chat,
      );
      expect(converted.isFromCreator).toBe(true);
    });

    it('without the creator id, whoever is not the fan is the creator', () => {
      const options = { chatId: FAN_ID, partnerId: FAN_ID };
      expect(
        convertOnlyFansMessage(message({ fromUser: { id: 555 } }), contextFor(), options)
          .isFromCreator,
      ).toBe(true);
      expect(convertOnlyFansMessage(message(), contextFor(), options).isFromCreator).toBe(false);
    });

    it('reads the sender from isSentByMe when fromUser is missing', () => {
      expect(
        convertOnlyFansMessage(message({ fromUser: null, isSentByMe: true }), contextFor(), chat),
      ).toMatchObject({ senderId: CREATOR_ID, isFromCreator: true });
      expect(
        convertOnlyFansMessage(message({ fromUser: null, isSentByMe: false }), contextFor(), chat),
      ).toMatchObject({ senderId: FAN_ID, isFromCreator: false });
    });
  });

  describe('price', () => {
    it('is in dollars when the message is paid', () => {
      const converted = convertOnlyFansMessage(
        message({ isFree: false, price: 14.99, fromUser: { id: 555 } }),
        contextFor(),
        chat,
      );
      expect(converted).toMatchObject({ isFree: false, price: 14.99 });
    });

    it('is null when the price is 0 or the message is free', () => {
      expect(
        convertOnlyFansMessage(message({ isFree: true, price: 5 }), contextFor(), chat).price,
      ).toBeNull();
      expect(
        convertOnlyFansMessage(message({ isFree: undefined, price: 0 }), contextFor(), chat),
      ).toMatchObject({ isFree: true, price: null });
    });

    it('derives isFree from the price when isFree is missing', () => {
      expect(
        convertOnlyFansMessage(message({ isFree: undefined, price: '3.50' }), contextFor(), chat),
      ).toMatchObject({ isFree: false, price: 3.5 });
    });
  });

  describe('text', () => {
    it('decodes entities and keeps the original html', () => {
      const html = '<p>Tom &amp; Jerry&#39;s &lt;3 &#x1F600;<br />Line&nbsp;two</p>';
      const converted = convertOnlyFansMessage(message({ text: html }), contextFor(), chat);
      expect(converted.text).toBe("Tom & Jerry's <3 😀\nLine\u00a0two");
      expect(converted.html).toBe(html);
    });

    it('answers empty text and null html when text is missing', () => {
      const converted = convertOnlyFansMessage(message({ text: null }), contextFor(), chat);
      expect(converted).toMatchObject({ text: '', html: null });
    });
  });

  describe('media', () => {
    it('converts inline media and prices the non-preview items', () => {
      const converted = convertOnlyFansMessage(
        message({
          isFree: false,
          price: 9.99,
          fromUser: { id: 555 },
          media: [photo(), lockedVideo()],
          previews: [2000000001],
          mediaCount: 2,
        }),
        contextFor(),
        chat,
      );
      expect(converted.media.kind).toBe('inline');
      const items = converted.media.kind === 'inline' ? converted.media.items : [];
      expect(items.map((item) => [item.platformId, item.type, item.price, item.url])).toEqual([
        ['2000000001', 'PHOTO', null, 'https://cdn2.onlyfans.com/full.jpg'],
        ['2000000002', 'VIDEO', 9.99, null],
      ]);
    });

    it('tolerates media that is null or not an array', () => {
      for (const media of [null, undefined, {}]) {
        const converted = convertOnlyFansMessage(message({ media }), contextFor(), chat);
        expect(converted.media).toEqual({ kind: 'inline', items: [] });
      }
    });
  });

  describe('invalid messages', () => {
    it.each([
      ['no id', message({ id: undefined })],
      ['no sender at all', message({ fromUser: undefined })],
      ['no time at all', message({ createdAt: undefined, changedAt: 'garbage' })],
      ['not an object', 'hello'],
    ])('throws UpstreamInvalidResponseError with %s', (_, raw) => {
      expect(() => convertOnlyFansMessage(raw, contextFor(), chat)).toThrow(
        UpstreamInvalidResponseError,
      );
    });
  });
});
