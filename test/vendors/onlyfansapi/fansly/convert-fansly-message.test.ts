import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../../src/http/errors.ts';
import {
  convertFanslyMessage,
  type FanslyMessageContext,
  fanslyAttachmentRefs,
} from '../../../../src/vendors/onlyfansapi/fansly/convert-fansly-message.ts';
import { connectedAccount, contextFor, ids } from './fansly-fixtures.ts';

const context: FanslyMessageContext = {
  ...contextFor('fansly.messages'),
  chatId: ids.group,
  partnerId: ids.partner,
  creatorAccountId: ids.creator,
};

/** `data.messages[1]` of the documented messages example. */
const documentedMessage = {
  id: '400000000000000002',
  type: 1,
  dataVersion: 1,
  content: 'Message text two',
  groupId: ids.group,
  senderId: ids.partner,
  correlationId: '400000000000000092',
  inReplyTo: null,
  inReplyToRoot: null,
  createdAt: 1700000100,
  attachments: [
    { messageId: '400000000000000002', contentType: 1, contentId: ids.accountMedia, pos: 0 },
  ],
  embeds: [],
  interactions: [],
  likes: [],
  totalTipAmount: 0,
};

describe('convertFanslyMessage', () => {
  describe('seen by the fan', () => {
    const fromCreator = { ...documentedMessage, senderId: ids.creator };
    const seen = (interactions: unknown) =>
      convertFanslyMessage({ ...fromCreator, interactions }, context).isSeenByPartner;

    it('is the fan’s readAt on the creator’s messages', () => {
      expect(seen([{ userId: ids.partner, readAt: 1700000200, deliveredAt: 1700000100 }])).toBe(
        true,
      );
      expect(seen([{ userId: ids.partner, deliveredAt: 1700000100 }])).toBe(false);
      expect(seen([])).toBe(false);
      // The creator's own read of it says nothing about the fan.
      expect(seen([{ userId: ids.creator, readAt: 1700000200 }])).toBe(false);
    });

    it('is null without interactions, and on the fan’s messages', () => {
      const { interactions: _dropped, ...unsaid } = fromCreator;
      expect(convertFanslyMessage(unsaid, context).isSeenByPartner).toBeNull();
      const fromFan = {
        ...documentedMessage,
        interactions: [{ userId: ids.creator, readAt: 1700000200 }],
      };
      expect(convertFanslyMessage(fromFan, context).isSeenByPartner).toBeNull();
    });
  });

  describe('tips', () => {
    it('reads totalTipAmount in thousandths of a dollar; zero is no tip', () => {
      const tipped = { ...documentedMessage, totalTipAmount: 12_500 };
      expect(convertFanslyMessage(tipped, context).tipAmount).toBe(12.5);
      expect(convertFanslyMessage(documentedMessage, context).tipAmount).toBeNull();
    });
  });

  describe('read state', () => {
    it('is read when the recipient has a readAt, unread when not, unknown without interactions', () => {
      const withInteractions = (entry: Record<string, unknown>) =>
        convertFanslyMessage({ ...documentedMessage, interactions: [entry] }, context).isRead;
      expect(withInteractions({ userId: '100000000000000001', readAt: 1700000200 })).toBe(true);
      expect(withInteractions({ userId: '100000000000000001', deliveredAt: 1700000200 })).toBe(
        false,
      );
      expect(
        convertFanslyMessage({ ...documentedMessage, interactions: [] }, context).isRead,
      ).toBeNull();
    });
  });

  describe('with the documented message', () => {
    it('converts to a record with lazy attachment refs', () => {
      expect(convertFanslyMessage(documentedMessage, context)).toEqual({
        connectedAccount: connectedAccount,
        platform: 'FANSLY',
        chatId: ids.group,
        partnerId: ids.partner,
        platformId: '400000000000000002',
        senderId: ids.partner,
        isFromCreator: false,
        text: 'Message text two',
        html: null,
        createdAt: '2023-11-14T22:15:00.000Z',
        isFree: true,
        price: null,
        isRead: null,
        isSeenByPartner: null,
        tipAmount: null,
        media: {
          kind: 'deferred',
          refs: [{ kind: 'media', id: ids.accountMedia, position: 0 }],
        },
      });
    });
  });

  describe('who sent it', () => {
    it('is the creator when the sender is the creator account', () => {
      const message = { ...documentedMessage, senderId: ids.creator };
      expect(convertFanslyMessage(message, context).isFromCreator).toBe(true);
    });

    it('falls back to "not the fan" when the creator id is unknown', () => {
      const unknownCreator = { ...context, creatorAccountId: null };
      expect(
        convertFanslyMessage({ ...documentedMessage, senderId: ids.creator }, unknownCreator)
          .isFromCreator,
      ).toBe(true);
      expect(convertFanslyMessage(documentedMessage, unknownCreator).isFromCreator).toBe(false);
    });
  });

  describe('times', () => {
    it('reads createdAt as seconds', () => {
      expect(convertFanslyMessage(documentedMessage, context).createdAt).toBe(
        '2023-11-14T22:15:00.000Z',
      );
    });

    it("cuts a send's float seconds to the whole second a later read lists", () => {
      const message = { ...documentedMessage, createdAt: 1700000100.987 };
      expect(convertFanslyMessage(message, context).createdAt).toBe('2023-11-14T22:15:00.000Z');
    });

    it('throws an invalid-response error without a createdAt', () => {
      const { createdAt: _createdAt, ...message } = documentedMessage;
      expect(() => convertFanslyMessage(message, context)).toThrow(UpstreamInvalidResponseError);
    });
  });

  describe('price', () => {
    it('sums the attachment prices the page carried, thousandths to dollars', () => {
      const message = {
        ...documentedMessage,
        attachments: [
          { contentType: 1, contentId: 'a', pos: 0 },
          { contentType: 2, contentId: 'b', pos: 1 },
        ],
      };
      const priced = convertFanslyMessage(message, {
        ...context,
        attachmentPrice: (ref) => (ref.kind === 'group' ? 10000 : 4990),
      });
      expect(priced.price).toBe(14.99);
      expect(priced.isFree).toBe(false);
    });

    it('is free when no attachment is priced', () => {
      const free = convertFanslyMessage(documentedMessage, {
        ...context,
        attachmentPrice: () => 0,
      });
      expect(free).toMatchObject({ price: null, isFree: true });
    });
  });

  describe('missing optional fields', () => {
    it('answers empty text and no media', () => {
      const record = convertFanslyMessage(
        { id: '1', senderId: ids.partner, createdAt: 1700000000, content: null },
        context,
      );
      expect(record.text).toBe('');
      expect(record.media).toEqual({ kind: 'deferred', refs: [] });
    });
  });

  describe('with a bad shape', () => {
    it('throws an invalid-response error for a missing id or sender', () => {
      expect(() => convertFanslyMessage({ ...documentedMessage, id: null }, context)).toThrow(
        UpstreamInvalidResponseError,
      );
      expect(() =>
        convertFanslyMessage({ ...documentedMessage, senderId: undefined }, context),
      ).toThrow(UpstreamInvalidResponseError);
      expect(() => convertFanslyMessage([], context)).toThrow(UpstreamInvalidResponseError);
    });

    it('throws an invalid-response error when attachments is not an array', () => {
      expect(() =>
        convertFanslyMessage({ ...documentedMessage, attachments: 'x' }, context),
      ).toThrow(UpstreamInvalidResponseError);
    });
  });
});

describe('fanslyAttachmentRefs', () => {
  describe('with mixed content types', () => {
    it('keeps accountMedia (1) and bundles (2) in pos order and skips the rest', () => {
      const refs = fanslyAttachmentRefs(
        [
          { contentType: 2, contentId: ids.bundle, pos: 2 },
          { contentType: 7, contentId: 'tip', pos: 0 },
          { contentType: 1, contentId: ids.accountMedia, pos: 1 },
          { contentType: 32001, contentId: 'story', pos: 3 },
        ],
        context,
      );
      expect(refs).toEqual([
        { kind: 'media', id: ids.accountMedia, position: 1 },
        { kind: 'group', id: ids.bundle, position: 2 },
      ]);
    });

    it('uses the list order when pos is absent', () => {
      const refs = fanslyAttachmentRefs(
        [
          { contentType: 1, contentId: 'b' },
          { contentType: 1, contentId: 'a' },
        ],
        context,
      );
      expect(refs.map((ref) => ref.id)).toEqual(['b', 'a']);
    });

    it('throws an invalid-response error for a media attachment without contentId', () => {
      expect(() => fanslyAttachmentRefs([{ contentType: 1, pos: 0 }], context)).toThrow(
        UpstreamInvalidResponseError,
      );
    });
  });
});
