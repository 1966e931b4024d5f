import type { GatewayContext } from '../context.ts';
import { checkFirst, LazyCursorEdge, listSignature } from '../cursors.ts';
import type { ChatOrder, ChatRecord, ConnectedAccountStatus } from '../domain.ts';
import { badUserInput, decodeGlobalIdOf, localId } from '../ids.ts';
import { accountKey } from '../loaders/accounts.ts';
import type { ConnectedAccountEntry } from '../vendors/connected-accounts.ts';
import { type ConnectionShape, connection } from './shapes.ts';

/**
 * What a ConnectedAccount resolves from: its entry, and the status an event told, where one did
 * (otherwise the status is read from the vendor's accounts list).
 */
export type ConnectedAccountShape = ConnectedAccountEntry & { status?: ConnectedAccountStatus };

export function connectedAccountLocalId(entry: ConnectedAccountEntry): string {
  return localId(entry.connectedAccount.externalId);
}

/** A connected account by the parts of its id; null when it is not configured here. */
export function loadConnectedAccount(
  context: GatewayContext,
  parts: string[],
): ConnectedAccountEntry | null {
  const [externalId = ''] = parts;
  return context.connectedAccounts.byExternalId.get(externalId) ?? null;
}

/**
 * The connected accounts an `accountIds` argument names, in the configured order; every account
 * of the caller's view when it is left out. An id of an account outside the view is refused
 * exactly as one of an account not connected at all.
 */
export function accountsNamed(
  context: GatewayContext,
  accountIds: readonly string[] | null | undefined,
) {
  if (accountIds == null) return context.connectedAccounts.accounts;
  if (accountIds.length === 0)
    throw badUserInput('"accountIds" must name at least one account, or be left out for all.');
  const entries = new Map<string, ConnectedAccountEntry>();
  for (const id of accountIds) {
    const [externalId = ''] = decodeGlobalIdOf(id, 'ConnectedAccount').parts;
    const entry = context.connectedAccounts.byExternalId.get(externalId);
    if (!entry) throw badUserInput(`"accountIds": ${id} is not a connected account.`);
    entries.set(externalId, entry);
  }
  // The configured order, so the same set always yields the same cursor.
  return context.connectedAccounts.accounts.filter((entry) =>
    entries.has(entry.connectedAccount.externalId),
  );
}

export interface ChatListArgs {
  first?: number | null;
  after?: string | null;
  order?: ChatOrder | null;
  unreadOnly?: boolean | null;
  search?: string | null;
  minPartnerSpend?: number | null;
}

/** Largest window read at once while filtering on the gateway. */
const FILTER_WINDOW = 100;

export function normalizeSearch(search: string | null | undefined): string | null {
  const trimmed = search?.trim() ?? '';
  if (trimmed.length > 100) throw badUserInput('"search" must be at most 100 characters.');
  return trimmed === '' ? null : trimmed;
}

/** A spend floor in dollars: null when not asked for; finite and not negative otherwise. */
export function checkMinPartnerSpend(value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || value < 0) {
    throw badUserInput(`"minPartnerSpend" must be a number of dollars of 0 or more, got ${value}.`);
  }
  return value;
}

/**
 * Whether a spend filter can run on an account's chats: only where its chat list tells what each
 * partner spent. Other accounts are skipped (and named), never read to the end for nothing.
 */
export function filtersBySpend(entry: ConnectedAccountEntry): boolean {
  return entry.adapter.capabilities.partnerSpend;
}

/** A chat whose partner's spend is unknown never passes a spend floor. */
function spentAtLeast(chat: ChatRecord, minimum: number): boolean {
  return chat.partnerSpend !== null && chat.partnerSpend.total >= minimum;
}

async function matchesSearch(
  context: GatewayContext,
  chat: ChatRecord,
  search: string,
): Promise<boolean> {
  const partner =
    chat.partner ??
    (await context.loaders.accounts.load(
      accountKey(chat.connectedAccount.externalId, chat.partnerId),
    ));
  const needle = search.toLocaleLowerCase();
  return [partner?.username, partner?.displayName].some((value) =>
    value?.toLocaleLowerCase().includes(needle),
  );
}

export interface ChatWindowRequest {
  /** Vendor offset to read from. */
  offset: number;
  /** How many matching chats to return at most. */
  count: number;
  order: ChatOrder;
  unreadOnly: boolean;
  search: string | null;
  /** Only chats whose partner spent at least this many dollars; null for no floor. */
  minPartnerSpend: number | null;
  /**
   * Chats to ask the vendor for per call while filtering on the gateway (doubling up to 100).
   * @default max(count, 30)
   */
  window?: number;
}

export interface ChatWindow {
  /** Matching chats, in the vendor's order, each with the vendor offset just after it. */
  items: Array<{ chat: ChatRecord; nextOffset: number }>;
  /** Whether the vendor's list goes on after the last chat read. */
  hasMore: boolean;
}

/**
 * Reads up to `count` chats of one connected account from `offset`. Filters the vendor has run
 * there; the others run here, reading on through the vendor's list until `count` chats match or
 * the list ends. Each chat carries the vendor offset just after it, so a cursor taken at any chat
 * resumes exactly there.
 */
export async function readChatWindow(
  context: GatewayContext,
  entry: ConnectedAccountEntry,
  request: ChatWindowRequest,
): Promise<ChatWindow> {
  const { count, order, unreadOnly, search, minPartnerSpend } = request;
  const { capabilities } = entry.adapter;
  const unreadHere = unreadOnly && capabilities.unreadFilter === 'gateway';
  const searchHere = search !== null && capabilities.search === 'gateway';
  // No vendor filters by spend: the floor always runs here, on what the chat list tells.
  const spendHere = minPartnerSpend !== null;
  if (spendHere && !filtersBySpend(entry)) return { items: [], hasMore: false };
  const vendorKey = {
    externalId: entry.connectedAccount.externalId,
    order,
    unreadOnly: unreadOnly && !unreadHere,
    search: searchHere ? null : search,
  };
  let offset = request.offset;

  if (!unreadHere && !searchHere && !spendHere) {
    const page = await context.loaders.chatPages.load({ ...vendorKey, offset, first: count });
    return {
      items: page.items.map((chat, index) => ({ chat, nextOffset: offset + index + 1 })),
      hasMore: page.nextOffset !== null,
    };
  }

  const items: ChatWindow['items'] = [];
  let window = Math.min(request.window ?? Math.max(count, 30), FILTER_WINDOW);
  for (;;) {
    const page = await context.loaders.chatPages.load({ ...vendorKey, offset, first: window });
    const kept = await Promise.all(
      page.items.map(
        async (chat) =>
          (!unreadHere || chat.unreadCount > 0) &&
          (!spendHere || spentAtLeast(chat, minPartnerSpend)) &&
          (!searchHere || (await matchesSearch(context, chat, search))),
      ),
    );
    for (const [index, chat] of page.items.entries()) {
      if (!kept[index]) continue;
      // Full, and another match follows: the list goes on.
      if (items.length === count) return { items, hasMore: true };
      items.push({ chat, nextOffset: offset + index + 1 });
    }
    if (page.nextOffset === null) return { items, hasMore: false };
    // Full, and the vendor has more: say so rather than spend a call to find the next match.
    if (items.length === count) return { items, hasMore: true };
    offset = page.nextOffset;
    window = Math.min(window * 2, FILTER_WINDOW);
  }
}

/** A page of chats, and the accounts a filter left out because their vendor cannot serve it. */
export type ChatListShape = ConnectionShape<ChatRecord> & {
  skippedAccounts: ConnectedAccountEntry[];
};

/**
 * The filter arguments in a list's cursor signature. A spend floor is added only when asked for,
 * so cursors of lists without one stay what they were.
 */
export function filterSignatureParts(
  unreadOnly: boolean,
  search: string | null,
  minPartnerSpend: number | null,
): Array<string | number | boolean | null> {
  return minPartnerSpend === null ? [unreadOnly, search] : [unreadOnly, search, minPartnerSpend];
}

/** One page of a connected account's chats (`ConnectedAccount.chats`). */
export async function resolveChatList(
  context: GatewayContext,
  entry: ConnectedAccountEntry,
  args: ChatListArgs,
): Promise<ChatListShape> {
  const first = checkFirst(args.first, 20);
  const order = args.order ?? 'RECENT';
  const unreadOnly = args.unreadOnly ?? false;
  const search = normalizeSearch(args.search);
  const minPartnerSpend = checkMinPartnerSpend(args.minPartnerSpend);
  if (minPartnerSpend !== null && !filtersBySpend(entry)) {
    return { ...connection([], false), skippedAccounts: [entry] };
  }
  const signature = listSignature(
    entry.connectedAccount.externalId,
    order,
    ...filterSignatureParts(unreadOnly, search, minPartnerSpend),
  );
  const offset = args.after ? context.cursors.decode(args.after, 'chats', signature).offset : 0;
  const window = await readChatWindow(context, entry, {
    offset,
    count: first,
    order,
    unreadOnly,
    search,
    minPartnerSpend,
  });
  const edges = window.items.map(
    ({ chat, nextOffset }) =>
      new LazyCursorEdge(
        context.cursors,
        { kind: 'chats', list: signature, offset: nextOffset },
        chat,
      ),
  );
  return { ...connection(edges, window.hasMore), skippedAccounts: [] };
}
