import type { GatewayContext } from '../context.ts';
import {
  checkFirst,
  type Edge,
  type InboxCursor,
  LazyCursorEdge,
  listSignature,
} from '../cursors.ts';
import type { ChatRecord } from '../domain.ts';
import { UpstreamError } from '../http/errors.ts';
import type { ConnectedAccountEntry } from '../vendors/connected-accounts.ts';
import {
  accountsNamed,
  type ChatWindow,
  checkMinPartnerSpend,
  filterSignatureParts,
  filtersBySpend,
  normalizeSearch,
  readChatWindow,
} from './connected-account.ts';
import { connection } from './shapes.ts';

export interface InboxArgs {
  first?: number | null;
  after?: string | null;
  accountIds?: readonly string[] | null;
  unreadOnly?: boolean | null;
  search?: string | null;
  minPartnerSpend?: number | null;
}

export interface InboxResult {
  edges: Array<Edge<ChatRecord>>;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  unreadTotal: number;
  unreadTotalIsExact: boolean;
  unavailableAccounts: ConnectedAccountEntry[];
  /** Accounts left out of every page because their vendor cannot serve a filter asked for. */
  skippedAccounts: ConnectedAccountEntry[];
}

/** The sort time of a lane's next chat: read, or carried over from the previous page's cursor. */
function headTime(lane: Lane): string | undefined {
  return lane.buffer.length > 0 ? lane.buffer[0]!.sortTime : lane.knownHead;
}

/** Newest activity first; ties by account handle (within an account, the vendor's order holds). */
function newerFirst(left: Lane, right: Lane): number {
  const leftTime = headTime(left)!;
  const rightTime = headTime(right)!;
  if (leftTime !== rightTime) return leftTime < rightTime ? 1 : -1;
  const leftHandle = left.entry.connectedAccount.externalId;
  const rightHandle = right.entry.connectedAccount.externalId;
  return leftHandle < rightHandle ? -1 : leftHandle > rightHandle ? 1 : 0;
}

/**
 * The time a chat sorts by. A chat without messages has no activity time, but its vendor lists
 * it in place among the others: it sorts with the next chat of its account (or last, at the end
 * of the account's list). Unknown (undefined) while that next chat has not been read yet.
 */
function assignSortTimes(lane: Lane): void {
  let next: string | undefined = lane.hasMore ? undefined : '';
  for (let index = lane.buffer.length - 1; index >= 0; index--) {
    const item = lane.buffer[index]!;
    item.sortTime = item.chat.lastActivityAt ?? next;
    next = item.sortTime;
  }
}

/** One account's progress through its chat list during one inbox page. */
interface Lane {
  entry: ConnectedAccountEntry;
  /** Vendor offset of the first chat not yet placed on a page; null when the list is done. */
  offset: number | null;
  /** Chats read ahead and not yet placed, in vendor order. */
  buffer: Array<ChatWindow['items'][number] & { sortTime?: string }>;
  hasMore: boolean;
  /**
   * The sort time of the chat at `offset`, known from the cursor without reading it: the lane is
   * read only once that chat is the newest of all heads, so a page reads only the accounts it
   * takes chats from.
   */
  knownHead?: string;
  failed: boolean;
  /** Unread messages over every chat this request read from the account. */
  unreadRead: number;
}

/** A lane must be read before the merge goes on when the place of its next chat is unknown. */
function needsReading(lane: Lane): boolean {
  return !lane.failed && lane.hasMore && headTime(lane) === undefined;
}

/** Head times travel in the cursor as epoch milliseconds; 0 stands for "after everything". */
function encodeHead(time: string | undefined): number | null {
  if (time === undefined) return null;
  return time === '' ? 0 : Date.parse(time);
}

function decodeHead(value: number | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return value === 0 ? '' : new Date(value).toISOString();
}

/**
 * The unified inbox: the chats of several connected accounts merged by last activity.
 *
 * Each account is a lane read in its vendor's newest-first order. The merge places the newest
 * head among the lanes, one chat at a time; a lane that runs dry while its vendor has more is
 * topped up (all dry lanes in parallel) before the merge goes on, so the order is exactly that of
 * the union sorted by activity. A lane reads at most what the page can still take, and never more
 * than one vendor call's worth, so a page of up to 20 chats (30 where no OFAuth account is
 * included) costs each account one chat-list call at most.
 *
 * The cursor holds every lane's offset and the time of its next chat, so a later page reads a
 * lane only when that chat is the newest of all heads: a page costs calls only for the accounts
 * it takes chats from. Filters the vendor cannot run are run on each lane's reads
 * ({@link readChatWindow}); an account whose vendor cannot tell what a filter needs (the spend of
 * `minPartnerSpend`) is skipped and named. A lane whose vendor fails is left out of this page with
 * an error naming the account; its offset stays put, so the next page retries it and no chat of
 * any account is skipped or repeated.
 */
export async function resolveInbox(
  context: GatewayContext,
  args: InboxArgs,
  path: ReadonlyArray<string | number>,
): Promise<InboxResult> {
  const first = checkFirst(args.first, 20);
  const unreadOnly = args.unreadOnly ?? false;
  const search = normalizeSearch(args.search);
  const minPartnerSpend = checkMinPartnerSpend(args.minPartnerSpend);
  const entries = accountsNamed(context, args.accountIds);
  const externalIds = entries.map((entry) => entry.connectedAccount.externalId);
  const signature = listSignature(
    'inbox',
    externalIds.join(','),
    ...filterSignatureParts(unreadOnly, search, minPartnerSpend),
  );
  const cursor = args.after
    ? context.cursors.decode(args.after, 'inbox', signature, { lanes: entries.length })
    : null;
  // A skipped account is a lane that starts finished: it is never read, on any page.
  const skipped = new Set(
    minPartnerSpend === null ? [] : entries.filter((entry) => !filtersBySpend(entry)),
  );
  const start = entries.map((entry, index) =>
    skipped.has(entry) ? null : cursor ? (cursor.offsets[index] ?? null) : 0,
  );

  const lanes: Lane[] = entries.map((entry, index) => ({
    entry,
    offset: start[index] ?? null,
    buffer: [],
    hasMore: start[index] !== null,
    knownHead: decodeHead(cursor?.heads[index]),
    failed: false,
    unreadRead: 0,
  }));

  const refill = async (lane: Lane, room: number) => {
    const from = lane.buffer.at(-1)?.nextOffset ?? lane.offset;
    if (from === null) return;
    try {
      const window = await readChatWindow(context, lane.entry, {
        offset: from,
        count: Math.min(room, lane.entry.adapter.capabilities.chatPageMax),
        order: 'RECENT',
        unreadOnly,
        search,
        minPartnerSpend,
      });
      lane.knownHead = undefined;
      lane.buffer.push(...window.items);
      // An empty read that claims more would loop for ever: take it as the end.
      lane.hasMore = window.hasMore && window.items.length > 0;
      assignSortTimes(lane);
      for (const { chat } of window.items) lane.unreadRead += chat.unreadCount;
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      lane.failed = true;
      context.partialErrors.push({ error, path });
    }
  };

  const edges: InboxResult['edges'] = [];
  // The lanes' progress as it stands now: the cursor of the chat just placed.
  const cursorNow = (): InboxCursor => ({
    kind: 'inbox',
    list: signature,
    offsets: lanes.map((lane) => lane.offset),
    heads: lanes.map((lane) => (lane.offset === null ? null : encodeHead(headTime(lane)))),
  });

  while (edges.length < first) {
    // A lane needs reading when it is empty, or its head's place is not known yet (a chat
    // without messages, and its account's next chat not read). No chat is placed until every
    // live lane's head is known: placing one early could put it before a newer chat.
    const dry = lanes.filter(needsReading);
    if (dry.length > 0) {
      await Promise.all(dry.map((lane) => refill(lane, first - edges.length)));
      continue;
    }
    let newest: Lane | null = null;
    for (const lane of lanes) {
      if (lane.failed || (lane.buffer.length === 0 && !lane.hasMore)) continue;
      if (!newest || newerFirst(lane, newest) < 0) newest = lane;
    }
    if (!newest) break;
    if (newest.buffer.length === 0) {
      // Its next chat is the newest of all, known only by time: read the lane now.
      await refill(newest, first - edges.length);
      continue;
    }
    const placed = newest.buffer.shift()!;
    newest.offset = newest.buffer.length > 0 || newest.hasMore ? placed.nextOffset : null;
    edges.push(new LazyCursorEdge(context.cursors, cursorNow(), placed.chat));
  }

  const settled = lanes.every((lane) => !lane.failed && lane.buffer.length === 0 && !lane.hasMore);
  const hasNextPage = lanes.some((lane) => lane.failed || lane.buffer.length > 0 || lane.hasMore);
  return {
    ...connection(edges, hasNextPage),
    unreadTotal: lanes.reduce((sum, lane) => sum + lane.unreadRead, 0),
    unreadTotalIsExact: settled && !args.after,
    unavailableAccounts: lanes.filter((lane) => lane.failed).map((lane) => lane.entry),
    skippedAccounts: [...skipped],
  };
}
