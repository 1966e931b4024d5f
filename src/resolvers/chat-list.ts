import type { GatewayContext } from '../context.ts';
import { checkFirst, decodeCursor, encodeCursor, listSignature } from '../cursors.ts';
import type { ChatOrder, ChatRecord } from '../domain.ts';
import type { ConnectedAccountEntry } from '../gateway.ts';
import { badUserInput } from '../ids.ts';
import { accountKey } from '../loaders/accounts.ts';

export interface ChatListArgs {
  first?: number | null;
  after?: string | null;
  order?: ChatOrder | null;
  unreadOnly?: boolean | null;
  search?: string | null;
}

export interface ChatListResult {
  edges: Array<{ cursor: string; node: ChatRecord }>;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/** Largest window read at once while filtering on the gateway. */
const FILTER_WINDOW = 100;

export function normalizeSearch(search: string | null | undefined): string | null {
  const trimmed = search?.trim() ?? '';
  if (trimmed.length > 100) throw badUserInput('"search" must be at most 100 characters.');
  return trimmed === '' ? null : trimmed;
}

async function matchesSearch(
  context: GatewayContext,
  chat: ChatRecord,
  search: string,
): Promise<boolean> {
  const partner =
    chat.partner ??
    (await context.loaders.accounts.load(
      accountKey(chat.route.connectedAccountId, chat.partnerId),
    ));
  const needle = search.toLocaleLowerCase();
  return [partner?.username, partner?.displayName].some((value) =>
    value?.toLocaleLowerCase().includes(needle),
  );
}

/**
 * One page of a connected account's chats. Filters the vendor has run there; the others run here,
 * reading on through the vendor's list until the page is full or the list ends. Cursors hold the
 * vendor offset just after their chat, so paging never skips or repeats a chat.
 */
export async function resolveChatList(
  context: GatewayContext,
  entry: ConnectedAccountEntry,
  args: ChatListArgs,
): Promise<ChatListResult> {
  const first = checkFirst(args.first, 20);
  const order = args.order ?? 'RECENT';
  const unreadOnly = args.unreadOnly ?? false;
  const search = normalizeSearch(args.search);
  const handle = entry.route.connectedAccountId;
  const signature = listSignature(handle, order, unreadOnly, search);
  let offset = args.after ? decodeCursor(args.after, 'chats', signature).offset : 0;

  const { capabilities } = entry.provider;
  const unreadHere = unreadOnly && capabilities.unreadFilter === 'gateway';
  const searchHere = search !== null && capabilities.search === 'gateway';
  const vendorKey = {
    handle,
    order,
    unreadOnly: unreadOnly && !unreadHere,
    search: searchHere ? null : search,
  };
  const edges: ChatListResult['edges'] = [];
  const edge = (node: ChatRecord, nextOffset: number) => ({
    cursor: encodeCursor({ kind: 'chats', list: signature, offset: nextOffset }),
    node,
  });

  if (!unreadHere && !searchHere) {
    const page = await context.loaders.chatPages.load({ ...vendorKey, offset, first });
    for (const [index, chat] of page.items.entries()) edges.push(edge(chat, offset + index + 1));
    return connection(edges, page.nextOffset !== null);
  }

  let window = Math.max(first, 30);
  for (;;) {
    const page = await context.loaders.chatPages.load({ ...vendorKey, offset, first: window });
    const kept = await Promise.all(
      page.items.map(
        async (chat) =>
          (!unreadHere || chat.unreadCount > 0) &&
          (!searchHere || (await matchesSearch(context, chat, search))),
      ),
    );
    for (const [index, chat] of page.items.entries()) {
      if (!kept[index]) continue;
      if (edges.length === first) return connection(edges, true);
      edges.push(edge(chat, offset + index + 1));
    }
    if (page.nextOffset === null) return connection(edges, false);
    // Full, and the vendor has more: say so rather than spend a call to find the next match.
    if (edges.length === first) return connection(edges, true);
    offset = page.nextOffset;
    window = Math.min(window * 2, FILTER_WINDOW);
  }
}

export function connection<T>(edges: Array<{ cursor: string; node: T }>, hasNextPage: boolean) {
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
