import { describe, expect, it } from 'vitest';
import { UpstreamInvalidResponseError } from '../../../../src/http/errors.ts';
import {
  convertFanslyChatList,
  type FanslyChatContext,
} from '../../../../src/vendors/onlyfansapi/fansly/convert-fansly-chat.ts';
import { connectedAccount, contextFor, ids } from './fansly-fixtures.ts';

const context: FanslyChatContext = { ...contextFor('fansly.chats'), creatorAccountId: null };

/** `data` of the documented chat list example. */
function documentedData() {
  return {
    data: [
      {
        account_id: ids.creator,
        groupId: ids.group,
        partnerAccountId: ids.partner,
        partnerUsername: 'partner',
        flags: 0,
        unreadCount: 1,
        subscriptionTierId: null,
        lastMessageId: '400000000000000001',
        lastUnreadMessageId: '400000000000000001',
      },
    ],
    aggregationData: {
      accounts: [
        {
          id: ids.partner,
          username: 'partner',
          displayName: 'Partner',
          createdAt: 1700000000000,
          avatar: {
            id: '500000000000000001',
            type: 1,
            mimetype: 'image/jpeg',
            locations: [{ locationId: '1', location: 'https://cdn3.fansly.com/avatar.jpeg' }],
          },
        },
      ],
      groups: [
        {
          id: ids.group,
          type: 1,
          groupFlags: 0,
          createdBy: ids.partner,
          users: [
            { groupId: ids.group, userId: ids.partner, type: 0, permissionFlags: 65535 },
            { groupId: ids.group, userId: ids.creator, type: 0, permissionFlags: 65535 },
          ],
          lastMessage: {
            id: '400000000000000001',
            type: 1,
            content: 'Message text',
            groupId: ids.group,
            senderId: ids.partner,
            createdAt: 1700000000,
            attachments: [],
            embeds: [],
          },
        },
      ],
    },
    hasMore: false,
  };
}

describe('convertFanslyChatList', () => {
  describe('with the documented page', () => {
    const list = convertFanslyChatList(documentedData(), context);

    it('joins the chat with its group and partner profile', () => {
      expect(list.chats).toEqual([
        {
          connectedAccount: connectedAccount,
          platform: 'FANSLY',
          chatId: ids.group,
          partnerId: ids.partner,
          unreadCount: 1,
          lastMessage: {
            connectedAccount: connectedAccount,
            platform: 'FANSLY',
            chatId: ids.group,
            partnerId: ids.partner,
            platformId: '400000000000000001',
            senderId: ids.partner,
            isFromCreator: false,
            text: 'Message text',
            html: null,
            createdAt: '2023-11-14T22:13:20.000Z',
            isFree: true,
            price: null,
            isRead: null,
            isSeenByPartner: null,
            tipAmount: null,
            media: { kind: 'deferred', refs: [] },
          },
          lastActivityAt: '2023-11-14T22:13:20.000Z',
          canSendMessage: null,
          partner: {
            platform: 'FANSLY',
            connectedAccount: connectedAccount,
            platformId: ids.partner,
            username: 'partner',
            displayName: 'Partner',
            avatarUrl: 'https://cdn3.fansly.com/avatar.jpeg',
            isVerified: null,
          },
          // The chat list tells neither what the partner spent nor their subscription.
          partnerSpend: null,
          partnerSubscription: null,
        },
      ]);
    });

    it('reports hasMore and the creator account id', () => {
      expect(list.hasMore).toBe(false);
      expect(list.creatorAccountId).toBe(ids.creator);
    });
  });

  describe('with the creator as last sender', () => {
    it('marks the last message as the creator’s', () => {
      const data = documentedData();
      data.aggregationData.groups[0]!.lastMessage.senderId = ids.creator;
      expect(convertFanslyChatList(data, context).chats[0]!.lastMessage!.isFromCreator).toBe(true);
    });
  });

  describe('with aggregation missing', () => {
    it('answers no last message, no activity time and no partner profile', () => {
      const data = { ...documentedData(), aggregationData: undefined };
      expect(convertFanslyChatList(data, context).chats[0]).toMatchObject({
        chatId: ids.group,
        partnerId: ids.partner,
        lastMessage: null,
        lastActivityAt: null,
        partner: null,
      });
    });

    it('answers hasMore null when the page does not say', () => {
      const { hasMore: _hasMore, ...data } = documentedData();
      expect(convertFanslyChatList(data, context).hasMore).toBeNull();
    });
  });

  describe('without partnerAccountId', () => {
    it('takes the group member who is not the creator', () => {
      const data = documentedData();
      const { partnerAccountId: _partner, ...entry } = data.data[0]!;
      expect(convertFanslyChatList({ ...data, data: [entry] }, context).chats[0]!.partnerId).toBe(
        ids.partner,
      );
    });

    it('throws an invalid-response error when no member tells the partner', () => {
      const data = documentedData();
      const { partnerAccountId: _partner, account_id: _account, ...entry } = data.data[0]!;
      expect(() =>
        convertFanslyChatList({ ...data, data: [entry], aggregationData: {} }, context),
      ).toThrow(UpstreamInvalidResponseError);
    });
  });

  describe('with a bad shape', () => {
    it('throws an invalid-response error', () => {
      expect(() => convertFanslyChatList({ data: {} }, context)).toThrow(
        UpstreamInvalidResponseError,
      );
      expect(() => convertFanslyChatList([], context)).toThrow(UpstreamInvalidResponseError);
      expect(() => convertFanslyChatList({ data: [{ partnerAccountId: '1' }] }, context)).toThrow(
        UpstreamInvalidResponseError,
      );
      expect(() =>
        convertFanslyChatList({ data: [], aggregationData: { groups: {} } }, context),
      ).toThrow(UpstreamInvalidResponseError);
    });
  });
});
