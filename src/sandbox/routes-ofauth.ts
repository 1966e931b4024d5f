import { textOf } from './content.ts';
import { chatsInOrder } from './dataset.ts';
import { compareIds } from './id-factory.ts';
import {
  parseIdList,
  readEnum,
  readId,
  readInteger,
  readOptionalEnum,
  readString,
} from './params.ts';
import { avatarUrls, renderOnlyFansChatCore, renderOnlyFansMessage } from './render-onlyfans.ts';
import { accountOf, matchesSearch, type RouteDefinition, RouteError } from './route-kit.ts';

/** OFAuth · OnlyFans: `/v2/account/connections` and `/v2/access/…`. */

export const ofauthRoutes: RouteDefinition[] = [
  {
    name: 'ofauth.connections',
    vendor: 'ofauth',
    pattern: /^\/v2\/account\/connections$/,
    account: { from: 'none' },
    handle: ({ dataset, expiredSessions }) => ({
      list: dataset.accountsOf('ofauth', 'onlyfans').map((account) => ({
        id: account.handle,
        platform: 'onlyfans',
        status: expiredSessions.has(account.handle) ? 'expired' : 'active',
        userData: {
          id: account.creator.id,
          name: account.creator.displayName,
          username: account.creator.username,
          avatar: avatarUrls(account.creator).avatar,
        },
        permissions: ['messages:read', 'messages:write', 'profile:read'],
        createdAt: new Date(account.creator.createdAtMs).toISOString(),
        updatedAt: new Date(dataset.now * 1000).toISOString(),
        expiredAt: expiredSessions.has(account.handle)
          ? new Date(dataset.now * 1000).toISOString()
          : null,
      })),
      hasMore: false,
    }),
  },
  {
    name: 'ofauth.chats',
    vendor: 'ofauth',
    pattern: /^\/v2\/access\/chats$/,
    account: { from: 'connection' },
    handle: (context) => {
      const account = accountOf(context);
      const { query } = context;
      const limit = readInteger(query, 'limit', { min: 1, max: 20, fallback: 10 });
      const offset = readInteger(query, 'offset', { min: 0, fallback: 0 });
      const order = readEnum(query, 'order', ['recent', 'old'], 'recent');
      // Only `unread` narrows the list; the sandbox has no tips ranking or priority flags.
      const filter = readOptionalEnum(query, 'filter', ['priority', 'who_tipped', 'unread']);
      const search = readString(query, 'query', 100);
      readInteger(query, 'userListId', { min: 1, fallback: 1 });
      const chats = chatsInOrder(account, order).filter(
        (chat) =>
          (filter !== 'unread' || chat.unreadCount > 0) &&
          (search === null ||
            matchesSearch(search, chat.partner.username, chat.partner.displayName)),
      );
      const page = chats.slice(offset, offset + limit);
      return {
        list: page.map((chat) => ({
          withUser: { id: Number(chat.partner.id), _view: 's' },
          ...renderOnlyFansChatCore(account, chat),
        })),
        hasMore: offset + page.length < chats.length,
        nextOffset: offset + page.length,
      };
    },
  },
  {
    name: 'ofauth.messages',
    vendor: 'ofauth',
    pattern: /^\/v2\/access\/chats\/(?<userId>[^/]+)\/messages$/,
    account: { from: 'connection' },
    handle: (context) => {
      const account = accountOf(context);
      const { query } = context;
      const limit = readInteger(query, 'limit', { min: 1, max: 20, fallback: 10 });
      const offset = readInteger(query, 'offset', { min: 0, fallback: 0 });
      const lastId = readId(query, 'last_id');
      const search = readString(query, 'query', 100);
      const chat = account.chatById.get(context.params.userId!);
      if (chat === undefined) throw new RouteError('notFound', 'Chat not found');
      const matching = [...chat.messages]
        .reverse()
        .filter(
          (message) =>
            (lastId === null || compareIds(message.id, lastId) < 0) &&
            (search === null || matchesSearch(search, textOf(message).plain)),
        );
      const page = matching.slice(offset, offset + limit);
      const hasMore = offset + page.length < matching.length;
      const oldest = page.at(-1);
      return {
        list: page.map((message) => renderOnlyFansMessage(account, chat, message)),
        hasMore,
        ...(hasMore && oldest !== undefined ? { nextLastId: Number(oldest.id) } : {}),
      };
    },
  },
  {
    name: 'ofauth.users',
    vendor: 'ofauth',
    pattern: /^\/v2\/access\/users\/list$/,
    account: { from: 'connection' },
    handle: (context) => {
      const account = accountOf(context);
      const ids = parseIdList(context.query.get('userIds'), 'userIds', 10);
      const users = ids.flatMap((id) => account.userById.get(id) ?? []);
      return {
        users: users.map((user) => ({
          id: Number(user.id),
          username: user.username,
          name: user.displayName,
          isVerified: user.isVerified,
          ...avatarUrls(user),
        })),
      };
    },
  },
];
