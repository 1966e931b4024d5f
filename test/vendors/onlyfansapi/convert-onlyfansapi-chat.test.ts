import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../src/http/errors.ts';
import { convertOnlyFansApiChat } from '../../../src/vendors/onlyfansapi/convert-onlyfansapi-chat.ts';
import {
  contextFor,
  fan,
  message,
  onlyFansApiAccount,
} from '../onlyfans-shared/onlyfans-fixtures.ts';

const context = contextFor(onlyFansApiAccount, 'onlyfans.chats');

/** The chat of the documented `GET /api/{account}/chats` example, abridged. */
function chat(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    canNotSendReason: false,
    canSendMessage: true,
    canGoToProfile: true,
    unreadMessagesCount: 1,
    hasUnreadTips: false,
    isMutedNotifications: false,
    lastMessage: message({ fromUser: { id: 123, _view: 'i' } }),
    lastReadMessageId: 0,
    hasPurchasedFeed: false,
    countPinnedMessages: 0,
    fan: fan(),
    ...overrides,
  };
}

describe('convertOnlyFansApiChat', () => {
  describe('the documented example', () => {
    it('makes the fan the partner and the chat id', () => {
      const converted = convertOnlyFansApiChat(chat(), context, { creatorUserId: '555' });
      expect(converted).toMatchObject({
        connectedAccount: onlyFansApiAccount,
        platform: 'ONLYFANS',
        chatId: '123',
        partnerId: '123',
        unreadCount: 1,
        canSendMessage: true,
        lastActivityAt: '2025-01-01T01:01:01.000Z',
      });
      expect(converted.partner).toEqual({
        platform: 'ONLYFANS',
        connectedAccount: onlyFansApiAccount,
        platformId: '123',
        username: 'username',
        displayName: 'Name',
        avatarUrl: 'https://public.onlyfans.com/files/avatar.jpg',
        isVerified: true,
      });
      expect(converted.lastMessage).toMatchObject({
        chatId: '123',
        text: 'Message text',
        isFromCreator: false,
      });
    });
  });

  describe('what the fan is worth', () => {
    it('reads spend and subscription from fan.subscribedOnData', () => {
      const subscribedOnData = {
        price: 9.99,
        status: null,
        duration: '22 days',
        tipsSumm: 40,
        postsSumm: 0,
        totalSumm: 110,
        streamsSumm: 0,
        messagesSumm: 50,
        subscribesSumm: 20,
        expiredAt: '2025-01-01T01:01:01+00:00',
        renewedAt: '2024-12-02T01:01:01+00:00',
      };
      const converted = convertOnlyFansApiChat(chat({ fan: fan({ subscribedOnData }) }), context);
      expect(converted.partnerSpend).toEqual({
        total: 110,
        tips: 40,
        messages: 50,
        posts: 0,
        subscriptions: 20,
        streams: 0,
      });
      expect(converted.partnerSubscription).toEqual({
        status: null,
        price: 9.99,
        expiresAt: '2025-01-01T01:01:01.000Z',
        renewedAt: '2024-12-02T01:01:01.000Z',
      });
    });

    it('is null when the fan carries no subscribedOnData (or is a stub)', () => {
      expect(convertOnlyFansApiChat(chat(), context)).toMatchObject({
        partnerSpend: null,
        partnerSubscription: null,
      });
      expect(convertOnlyFansApiChat(chat({ fan: { id: 123 } }), context)).toMatchObject({
        partnerSpend: null,
        partnerSubscription: null,
      });
    });
  });

  describe('without a full fan', () => {
    it('has no partner profile when the fan is a stub (skip_users=all)', () => {
      const converted = convertOnlyFansApiChat(chat({ fan: { id: 123, _view: 'f' } }), context);
      expect(converted).toMatchObject({ chatId: '123', partner: null });
    });

    it('reads the partner id from withUser when there is no fan', () => {
      const converted = convertOnlyFansApiChat(
        chat({ fan: undefined, withUser: { id: 77, _view: 's' } }),
        context,
      );
      expect(converted).toMatchObject({ chatId: '77', partner: null });
    });

    it('throws UpstreamInvalidResponseError when no partner id can be found', () => {
      expect(() => convertOnlyFansApiChat(chat({ fan: null }), context)).toThrow(
        UpstreamInvalidResponseError,
      );
    });
  });
});
