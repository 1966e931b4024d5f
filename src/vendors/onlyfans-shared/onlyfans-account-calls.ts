import type {
  AccountRecord,
  ChatOrder,
  ChatRecord,
  ConnectedAccountKey,
  MessageRecord,
} from '../../domain.ts';
import type { GetJsonRequest, JsonResponse } from '../../http/vendor-request.ts';
import { allSettledOrThrow, chunkIds } from '../batch.ts';
import type { CallOptions, ChatListRequest, ChatPage } from '../contract.ts';
import { fetchOffsetWindow, type OffsetPage, type PageSizes, type PlannedCall } from '../paging.ts';
import { convertOnlyFansMessage } from './convert-onlyfans-message.ts';
import { convertOnlyFansUser, isOnlyFansProfile } from './convert-onlyfans-user.ts';
import { type OnlyFansConvertContext, objectOrNull } from './onlyfans-json.ts';

/**
 * What OnlyFansAPI and OFAuth share when they read OnlyFans: the order names, the page limits,
 * one connected account's calls and the conversion of a messages page. What differs (paths,
 * query names, envelopes, paging of messages) stays in each vendor's provider.
 */

/** Both vendors take OnlyFans's own chat order names. */
export const ONLYFANS_CHAT_ORDER: Record<ChatOrder, string> = { RECENT: 'recent', OLDEST: 'old' };

/** Most messages one `listMessages` answers. */
export const ONLYFANS_MESSAGES_MAX = 100;

/** Ids per `users/list` call. */
export const ONLYFANS_USERS_PER_CALL = 10;

/** A request's `first` for messages, cut to 1–{@link ONLYFANS_MESSAGES_MAX}. */
export function onlyFansMessagesCount(first: number): number {
  return Math.min(Math.max(Math.trunc(first), 1), ONLYFANS_MESSAGES_MAX);
}

/** The search to send to the vendor: undefined when absent or blank. */
export function onlyFansSearch(search: string | null | undefined): string | undefined {
  return search?.trim() ? search : undefined;
}

/** What an OnlyFans provider needs of its vendor's client (which adds the credentials). */
export interface OnlyFansVendorClient {
  getJson(request: Omit<GetJsonRequest, 'headers'>): Promise<JsonResponse>;
  /** The creator's own OnlyFans user id of a connected account, from the vendor's accounts list. */
  creatorUserId(externalId: string, options?: CallOptions): Promise<string | null>;
}

/** One vendor call, without the account and the call options. */
export interface OnlyFansCall {
  routeName: string;
  /** Below the origin, every dynamic segment already percent-encoded. */
  path: string;
  query?: GetJsonRequest['query'];
}

/** How a vendor answers a chats page: the call to make, its envelope and its chat shape. */
export interface OnlyFansChatsRoute {
  call(planned: PlannedCall): OnlyFansCall;
  read(body: unknown, context: OnlyFansConvertContext): OffsetPage<unknown>;
  convert(
    raw: unknown,
    context: OnlyFansConvertContext,
    options: { creatorUserId: string | null },
  ): ChatRecord;
}

/** How a vendor answers `users/list`: the call for a chunk of ids, and the profiles it holds. */
export interface OnlyFansUsersRoute {
  call(ids: string[]): OnlyFansCall;
  read(body: unknown, context: OnlyFansConvertContext): AccountRecord[];
}

/** One connected OnlyFans account, called through its vendor's client. */
export class OnlyFansAccountCalls {
  readonly connectedAccount: ConnectedAccountKey;
  readonly #client: OnlyFansVendorClient;
  readonly #creatorUserId: string | null | undefined;

  /** `creatorUserId` undefined: read from the client's accounts list when first needed. */
  constructor(
    client: OnlyFansVendorClient,
    connectedAccount: ConnectedAccountKey,
    creatorUserId: string | null | undefined,
  ) {
    this.#client = client;
    this.connectedAccount = connectedAccount;
    this.#creatorUserId = creatorUserId;
  }

  /**
   * The creator's user id, or null when it cannot be had: the sender is then told apart by
   * `isSentByMe` or by not being the fan, so a failing accounts list never fails a page. Only the
   * observer is passed on: the list is fetched once for every caller, so no one caller's signal
   * may abort it.
   */
  async creatorId(options: CallOptions): Promise<string | null> {
    if (this.#creatorUserId !== undefined) return this.#creatorUserId;
    return this.#client
      .creatorUserId(this.connectedAccount.externalId, { observer: options.observer })
      .catch(() => null);
  }

  /** One GET for this account: the body, and the context its conversions and errors name. */
  async get(
    call: OnlyFansCall,
    options: CallOptions,
  ): Promise<{ body: unknown; context: OnlyFansConvertContext }> {
    const response = await this.#client.getJson({
      route: call.routeName,
      path: call.path,
      query: call.query,
      externalId: this.connectedAccount.externalId,
      signal: options.signal,
      observer: options.observer,
      budget: options.budget,
    });
    return {
      body: response.body,
      context: {
        connectedAccount: this.connectedAccount,
        routeName: call.routeName,
        status: response.status,
      },
    };
  }

  /**
   * A window of chats in the vendor's page sizes: the planned calls in parallel, each page's chats
   * converted with the creator's id (asked for once, before the first call).
   */
  async listChats(
    request: ChatListRequest,
    sizes: PageSizes,
    chats: OnlyFansChatsRoute,
  ): Promise<ChatPage> {
    const creatorUserId = this.creatorId(request);
    const window = await fetchOffsetWindow(
      request.offset,
      request.first,
      sizes,
      async (planned) => {
        const { body, context } = await this.get(chats.call(planned), request);
        const page = chats.read(body, context);
        const options = { creatorUserId: await creatorUserId };
        return {
          items: page.items.map((raw) => chats.convert(raw, context, options)),
          hasMore: page.hasMore,
        };
      },
    );
    return { items: window.items, nextOffset: window.nextOffset };
  }

  /**
   * Profiles by id, {@link ONLYFANS_USERS_PER_CALL} per call, the calls in parallel; a failure is
   * thrown once every call has ended. Ids the vendor does not know are absent.
   */
  async getUsers(
    ids: readonly string[],
    options: CallOptions,
    route: OnlyFansUsersRoute,
  ): Promise<Map<string, AccountRecord>> {
    const pages = await allSettledOrThrow(
      chunkIds(ids, ONLYFANS_USERS_PER_CALL).map(async (chunk) => {
        const { body, context } = await this.get(route.call(chunk), options);
        return route.read(body, context);
      }),
    );
    const users = new Map<string, AccountRecord>();
    for (const page of pages) {
      for (const user of page) users.set(user.platformId, user);
    }
    return users;
  }
}

export interface OnlyFansMessagesOptions {
  chatId: string;
  partnerId: string;
  creatorUserId: string | null;
  /** The cursor: the message that ended the previous page, never repeated. */
  before: string | null;
}

/**
 * The messages of one vendor page, in the page's order, without the cursor message itself. The
 * profiles the other messages' `fromUser` carry are added to `accounts`.
 */
export function convertOnlyFansMessages(
  rawMessages: readonly unknown[],
  context: OnlyFansConvertContext,
  options: OnlyFansMessagesOptions,
  accounts: Map<string, AccountRecord>,
): MessageRecord[] {
  const { chatId, partnerId, creatorUserId, before } = options;
  const items: MessageRecord[] = [];
  for (const raw of rawMessages) {
    const message = convertOnlyFansMessage(raw, context, { chatId, partnerId, creatorUserId });
    if (message.platformId === before) continue;
    items.push(message);
    const fromUser = objectOrNull(objectOrNull(raw)?.fromUser);
    if (isOnlyFansProfile(fromUser)) {
      const account = convertOnlyFansUser(fromUser, context);
      accounts.set(account.platformId, account);
    }
  }
  return items;
}
