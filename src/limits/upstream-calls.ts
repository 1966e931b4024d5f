import { decodeGlobalId } from '../ids.ts';
import { ACCOUNT_CAPABILITIES } from '../vendors/registry.ts';

/**
 * What a field may cost upstream, in vendor calls: the worst case of its resolver (src/resolvers,
 * src/schema), per instance of the field. The estimate is an upper bound for every vendor, read
 * with each vendor's smallest page.
 */

/** The smallest largest page of any vendor, for chats and messages alike. */
const SMALLEST_PAGE = Math.min(
  ...ACCOUNT_CAPABILITIES.flatMap((can) => [can.chatPageMax, can.messagePageMax]),
);

/**
 * Chat pages a gateway-side filter (`unreadOnly` on OnlyFansAPI, `minPartnerSpend` everywhere it
 * runs) may read on top of the page itself: it reads on, doubling its window up to 100 chats,
 * until the page is full. The per-request backstop stops a read that goes further.
 */
const FILTER_READ_ON_PAGES = 4;

/** Whether a chat list's arguments ask for a filter that may run on the gateway. */
function filtersOnGateway(args: Record<string, unknown>): boolean {
  return (
    args.unreadOnly === true ||
    (args.minPartnerSpend !== undefined && args.minPartnerSpend !== null)
  );
}

/** The fewest profiles one users lookup answers, among vendors that look profiles up. */
const PROFILES_PER_CALL = Math.min(
  ...ACCOUNT_CAPABILITIES.map((can) => can.usersPerCall).filter((ids) => ids > 0),
);

/** Accounts lists a gateway may read: one per vendor and platform (each kind of account). */
const ACCOUNTS_LISTS = ACCOUNT_CAPABILITIES.length;

/** Vendor calls that loading one object by its id makes (`node`, `nodes`, `chat`, `_entities`). */
export const LOAD_CALLS: Readonly<Record<string, number>> = {
  // A page of its messages proves it exists.
  Chat: 1,
  // The one-message page that holds it.
  Message: 1,
  // A media lookup where the vendor has one, else the page of its message.
  Media: 1,
  // A users lookup.
  Account: 1,
  // Configuration: no call.
  ConnectedAccount: 0,
};

/** Vendor calls one write makes at most, by mutation. */
export const WRITE_CALLS = { sendMessage: 1, markChatRead: 2, unsendMessage: 1 } as const;

/** Vendor calls that reading `first` chats or messages takes at most. */
function pages(first: unknown): number {
  const count = typeof first === 'number' && Number.isFinite(first) ? Math.max(1, first) : 20;
  return Math.ceil(count / SMALLEST_PAGE);
}

export interface FieldCalls {
  /** Calls per instance of the field (per item of the lists around it). */
  perItem: number;
  /**
   * Calls per batch: the field's loader batches every instance of one list (one page of chats
   * or messages) into one call, e.g. a users lookup or a media lookup.
   */
  perBatch: number;
}

const NONE: FieldCalls = { perItem: 0, perBatch: 0 };

const PROFILE_FIELDS = new Set(['username', 'displayName', 'avatarUrl', 'isVerified']);

/**
 * The calls one field may make. `byId` says whether the parent object was reached by its id
 * (`node`, `chat(id)`, `Message.chat`) rather than listed in a page that already carries it.
 */
export function fieldCalls(
  typeName: string,
  fieldName: string,
  args: Record<string, unknown>,
  byId: boolean,
  connectedAccounts: number,
): FieldCalls {
  const filtered = filtersOnGateway(args) ? FILTER_READ_ON_PAGES : 0;
  switch (`${typeName}.${fieldName}`) {
    case 'Query.inbox': {
      const accounts = Array.isArray(args.accountIds) ? args.accountIds.length : connectedAccounts;
      return { perItem: accounts * (pages(args.first) + filtered), perBatch: 0 };
    }
    case 'Query.chat':
      return { perItem: LOAD_CALLS.Chat!, perBatch: 0 };
    case 'ConnectedAccount.chats':
      return { perItem: pages(args.first) + filtered, perBatch: 0 };
    case 'Chat.messages':
      return { perItem: pages(args.first), perBatch: 0 };
    // A chat known by its id: the newest page of its messages.
    case 'Chat.lastMessage':
    case 'Chat.lastActivityAt':
      return byId ? { perItem: 1, perBatch: 0 } : NONE;
    // A chat known by its id: a users lookup, the vendor's chat search, the newest page.
    case 'Chat.unreadCount':
    case 'Chat.canSendMessage':
      return byId ? { perItem: 3, perBatch: 0 } : NONE;
    // Read from the vendors' accounts lists: one read of each serves every account.
    case 'ConnectedAccount.status':
      return { perItem: 0, perBatch: ACCOUNTS_LISTS };
    // Writes: one call each, counted as calls are (a write runs once unless the vendor proves it
    // not sent: see VendorHttp.sendJson). Marking read may first read the newest messages to
    // name them (Fansly acknowledges messages by id).
    case 'Mutation.sendMessage':
      return { perItem: WRITE_CALLS.sendMessage, perBatch: 0 };
    case 'Mutation.markChatRead':
      return { perItem: WRITE_CALLS.markChatRead, perBatch: 0 };
    case 'Mutation.unsendMessage':
      return { perItem: WRITE_CALLS.unsendMessage, perBatch: 0 };
    // Deferred media a page did not carry: one lookup per page of messages.
    case 'Message.media':
      return { perItem: 0, perBatch: 1 };
    default:
      // Profiles a page did not carry: one users call per 10 profiles of a page.
      if (typeName === 'Account' && PROFILE_FIELDS.has(fieldName)) {
        return { perItem: 1 / PROFILES_PER_CALL, perBatch: 1 };
      }
      return NONE;
  }
}

/** Whether objects a field returns are known by their id only (not listed with their data). */
export function reachedById(parentTypeName: string): boolean {
  return parentTypeName !== 'ChatEdge' && parentTypeName !== 'InboxEdge';
}

/** The type each global id names, counted; ids that are not chatgraph ids load nothing. */
export function countIdTypes(ids: readonly unknown[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) {
    let typename: string | null = null;
    if (typeof id === 'string') {
      try {
        typename = decodeGlobalId(id).typename;
      } catch {
        // A malformed id answers BAD_USER_INPUT without a call.
      }
    } else if (id && typeof id === 'object' && typeof (id as { id?: unknown }).id === 'string') {
      // A federation representation: `{ __typename, id }`.
      typename = String((id as { __typename?: unknown }).__typename);
    }
    if (typename !== null) counts.set(typename, (counts.get(typename) ?? 0) + 1);
  }
  return counts;
}
