import { compareRecent } from './dataset.ts';
import type { SandboxBundle, SandboxMedia } from './dataset-types.ts';
import { compareIds } from './id-factory.ts';
import { parseIdList, readEnum, readId, readInteger, readString } from './params.ts';
import {
  renderFanslyAccount,
  renderFanslyAccountMedia,
  renderFanslyBundle,
  renderFanslyChat,
  renderFanslyGroup,
  renderFanslyMessage,
} from './render-fansly.ts';
import {
  accountOf,
  matchesSearch,
  ONLYFANSAPI_ORIGIN,
  type RouteDefinition,
  RouteError,
} from './route-kit.ts';

/** OnlyFansAPI · Fansly: `/api/fansly/…`. */

export const fanslyRoutes: RouteDefinition[] = [
  {
    name: 'fansly.accounts',
    vendor: 'onlyfansapi',
    pattern: /^\/api\/fansly\/accounts$/,
    account: { from: 'none' },
    handle: ({ dataset, expiredSessions }) => ({
      data: dataset.accountsOf('onlyfansapi', 'fansly').map((account) => ({
        id: account.handle,
        fansly_id: account.creator.id,
        fansly_username: account.creator.username,
        display_name: account.creator.displayName,
        is_authenticated: !expiredSessions.has(account.handle),
        created_at: new Date(account.creator.createdAtMs).toISOString(),
      })),
    }),
  },
  {
    name: 'fansly.chats',
    vendor: 'onlyfansapi',
    pattern: /^\/api\/fansly\/(?<account>[^/]+)\/chats$/,
    account: { from: 'path', platform: 'fansly' },
    handle: (context) => {
      const account = accountOf(context);
      const { query } = context;
      const limit = readInteger(query, 'limit', { min: 1, max: 100, fallback: 20 });
      const offset = readInteger(query, 'offset', { min: 0, fallback: 0 });
      const search = readString(query, 'search');
      const order = readEnum(query, 'order', ['newest', 'oldest', 'unread'], 'newest');
      let chats = account.chats.filter(
        (chat) =>
          search === null || matchesSearch(search, chat.partner.username, chat.partner.displayName),
      );
      if (order === 'oldest') chats = chats.reverse();
      if (order === 'unread') {
        chats = chats.sort(
          (left, right) =>
            Number(right.unreadCount > 0) - Number(left.unreadCount > 0) ||
            compareRecent(left, right),
        );
      }
      const page = chats.slice(offset, offset + limit);
      const nextOffset = offset + page.length;
      const hasMore = nextOffset < chats.length;
      const next = new URLSearchParams({ limit: String(limit), offset: String(nextOffset) });
      if (search !== null) next.set('search', search);
      next.set('order', order);
      return {
        data: {
          data: page.map((chat) => renderFanslyChat(account, chat)),
          aggregationData: {
            accounts: page.map((chat) => renderFanslyAccount(chat.partner)),
            groups: page.map((chat) => renderFanslyGroup(account, chat)),
          },
          hasMore,
        },
        _pagination: {
          next_page: hasMore
            ? `${ONLYFANSAPI_ORIGIN}/api/fansly/${account.handle}/chats?${next}`
            : null,
        },
      };
    },
  },
  {
    name: 'fansly.messages',
    vendor: 'onlyfansapi',
    pattern: /^\/api\/fansly\/(?<account>[^/]+)\/chats\/(?<chatId>[^/]+)\/messages$/,
    account: { from: 'path', platform: 'fansly' },
    handle: (context) => {
      const account = accountOf(context);
      const { query } = context;
      const limit = readInteger(query, 'limit', { min: 1, max: 100, fallback: 25 });
      const before = readId(query, 'before');
      const chat = account.chatById.get(context.params.chatId!);
      if (chat === undefined) throw new RouteError('notFound', 'Chat not found.');
      const older = [...chat.messages]
        .reverse()
        .filter((message) => before === null || compareIds(message.id, before) < 0);
      const page = older.slice(0, limit);
      const hasMore = older.length > limit;
      const { accountMedia, bundles } = aggregateMedia(page);
      const oldest = page.at(-1);
      return {
        data: {
          messages: page.map((message) => renderFanslyMessage(account, chat, message)),
          accountMedia: accountMedia.map(renderFanslyAccountMedia),
          accountMediaBundles: bundles.map(renderFanslyBundle),
          tips: [],
          tipGoals: [],
          accountMediaOrders: [],
          stories: [],
          storyOrders: [],
          hasMore,
        },
        _pagination: {
          next_page:
            hasMore && oldest !== undefined
              ? `${ONLYFANSAPI_ORIGIN}/api/fansly/${account.handle}/chats/${chat.id}/messages?${new URLSearchParams({ limit: String(limit), before: oldest.id })}`
              : null,
        },
      };
    },
  },
  {
    name: 'fansly.accountMedia',
    vendor: 'onlyfansapi',
    pattern: /^\/api\/fansly\/(?<account>[^/]+)\/account-media\/(?<ids>[^/]+)$/,
    account: { from: 'path', platform: 'fansly' },
    handle: (context) => {
      const account = accountOf(context);
      const ids = parseIdList(context.params.ids!, 'ids', Number.POSITIVE_INFINITY);
      const found = ids.flatMap((id) => account.mediaById.get(id) ?? []);
      // The vendor relays Fansly's own envelope here, not its usual `data` wrapper.
      return { success: true, response: found.map(renderFanslyAccountMedia) };
    },
  },
  {
    name: 'fansly.users',
    vendor: 'onlyfansapi',
    pattern: /^\/api\/fansly\/(?<account>[^/]+)\/users\/(?<usernames>[^/]+)$/,
    account: { from: 'path', platform: 'fansly' },
    handle: (context) => {
      const account = accountOf(context);
      const usernames = context.params.usernames!.split(',').map((name) => name.trim());
      const users = usernames.flatMap(
        (name) => account.userByUsername.get(name.toLowerCase()) ?? [],
      );
      return { data: users.map(renderFanslyAccount) };
    },
  },
];

/**
 * Every accountMedia and bundle the page's messages reference, once each, in first-seen order,
 * minus the media marked absent: a client must fetch those through `account-media/{ids}`.
 */
function aggregateMedia(
  messages: { media: readonly SandboxMedia[]; bundles: readonly SandboxBundle[] }[],
) {
  const accountMedia = new Map<string, SandboxMedia>();
  const bundles = new Map<string, SandboxBundle>();
  for (const message of messages) {
    for (const bundle of message.bundles) bundles.set(bundle.id, bundle);
    for (const media of [...message.media, ...message.bundles.flatMap((bundle) => bundle.media)]) {
      if (!media.absentFromPage) accountMedia.set(media.id, media);
    }
  }
  return { accountMedia: [...accountMedia.values()], bundles: [...bundles.values()] };
}
