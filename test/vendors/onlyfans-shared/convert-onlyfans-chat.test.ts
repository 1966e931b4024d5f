import { describe, expect, it } from 'vitest';
import { convertOnlyFansChatFields } from '../../../src/vendors/onlyfans-shared/convert-onlyfans-chat.ts';
import { contextFor, message, onlyFansApiAccount } from './onlyfans-fixtures.ts';

describe('convertOnlyFansChatFields', () => {
  describe('a chat with a last message', () => {
    it('takes the last activity from the last message', () => {
      const chat = convertOnlyFansChatFields(
        { unreadMessagesCount: 3, canSendMessage: false, lastMessage: message() },
        contextFor(onlyFansApiAccount, 'onlyfans.chats'),
        { partnerId: '123', partner: null },
      );
      expect(chat).toMatchObject({
        chatId: '123',
        partnerId: '123',
        unreadCount: 3,
        canSendMessage: false,
        lastActivityAt: '2025-01-01T01:01:01.000Z',
        partner: null,
      });
      expect(chat.lastMessage?.platformId).toBe('1234567890123');
    });
  });

  describe('an empty chat', () => {
    it('has no last message, no activity, no unread count', () => {
      for (const lastMessage of [null, undefined]) {
        const chat = convertOnlyFansChatFields(
          { lastMessage },
          contextFor(onlyFansApiAccount, 'onlyfans.chats'),
          { partnerId: '1', partner: null },
        );
        expect(chat).toMatchObject({
          lastMessage: null,
          lastActivityAt: null,
          unreadCount: 0,
          canSendMessage: null,
        });
      }
    });
  });
});
