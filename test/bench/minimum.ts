import type {
  SandboxAccount,
  SandboxChat,
  SandboxDataset,
  SandboxMessage,
  SandboxRoute,
  SandboxStats,
} from '../../src/sandbox/index.ts';

/**
 * The fewest vendor calls that can answer each benchmark screen, computed from the sandbox's
 * dataset and the vendors' page sizes. A gateway (or the floor) that makes more calls than this
 * spends credits or rate limit it did not need to.
 */

/** Largest page each vendor route serves (src/sandbox/routes-*.ts). */
export const PAGE_MAX = {
  /** OnlyFansAPI · OnlyFans chats come in pages of 10, 20 or 30 only. */
  onlyfansChats: 30,
  fanslyChats: 100,
  ofauthChats: 20,
  onlyfansMessages: 100,
  fanslyMessages: 100,
  ofauthMessages: 20,
  /** OFAuth `users/list`: ids per call. */
  usersPerCall: 10,
} as const;

export type RouteCalls = Partial<Record<SandboxRoute, number>>;

export interface Minimum {
  calls: number;
  /** OnlyFansAPI charges 1 credit per call; OFAuth charges none. */
  credits: number;
  byRoute: RouteCalls;
  /** One line: why this is the minimum. */
  rationale: string;
}

type Kind = 'onlyfans' | 'fansly' | 'ofauth';

function kindOf(account: SandboxAccount): Kind {
  return account.vendor === 'ofauth' ? 'ofauth' : account.platform;
}

const CHATS_ROUTE = {
  onlyfans: 'onlyfans.chats',
  fansly: 'fansly.chats',
  ofauth: 'ofauth.chats',
} as const;
const MESSAGES_ROUTE = {
  onlyfans: 'onlyfans.messages',
  fansly: 'fansly.messages',
  ofauth: 'ofauth.messages',
} as const;
const CHATS_MAX = {
  onlyfans: PAGE_MAX.onlyfansChats,
  fansly: PAGE_MAX.fanslyChats,
  ofauth: PAGE_MAX.ofauthChats,
};
const MESSAGES_MAX = {
  onlyfans: PAGE_MAX.onlyfansMessages,
  fansly: PAGE_MAX.fanslyMessages,
  ofauth: PAGE_MAX.ofauthMessages,
};

/** Calls to read `count` entries from the start of a list whose pages hold at most `max`. */
export function pagesFor(count: number, max: number): number {
  return Math.max(1, Math.ceil(count / max));
}

function minimum(byRoute: RouteCalls, rationale: string): Minimum {
  let calls = 0;
  let credits = 0;
  for (const [route, count] of Object.entries(byRoute)) {
    if (!count) continue;
    calls += count;
    if (!route.startsWith('ofauth.')) credits += count;
  }
  const kept = Object.fromEntries(Object.entries(byRoute).filter(([, count]) => count));
  return { calls, credits, byRoute: kept, rationale };
}

function add(byRoute: RouteCalls, route: SandboxRoute, count: number): void {
  byRoute[route] = (byRoute[route] ?? 0) + count;
}

/** Whether a Fansly messages page of these messages leaves out an attachment. */
function lacksAttachment(messages: readonly SandboxMessage[]): boolean {
  return messages.some((message) =>
    [...message.media, ...message.bundles.flatMap((bundle) => bundle.media)].some(
      (media) => media.absentFromPage,
    ),
  );
}

/** The newest `count` messages of a chat, newest first (what a messages page answers). */
export function newestMessages(chat: SandboxChat, count: number): SandboxMessage[] {
  return chat.messages.slice(-count).reverse();
}

/** Scenario 1: the first `first` chats of one OnlyFans account through OnlyFansAPI. */
export function onlyFansInboxMinimum(first: number): Minimum {
  const pages = pagesFor(first, PAGE_MAX.onlyfansChats);
  return minimum(
    { 'onlyfans.chats': pages },
    `${first} chats need ${pages} page of ≤${PAGE_MAX.onlyfansChats} (sizes 10/20/30); each entry carries the fan's profile and last message`,
  );
}

/** Scenario 2: the first `first` chats of one OFAuth connection, with partner profiles. */
export function ofAuthInboxMinimum(account: SandboxAccount, first: number): Minimum {
  const chats = account.chats.slice(0, first);
  const partners = new Set(chats.map((chat) => chat.partner.id)).size;
  const pages = pagesFor(first, PAGE_MAX.ofauthChats);
  const users = Math.ceil(partners / PAGE_MAX.usersPerCall);
  return minimum(
    { 'ofauth.chats': pages, 'ofauth.users': users },
    `${first} chats = ${pages} page of ≤${PAGE_MAX.ofauthChats}; OFAuth chats name fans by id only: ${partners} ids / ${PAGE_MAX.usersPerCall} per users/list = ${users}`,
  );
}

/** Scenario 3: the newest `first` messages of one Fansly chat, with their media. */
export function fanslyThreadMinimum(chat: SandboxChat, first: number): Minimum {
  const pages = pagesFor(first, PAGE_MAX.fanslyMessages);
  const lacking = lacksAttachment(newestMessages(chat, first)) ? 1 : 0;
  return minimum(
    { 'fansly.messages': pages, 'fansly.accountMedia': lacking },
    `${first} messages = ${pages} page of ≤${PAGE_MAX.fanslyMessages}; ${lacking ? 'attachments missing from that page: 1 account-media call' : 'the page carries every attachment'}`,
  );
}

/**
 * Scenario 4: every account's newest `chats` chats, each with its newest `messages` messages and
 * their media, and the partner's username. A chat the list shows without a last message has no
 * messages, so it needs no messages call.
 */
export function overviewMinimum(dataset: SandboxDataset, chats: number, messages: number): Minimum {
  const byRoute: RouteCalls = {};
  let empty = 0;
  let lackingAccounts = 0;
  for (const account of dataset.accounts) {
    const kind = kindOf(account);
    const listed = account.chats.slice(0, chats);
    add(byRoute, CHATS_ROUTE[kind], pagesFor(chats, CHATS_MAX[kind]));
    const withMessages = listed.filter((chat) => chat.messages.length > 0);
    empty += listed.length - withMessages.length;
    add(
      byRoute,
      MESSAGES_ROUTE[kind],
      withMessages.length * pagesFor(messages, MESSAGES_MAX[kind]),
    );
    if (kind === 'ofauth') {
      const partners = new Set(listed.map((chat) => chat.partner.id)).size;
      add(byRoute, 'ofauth.users', Math.ceil(partners / PAGE_MAX.usersPerCall));
    }
    if (
      kind === 'fansly' &&
      lacksAttachment(listed.flatMap((chat) => newestMessages(chat, messages)))
    ) {
      add(byRoute, 'fansly.accountMedia', 1);
      lackingAccounts += 1;
    }
  }
  const accounts = dataset.accounts.length;
  return minimum(
    byRoute,
    `${accounts} accounts × 1 chat page of ${chats}; 1 messages call per chat with messages (${accounts * chats - empty} of ${accounts * chats}: the lists show ${empty} empty); 1 users/list per OFAuth connection (OnlyFans and Fansly lists carry profiles); account-media for ${lackingAccounts} Fansly accounts`,
  );
}

export interface InboxPlan {
  /** Chat-list pages of full size each account must read, by handle. */
  pages: Map<string, number>;
  /** The page: chats in inbox order, with their account. */
  placed: Array<{ account: SandboxAccount; chat: SandboxChat }>;
}

/**
 * The time a lane's head sorts by: its activity, or for a chat without messages (which has none)
 * that of the next chat with messages in its account's list, or -Infinity at the list's end.
 * Undefined while that next chat has not been read: the lane must read on to know.
 */
function headTime(buffer: readonly SandboxChat[], listEnded: boolean): number | undefined {
  const next = buffer.find((chat) => chat.messages.length > 0);
  if (next) return next.lastActivity;
  return listEnded ? Number.NEGATIVE_INFINITY : undefined;
}

/**
 * Scenario 5's merge, read lazily: every account is a lane read in full-size pages of its vendor's
 * newest-first list; the newest head among the lanes is placed next (ties by handle), and a lane
 * is read further only when the page still has room and its head's time is unknown. Any merge
 * must read at least these prefixes (a lane's next chat decides whether it or another lane's head
 * comes first), and full pages read a prefix in the fewest calls. A chat without messages sorts
 * with the next chat of its account, where its vendor lists it (the gateway's rule).
 */
export function planInbox(dataset: SandboxDataset, first: number): InboxPlan {
  const lanes = dataset.accounts.map((account) => ({
    account,
    read: 0,
    pages: 0,
    buffer: [] as SandboxChat[],
  }));
  const ended = (lane: (typeof lanes)[number]) => lane.read >= lane.account.chats.length;
  const placed: InboxPlan['placed'] = [];
  while (placed.length < first) {
    for (const lane of lanes) {
      const max = CHATS_MAX[kindOf(lane.account)];
      while (headTime(lane.buffer, ended(lane)) === undefined) {
        lane.buffer.push(...lane.account.chats.slice(lane.read, lane.read + max));
        lane.read += max;
        lane.pages += 1;
      }
    }
    let newest: { lane: (typeof lanes)[number]; time: number } | null = null;
    for (const lane of lanes) {
      if (lane.buffer.length === 0) continue;
      const time = headTime(lane.buffer, ended(lane))!;
      if (
        newest === null ||
        time > newest.time ||
        (time === newest.time && lane.account.handle < newest.lane.account.handle)
      ) {
        newest = { lane, time };
      }
    }
    if (newest === null) break;
    placed.push({ account: newest.lane.account, chat: newest.lane.buffer.shift()! });
  }
  return {
    pages: new Map(lanes.map((lane) => [lane.account.handle, lane.pages])),
    placed,
  };
}

/** Scenario 5: the unified inbox's first `first` chats, partner profile and last message. */
export function inboxMinimum(dataset: SandboxDataset, first: number): Minimum {
  const plan = planInbox(dataset, first);
  const byRoute: RouteCalls = {};
  const parts: string[] = [];
  for (const account of dataset.accounts) {
    const kind = kindOf(account);
    const pages = plan.pages.get(account.handle) ?? 0;
    add(byRoute, CHATS_ROUTE[kind], pages);
    const mine = plan.placed.filter((entry) => entry.account === account).length;
    parts.push(`${mine}/${pages}p`);
    if (kind === 'ofauth' && mine > 0) {
      add(byRoute, 'ofauth.users', Math.ceil(mine / PAGE_MAX.usersPerCall));
    }
  }
  return minimum(
    byRoute,
    `merge by activity reading each account in full pages only while needed (chats placed/pages per account: ${parts.join(', ')}); users/list for the OFAuth chats placed, 10 ids per call`,
  );
}

/**
 * The chat a warm screen's webhook names: `account`'s newest, so that a fan writing in it moves
 * no chat in any list (the screens show the same chats, and the plans above still hold).
 */
export function newestChat(account: SandboxAccount): SandboxChat {
  const chat = account.chats[0];
  if (!chat || chat.messages.length === 0) {
    throw new Error(`${account.handle}'s newest chat has no messages: a message would move it`);
  }
  return chat;
}

/**
 * Scenario 5 refreshed after a fan writes in `account`'s newest chat, every answer kept: the
 * message's webhook drops that account's chat list, so its pages are read again, and nothing else.
 */
export function inboxAfterMessageMinimum(
  dataset: SandboxDataset,
  first: number,
  account: SandboxAccount,
): Minimum {
  newestChat(account);
  const pages = planInbox(dataset, first).pages.get(account.handle) ?? 0;
  return minimum(
    { [CHATS_ROUTE[kindOf(account)]]: pages },
    `the webhook drops ${account.handle}'s chat list: its ${plural(pages, 'page')} read again; every other answer (other accounts' pages, profiles) stays kept`,
  );
}

/**
 * Scenario 4 refreshed after a fan writes in `account`'s newest chat, every answer kept: that
 * account's chat page and that chat's messages are read again, and nothing else.
 */
export function overviewAfterMessageMinimum(
  account: SandboxAccount,
  chats: number,
  messages: number,
): Minimum {
  newestChat(account);
  const kind = kindOf(account);
  const chatPages = pagesFor(chats, CHATS_MAX[kind]);
  const messagePages = pagesFor(messages, MESSAGES_MAX[kind]);
  return minimum(
    { [CHATS_ROUTE[kind]]: chatPages, [MESSAGES_ROUTE[kind]]: messagePages },
    `the webhook drops ${account.handle}'s chat list and the written chat's messages: ${plural(chatPages, 'chat page')} and ${plural(messagePages, 'messages page')} read again; every other answer stays kept`,
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The calls a sandbox counted, by route, leaving out routes it was not asked. */
export function callsByRoute(stats: SandboxStats): RouteCalls {
  const byRoute: RouteCalls = {};
  for (const [route, counted] of Object.entries(stats.routes)) {
    if (counted.calls > 0) byRoute[route as SandboxRoute] = counted.calls;
  }
  return byRoute;
}
