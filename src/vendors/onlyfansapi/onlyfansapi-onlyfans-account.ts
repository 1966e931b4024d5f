import type { AccountRecord, ConnectedAccountKey, MessageRecord } from '../../domain.ts';
import type { AccountWrite } from '../account-call.ts';
import { noMediaLookup } from '../adapter-defaults.ts';
import type {
  AccountAdapter,
  CallOptions,
  ChatListRequest,
  ChatPage,
  MarkReadRequest,
  MessageListRequest,
  MessagePage,
  SendMessageRequest,
  UnsendMessageRequest,
  UserRef,
  WriteOutcome,
} from '../contract.ts';
import {
  convertOnlyFansChatListPage,
  convertOnlyFansMessageListPage,
} from '../onlyfans-shared/convert-onlyfans-list-pages.ts';
import { onlyFansMessagePage } from '../onlyfans-shared/convert-onlyfans-message-page.ts';
import { OnlyFansAccountClient } from '../onlyfans-shared/onlyfans-account-client.ts';
import {
  ONLYFANS_CHAT_ORDER,
  ONLYFANS_MESSAGES_MAX,
  ONLYFANS_USERS_PER_CALL,
  onlyFansCapabilities,
  onlyFansMessagesCount,
  onlyFansSearch,
} from '../onlyfans-shared/onlyfans-parameters.ts';
import { onlyFansSendFields, onlyFansWrites } from '../onlyfans-shared/onlyfans-writes.ts';
import { fetchOffsetWindow } from '../paging.ts';
import { outcomeOfWrite } from '../write-outcomes.ts';
import { convertOnlyFansApiChat } from './convert-onlyfansapi-chat.ts';
import type { OnlyFansApiClient } from './onlyfansapi-client.ts';
import {
  readOnlyFansApiItem,
  readOnlyFansApiList,
  readOnlyFansApiUsers,
} from './onlyfansapi-envelope.ts';
import { onlyFansApiSaysNotSent } from './onlyfansapi-request-outcome.ts';

/** OnlyFans chat pages come in 10, 20 or 30 only. */
const CHAT_PAGE_SIZES = { max: 30, allowed: [10, 20, 30] } as const;

export interface OnlyFansApiOnlyFansAccountOptions {
  /**
   * The creator's own OnlyFans user id. When absent it is read once from the client's accounts
   * list (`onlyfans_id`), which the client keeps.
   */
  creatorUserId?: string | null;
}

/** What an OnlyFans account read through OnlyFansAPI can do. */
export const ONLYFANSAPI_ONLYFANS_CAPABILITIES = onlyFansCapabilities({
  chatPageMax: CHAT_PAGE_SIZES.max,
  messagePageMax: ONLYFANS_MESSAGES_MAX,
  unreadFilter: 'gateway',
  // Each chat's full `fan` profile carries `subscribedOnData`.
  partnerSpend: true,
  // Sends carry the documented `Idempotency-Key`.
  writes: onlyFansWrites({ markRead: true, idempotencyKey: true }),
});

/** Another attempt is always safe: the send's key, or marking read being idempotent. */
const ALWAYS = () => true;

/**
 * One connected OnlyFans account (`acct_…`) read through OnlyFansAPI.
 *
 * The vendor searches (`query`) but has no unread filter, so unread filtering is left to the
 * gateway. `_pagination.next_page` is read only as "more follow": offsets and cursors are
 * derived here, never taken from a URL in a response. Media come inline in their messages.
 *
 * Writes: a send carries the caller's key as `Idempotency-Key`, which the vendor documents to
 * protect a retry, so it is retried on any retryable failure; marking read is idempotent, so it
 * is too; an unsend runs once. Failures are outcomes: `"request_outcome": "not_sent"` in the
 * vendor's error body proves a failed write did nothing.
 */
export class OnlyFansApiOnlyFansAccount implements AccountAdapter {
  readonly connectedAccount: ConnectedAccountKey;
  readonly capabilities = ONLYFANSAPI_ONLYFANS_CAPABILITIES;
  readonly #account: OnlyFansAccountClient;
  readonly #basePath: string;

  constructor(
    client: OnlyFansApiClient,
    externalId: string,
    options: OnlyFansApiOnlyFansAccountOptions = {},
  ) {
    this.connectedAccount = { vendor: 'ONLYFANSAPI', platform: 'ONLYFANS', externalId };
    this.#account = new OnlyFansAccountClient(client, this.connectedAccount, options.creatorUserId);
    this.#basePath = `/api/${encodeURIComponent(externalId)}`;
  }

  /**
   * A window of chats in OnlyFans's page sizes: the planned calls in parallel, each page's chats
   * converted with the creator's id (asked for once, before the first call).
   */
  async listChats(request: ChatListRequest): Promise<ChatPage> {
    const creatorUserId = this.#account.creatorId(request);
    const search = onlyFansSearch(request.search);
    const order = ONLYFANS_CHAT_ORDER[request.order];
    const window = await fetchOffsetWindow(
      request.offset,
      request.first,
      CHAT_PAGE_SIZES,
      async ({ offset, limit }) => {
        const { body, context } = await this.#account.get(
          {
            routeName: 'onlyfans.chats',
            path: `${this.#basePath}/chats`,
            query: { limit, offset, order, query: search },
            cache: { kind: 'chatPages' },
          },
          request,
        );
        const creator = await creatorUserId;
        return convertOnlyFansChatListPage(
          body,
          context,
          creator,
          readOnlyFansApiList,
          convertOnlyFansApiChat,
        );
      },
    );
    return { items: window.items, nextOffset: window.nextOffset };
  }

  /** One call of up to 100, newest first, older than `before`. */
  async listMessages(request: MessageListRequest): Promise<MessagePage> {
    const { chatId, partnerId } = request;
    const creatorUserId = this.#account.creatorId(request);
    const limit = onlyFansMessagesCount(request.first);
    const before = request.before ?? null;
    const { body, context } = await this.#account.get(
      {
        routeName: 'onlyfans.messages',
        path: `${this.#basePath}/chats/${encodeURIComponent(chatId)}/messages`,
        query: { limit, order: 'desc', id: before },
        cache: { kind: 'messagePages', chatId },
      },
      request,
    );
    const options = { chatId, partnerId, creatorUserId: await creatorUserId, before };
    const page = convertOnlyFansMessageListPage(body, context, options, readOnlyFansApiList);
    // Every message's profile is kept; the page itself is cut to `limit`.
    const accounts = new Map(page.profiles.map((profile) => [profile.platformId, profile]));
    return onlyFansMessagePage(page.items.slice(0, limit), page.hasMore, accounts);
  }

  /**
   * Profiles by id, {@link ONLYFANS_USERS_PER_CALL} per `users/list` call, the calls in parallel;
   * a failure is thrown once every call has ended. Ids the vendor does not know are absent.
   */
  getUsers(
    refs: readonly UserRef[],
    options: CallOptions = {},
  ): Promise<Map<string, AccountRecord>> {
    return this.#account.users(
      refs.map((ref) => ref.platformId),
      options,
      (chunk) => ({
        routeName: 'onlyfans.users',
        path: `${this.#basePath}/users/list`,
        query: { ids: chunk.join(',') },
        cache: { kind: 'profiles' },
      }),
      readOnlyFansApiUsers,
    );
  }

  /** OnlyFans media come inline in their messages: nothing to look up. */
  readonly loadMedia = noMediaLookup;

  /**
   * `POST …/chats/{chatId}/messages` with the caller's key; the answer converted as a read of the
   * thread converts the same message.
   */
  sendMessage(request: SendMessageRequest): Promise<WriteOutcome<MessageRecord>> {
    const body = {
      ...onlyFansSendFields(request),
      ...(request.mediaIds.length > 0 ? { mediaFiles: request.mediaIds } : {}),
      ...(request.replyToMessageId !== null ? { replyToMessageId: request.replyToMessageId } : {}),
    };
    const write: AccountWrite = {
      routeName: 'onlyfans.sendMessage',
      method: 'POST',
      path: this.#chatPath(request.chatId, 'messages'),
      body,
      headers: { 'idempotency-key': request.idempotencyKey },
      mayRetry: ALWAYS,
    };
    return outcomeOfWrite(
      () => this.#account.sendMessage(write, request, readOnlyFansApiItem),
      onlyFansApiSaysNotSent,
    );
  }

  /** `POST …/chats/{chatId}/mark-as-read`. */
  markRead(request: MarkReadRequest): Promise<WriteOutcome<null>> {
    const write: AccountWrite = {
      routeName: 'onlyfans.markRead',
      method: 'POST',
      path: this.#chatPath(request.chatId, 'mark-as-read'),
      mayRetry: ALWAYS,
    };
    return outcomeOfWrite(() => this.#account.apply(write, request), onlyFansApiSaysNotSent);
  }

  /**
   * `DELETE …/chats/{chatId}/messages/{messageId}`, once: the vendor deletes only messages younger
   * than 24 hours and refuses older ones (NOT_SENT with its error). After an unknown outcome a
   * repeat is harmless, but may find the message already gone.
   */
  unsendMessage(request: UnsendMessageRequest): Promise<WriteOutcome<null>> {
    const write: AccountWrite = {
      routeName: 'onlyfans.deleteMessage',
      method: 'DELETE',
      path: this.#chatPath(request.chatId, 'messages', encodeURIComponent(request.messageId)),
    };
    return outcomeOfWrite(() => this.#account.apply(write, request), onlyFansApiSaysNotSent);
  }

  /** `/api/{acct}/chats/{chatId}/…`; the caller percent-encodes the segments it adds. */
  #chatPath(chatId: string, ...encodedSegments: string[]): string {
    return [`${this.#basePath}/chats`, encodeURIComponent(chatId), ...encodedSegments].join('/');
  }
}
