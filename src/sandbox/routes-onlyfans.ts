import { chatsInOrder } from './dataset.ts';
import { compareIds } from './id-factory.ts';
import {
  parseIdList,
  readEnum,
  readId,
  readInteger,
  readIntegerChoice,
  readString,
} from './params.ts';
import {
  renderOnlyFansChatCore,
  renderOnlyFansMessage,
  renderOnlyFansUser,
} from './render-onlyfans.ts';
import { renderOnlyFansFan } from './render-onlyfans-fan.ts';
import {
  accountOf,
  matchesSearch,
  ONLYFANSAPI_ORIGIN,
  type RouteDefinition,
  RouteError,
} from './route-kit.ts';

/** OnlyFansAPI · OnlyFans: `/api/accounts` and `/api/{account}/…`. */

function nextPageUrl(path: string, query: URLSearchParams, first: Record<string, string>): string {
  const next = new URLSearchParams(first);
  for (const [name, value] of query) if (!(name in first)) next.append(name, value);
  return `${ONLYFANSAPI_ORIGIN}${path}?${next}`;
}

export const onlyfansRoutes: RouteDefinition[] = [
  {
    name: 'onlyfansapi.accounts',
    vendor: 'onlyfansapi',
    pattern: /^\/api\/accounts$/,
    account: { from: 'none' },
    handle: ({ dataset, expiredSessions }) => ({
      data: dataset.accountsOf('onlyfansapi', 'onlyfans').map((account) => {
        const expired = expiredSessions.has(account.handle);
        return {
          id: account.handle,
          onlyfans_id: Number(account.creator.id),
          onlyfans_username: account.creator.username,
          display_name: account.creator.displayName,
          is_authenticated: !expired,
          authentication_progress: expired ? 'session_expired' : 'authenticated',
          created_at: new Date(account.creator.createdAtMs).toISOString(),
        };
      }),
    }),
  },
  {
    name: 'onlyfans.chats',
    vendor: 'onlyfansapi',
    pattern: /^\/api\/(?<account>[^/]+)\/chats$/,
    account: { from: 'path', platform: 'onlyfans' },
    handle: (context) => {
      const account = accountOf(context);
      const { query } = context;
      const limit = readIntegerChoice(query, 'limit', [10, 20, 30], 10);
      const offset = readInteger(query, 'offset', { min: 0, fallback: 0 });
      const order = readEnum(query, 'order', ['recent', 'old'], 'recent');
      const search = readString(query, 'query');
      const skipUsers = readEnum(query, 'skip_users', ['all', 'none'], 'none');
      const chats = chatsInOrder(account, order).filter(
        (chat) =>
          search === null || matchesSearch(search, chat.partner.username, chat.partner.displayName),
      );
      const page = chats.slice(offset, offset + limit);
      const nextOffset = offset + page.length;
      return {
        data: page.map((chat) => ({
          ...renderOnlyFansChatCore(account, chat),
          ...(skipUsers === 'all'
            ? { withUser: { id: Number(chat.partner.id), _view: 's' } }
            : { fan: renderOnlyFansFan(chat.partner, chat.fanValue) }),
        })),
        _pagination: {
          next_page:
            nextOffset < chats.length
              ? nextPageUrl(`/api/${account.handle}/chats`, query, {
                  offset: String(nextOffset),
                  limit: String(limit),
                })
              : null,
        },
      };
    },
  },
  {
    name: 'onlyfans.messages',
    vendor: 'onlyfansapi',
    pattern: /^\/api\/(?<account>[^/]+)\/chats\/(?<chatId>[^/]+)\/messages$/,
    account: { from: 'path', platform: 'onlyfans' },
    handle: (context) => {
      const account = accountOf(context);
      const { query } = context;
      const limit = readInteger(query, 'limit', { min: 1, max: 100, fallback: 10 });
      const order = readEnum(query, 'order', ['desc', 'asc'], 'desc');
      // `id` is the documented cursor; newer docs call it `last_id`.
      const cursor = readId(query, 'id') ?? readId(query, 'last_id');
      readEnum(query, 'skip_users', ['all', 'none'], 'all');
      const chat = account.chatById.get(context.params.chatId!);
      if (chat === undefined) throw new RouteError('notFound', 'Chat not found.');
      const ordered = order === 'desc' ? [...chat.messages].reverse() : chat.messages;
      const after =
        cursor === null
          ? ordered
          : ordered.filter((message) =>
              order === 'desc'
                ? compareIds(message.id, cursor) < 0
                : compareIds(message.id, cursor) > 0,
            );
      const page = after.slice(0, limit);
      const last = page.at(-1);
      return {
        data: page.map((message) => renderOnlyFansMessage(account, chat, message)),
        _pagination: {
          next_page:
            after.length > limit && last !== undefined
              ? nextPageUrl(`/api/${account.handle}/chats/${chat.id}/messages`, query, {
                  id: last.id,
                  limit: String(limit),
                  order,
                })
              : null,
        },
      };
    },
  },
  {
    name: 'onlyfans.users',
    vendor: 'onlyfansapi',
    pattern: /^\/api\/(?<account>[^/]+)\/users\/list$/,
    account: { from: 'path', platform: 'onlyfans' },
    handle: (context) => {
      const account = accountOf(context);
      const ids = parseIdList(context.query.get('ids'), 'ids', 10);
      const data: Record<string, unknown> = {};
      for (const id of ids) {
        const user = account.userById.get(id);
        if (user !== undefined) data[id] = renderOnlyFansUser(user);
      }
      return { data };
    },
  },
];
