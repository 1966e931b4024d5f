import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../src/http/errors.ts';
import { convertOfAuthChat } from '../../../src/vendors/ofauth/convert-ofauth-chat.ts';
import { contextFor, message, ofAuthAccount } from '../onlyfans-shared/onlyfans-fixtures.ts';

const context = contextFor(ofAuthAccount, 'ofauth.chats');

describe('convertOfAuthChat', () => {
  describe('a chat of the documented schema', () => {
    it('reads the partner id from withUser and leaves the profile to users/list', () => {
      const converted = convertOfAuthChat(
        {
          withUser: { id: 123, _view: 's' },
          canSendMessage: true,
          unreadMessagesCount: 2,
          lastMessage: message({ fromUser: { id: 555, name: 'Creator' }, isSentByMe: undefined }),
        },
        context,
        { creatorUserId: '555' },
      );
      expect(converted).toMatchObject({
        connectedAccount: ofAuthAccount,
        platform: 'ONLYFANS',
        chatId: '123',
        partnerId: '123',
        unreadCount: 2,
        canSendMessage: true,
        partner: null,
        // OFAuth's chat list names the fan by id only: no spend, no subscription.
        partnerSpend: null,
        partnerSubscription: null,
        lastActivityAt: '2025-01-01T01:01:01.000Z',
      });
      expect(converted.lastMessage).toMatchObject({ senderId: '555', isFromCreator: true });
    });

    it('tolerates a chat with only withUser', () => {
      expect(convertOfAuthChat({ withUser: { id: 9, _view: 's' } }, context)).toMatchObject({
        chatId: '9',
        lastMessage: null,
        unreadCount: 0,
        canSendMessage: null,
      });
    });
  });

  describe('invalid chats', () => {
    it('throws UpstreamInvalidResponseError without withUser.id', () => {
      expect(() => convertOfAuthChat({ withUser: {} }, context)).toThrow(
        UpstreamInvalidResponseError,
      );
      expect(() => convertOfAuthChat({}, context)).toThrow(UpstreamInvalidResponseError);
    });
  });
});
