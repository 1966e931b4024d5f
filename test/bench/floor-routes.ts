import type { FloorAccount, FloorChat, FloorMedia, FloorMessagePage } from './floor-records.ts';
import type { FloorVendors } from './floor-vendors.ts';

/**
 * The floor's answers, one per scenario: the fewest vendor calls, each round in parallel, shaped
 * like the gateway's `data` for the same query so the two can be compared field for field.
 */

/**
 * The gateway's global id: `Typename:parts`, base64url (src/ids.ts). Written out here so the floor
 * loads none of the gateway's modules (src/ids.ts pulls in graphql-yoga).
 */
function encodeGlobalId(typename: string, local: string): string {
  return Buffer.from(`${typename}:${local}`, 'utf8').toString('base64url');
}

export type FloorRoute = (vendors: FloorVendors, query: URLSearchParams) => Promise<unknown>;

const VENDOR = { onlyfans: 'ONLYFANSAPI', fansly: 'ONLYFANSAPI', ofauth: 'OFAUTH' } as const;
const PLATFORM = { onlyfans: 'ONLYFANS', fansly: 'FANSLY', ofauth: 'ONLYFANS' } as const;
/** Largest chat page per kind; OnlyFans pages come in 10, 20 or 30. */
const CHAT_PAGE = { onlyfans: 30, fansly: 100, ofauth: 20 } as const;

function number(query: URLSearchParams, name: string): number {
  return Number(query.get(name));
}

function chatId(account: FloorAccount, chat: FloorChat): string {
  return encodeGlobalId('Chat', `${account.externalId}:${chat.chatId}:${chat.partnerId}`);
}

function iso(seconds: number | null): string | null {
  return seconds === null ? null : new Date(seconds * 1000).toISOString();
}

/** The smallest OnlyFans page size that holds `count` (10, 20 or 30). */
function onlyFansLimit(count: number): number {
  return count <= 10 ? 10 : count <= 20 ? 20 : 30;
}

/** Partner profiles the chat lists left out (OFAuth), in one round of users/list calls. */
async function fillPartners(vendors: FloorVendors, account: FloorAccount, chats: FloorChat[]) {
  const missing = chats.filter((chat) => chat.partner === null).map((chat) => chat.partnerId);
  if (missing.length === 0) return;
  const profiles = await vendors.users(account, [...new Set(missing)]);
  for (const chat of chats) chat.partner ??= profiles.get(chat.partnerId) ?? null;
}

function chatNode(account: FloorAccount, chat: FloorChat) {
  const partner = chat.partner;
  const last = chat.lastMessage;
  return {
    id: chatId(account, chat),
    unreadCount: chat.unreadCount,
    lastActivityAt: iso(chat.lastActivity),
    partner: {
      platformId: chat.partnerId,
      username: partner?.username ?? null,
      displayName: partner?.displayName ?? null,
      avatarUrl: partner?.avatarUrl ?? null,
    },
    lastMessage: last && {
      platformId: last.platformId,
      text: last.text,
      createdAt: last.createdAt,
      isFromCreator: last.isFromCreator,
    },
  };
}

/** The first `first` chats of one account in one chat-list call (`first` ≤ one page). */
async function firstChats(vendors: FloorVendors, account: FloorAccount, first: number) {
  const limit = account.kind === 'onlyfans' ? onlyFansLimit(first) : first;
  const page = await vendors.chats(account, 0, limit);
  return { chats: page.chats.slice(0, first), hasMore: page.hasMore || page.chats.length > first };
}

const onlyFansInbox: FloorRoute = async (vendors, query) => {
  const account = vendors.account(query.get('account'));
  const { chats, hasMore } = await firstChats(vendors, account, number(query, 'first'));
  return {
    connectedAccount: {
      chats: {
        edges: chats.map((chat) => ({ node: chatNode(account, chat) })),
        pageInfo: { hasNextPage: hasMore },
      },
    },
  };
};

const ofAuthInbox: FloorRoute = async (vendors, query) => {
  const account = vendors.account(query.get('account'));
  const { chats, hasMore } = await firstChats(vendors, account, number(query, 'first'));
  await fillPartners(vendors, account, chats);
  return {
    connectedAccount: {
      chats: {
        edges: chats.map((chat) => {
          const { id, unreadCount, lastActivityAt, partner } = chatNode(account, chat);
          const { platformId, username, displayName } = partner;
          return {
            node: {
              id,
              unreadCount,
              lastActivityAt,
              partner: { platformId, username, displayName },
            },
          };
        }),
        pageInfo: { hasNextPage: hasMore },
      },
    },
  };
};

/** A Fansly media item: its id is the account's handle and the accountMedia id. */
function fanslyMediaNode(account: FloorAccount, media: FloorMedia) {
  return {
    id: encodeGlobalId('Media', `${account.externalId}:${media.platformId}`),
    platformId: media.platformId,
    type: media.type,
    url: media.url,
    thumbnailUrl: media.thumbnailUrl,
    isAccessible: media.isAccessible,
    price: media.price,
  };
}

const fanslyThread: FloorRoute = async (vendors, query) => {
  const account = vendors.account(query.get('account'));
  const chat = query.get('chat') ?? '';
  const partner = query.get('partner') ?? '';
  const username = query.get('username') ?? '';
  const page = await vendors.messages(account, chat, number(query, 'first'));
  await vendors.resolveFanslyMedia(account, [page]);
  return {
    chat: {
      messages: {
        edges: page.messages.map((message) => ({
          node: {
            id: encodeGlobalId(
              'Message',
              `${account.externalId}:${chat}:${partner}:${username}:${message.platformId}`,
            ),
            platformId: message.platformId,
            text: message.text,
            createdAt: message.createdAt,
            isFromCreator: message.isFromCreator,
            price: message.price,
            // The fan's username is the chat's; the creator's the gateway knows from its
            // accounts list at start-up (not compared: see fingerprint.ts).
            sender: {
              platformId: message.senderId,
              username: message.isFromCreator ? null : username,
            },
            media: message.media.map((media) => fanslyMediaNode(account, media)),
          },
        })),
        pageInfo: { hasNextPage: page.hasMore },
      },
    },
  };
};

/** Every account at once: its chats, then their messages and profiles in one more round. */
const overview: FloorRoute = async (vendors, query) => {
  const chatCount = number(query, 'chats');
  const messageCount = number(query, 'messages');
  const accounts = await Promise.all(
    vendors.accounts.map(async (account) => {
      const { chats } = await firstChats(vendors, account, chatCount);
      const empty: FloorMessagePage = { messages: [], hasMore: false };
      // A chat the list shows without a last message has no messages to read.
      const [pages] = await Promise.all([
        Promise.all(
          chats.map((chat) =>
            chat.lastMessage ? vendors.messages(account, chat.chatId, messageCount) : empty,
          ),
        ),
        fillPartners(vendors, account, chats),
      ]);
      if (account.kind === 'fansly') await vendors.resolveFanslyMedia(account, pages);
      return {
        platform: PLATFORM[account.kind],
        vendor: VENDOR[account.kind],
        chats: {
          edges: chats.map((chat, index) => ({
            node: {
              id: chatId(account, chat),
              unreadCount: chat.unreadCount,
              partner: { platformId: chat.partnerId, username: chat.partner?.username ?? null },
              messages: {
                edges: (pages[index]?.messages ?? []).map((message) => ({
                  node: {
                    platformId: message.platformId,
                    text: message.text,
                    createdAt: message.createdAt,
                    isFromCreator: message.isFromCreator,
                    media: message.media.map(({ platformId, type, url, isAccessible }) => ({
                      platformId,
                      type,
                      url,
                      isAccessible,
                    })),
                  },
                })),
              },
            },
          })),
        },
      };
    }),
  );
  return { connectedAccounts: accounts };
};

/** A lane's head time: see `headTime` in minimum.ts (an empty chat sorts with the next one). */
function laneTime(buffer: readonly FloorChat[], more: boolean): number | undefined {
  const next = buffer.find((chat) => chat.lastActivity !== null);
  if (next) return next.lastActivity!;
  return more ? undefined : Number.NEGATIVE_INFINITY;
}

/**
 * The unified inbox: every account's first page at once, then more pages only of accounts whose
 * head cannot be placed yet while the page has room (each round in parallel), merged by activity;
 * then one round of users/list for the OFAuth chats placed.
 */
const inbox: FloorRoute = async (vendors, query) => {
  const first = number(query, 'first');
  const lanes = vendors.accounts.map((account) => ({
    account,
    offset: 0,
    more: true,
    buffer: [] as FloorChat[],
  }));
  const placed: Array<{ account: FloorAccount; chat: FloorChat }> = [];
  while (placed.length < first) {
    const unknown = lanes.filter((lane) => laneTime(lane.buffer, lane.more) === undefined);
    if (unknown.length > 0) {
      await Promise.all(
        unknown.map(async (lane) => {
          // No more than the page can still take: one call either way, a smaller body.
          const room = Math.min(first - placed.length, CHAT_PAGE[lane.account.kind]);
          const limit = lane.account.kind === 'onlyfans' ? onlyFansLimit(room) : room;
          const page = await vendors.chats(lane.account, lane.offset, limit);
          lane.offset += limit;
          lane.more = page.hasMore;
          lane.buffer.push(...page.chats);
        }),
      );
      continue;
    }
    let newest: { lane: (typeof lanes)[number]; time: number } | null = null;
    for (const lane of lanes) {
      if (lane.buffer.length === 0) continue;
      const time = laneTime(lane.buffer, lane.more)!;
      if (
        !newest ||
        time > newest.time ||
        (time === newest.time && lane.account.externalId < newest.lane.account.externalId)
      ) {
        newest = { lane, time };
      }
    }
    if (!newest) break;
    placed.push({ account: newest.lane.account, chat: newest.lane.buffer.shift()! });
  }
  await Promise.all(
    vendors.accounts.map((account) =>
      fillPartners(
        vendors,
        account,
        placed.filter((entry) => entry.account === account).map((entry) => entry.chat),
      ),
    ),
  );
  return {
    inbox: {
      edges: placed.map(({ account, chat }) => ({ node: chatNode(account, chat) })),
      pageInfo: { hasNextPage: lanes.some((lane) => lane.buffer.length > 0 || lane.more) },
    },
  };
};

/**
 * A reply in an OnlyFans chat: the vendor's send call and nothing else, answered as the gateway's
 * `sendMessage` payload. A GET like every floor route (the floor is the benchmark's yardstick,
 * not an API): `?account=&chat=&text=&key=`.
 */
const send: FloorRoute = async (vendors, query) => {
  const message = await vendors.sendOnlyFansMessage(query.get('account')!, query.get('chat')!, {
    text: query.get('text')!,
    idempotencyKey: query.get('key')!,
  });
  return { sendMessage: { outcome: 'SENT', message } };
};

export const FLOOR_ROUTES: Record<string, FloorRoute> = {
  '/send': send,
  '/onlyfans-inbox': onlyFansInbox,
  '/ofauth-inbox': ofAuthInbox,
  '/fansly-thread': fanslyThread,
  '/overview': overview,
  '/inbox': inbox,
};
