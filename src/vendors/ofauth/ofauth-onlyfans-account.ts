import type { AccountRecord, ConnectedAccountKey, MessageRecord } from '../../domain.ts';
import { provenNotSent } from '../../http/write-outcome.ts';
import type { AccountWrite } from '../account-call.ts';
import { noMediaLookup } from '../adapter-defaults.ts';
import type {
  AccountAdapter,
  CallOptions,
  ChatListRequest,
  ChatPage,
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
  ONLYFANS_USERS_PER_CALL,
  onlyFansCapabilities,
  onlyFansMessagesCount,
  onlyFansSearch,
} from '../onlyfans-shared/onlyfans-parameters.ts';
import { onlyFansSendFields, onlyFansWrites } from '../onlyfans-shared/onlyfans-writes.ts';
import { fetchOffsetWindow } from '../paging.ts';
import { outcomeOfWrite } from '../write-outcomes.ts';
import { convertOfAuthChat } from './convert-ofauth-chat.ts';
import type { OfAuthClient } from './ofauth-client.ts';
import { readOfAuthItem, readOfAuthList, readOfAuthUsers } from './ofauth-envelope.ts';

/** Chats and messages both come 1–20 per call. */
const PAGE_SIZES = { max: 20 } as const;

export interface OfAuthOnlyFansAccountOptions {
  /**
   * The creator's own OnlyFans user id. When absent it is read once from the client's
   * connections list (`userData.id`), which the client keeps.
   */
  creatorUserId?: string | null;
}

/** What an OnlyFans connection read through OFAuth can do. */
export const OFAUTH_ONLYFANS_CAPABILITIES = onlyFansCapabilities({
  chatPageMax: PAGE_SIZES.max,
  messagePageMax: PAGE_SIZES.max,
  unreadFilter: 'vendor',
  // Its chats name the fan by id only.
  partnerSpend: false,
  // No mark-read endpoint, and no idempotency key on sends.
  writes: onlyFansWrites({ markRead: false, idempotencyKey: false }),
});

/**
 * One OnlyFans connection (`conn_…`) read through OFAuth.
 *
 * The vendor filters unread chats and searches itself. Its chats name the fan only by id, so
 * `partner` is null and profiles come from {@link OfAuthOnlyFansAccount.getUsers}. Messages page
 * with the cursor `last_id` plus an `offset` counted after it, so one window of up to 100
 * messages is a single round of parallel calls of 20. Media come inline in their messages.
 *
 * Writes: the vendor takes no idempotency key, so a send is tried again only when the failure
 * proves nothing was sent (see `provenNotSent`); an unsend runs once. It has no mark-read
 * endpoint, so the adapter has no `markRead`.
 */
export class OfAuthOnlyFansAccount implements AccountAdapter {
  readonly connectedAccount: ConnectedAccountKey;
  readonly capabilities = OFAUTH_ONLYFANS_CAPABILITIES;
  readonly #account: OnlyFansAccountClient;

  constructor(
    client: OfAuthClient,
    externalId: string,
    options: OfAuthOnlyFansAccountOptions = {},
  ) {
    this.connectedAccount = { vendor: 'OFAUTH', platform: 'ONLYFANS', externalId };
    this.#account = new OnlyFansAccountClient(client, this.connectedAccount, options.creatorUserId);
  }

  /**
   * A window of chats, 20 per call, the calls in parallel; each page's chats converted with the
   * creator's id (asked for once, before the first call).
   */
  async listChats(request: ChatListRequest): Promise<ChatPage> {
    const creatorUserId = this.#account.creatorId(request);
    const search = onlyFansSearch(request.search);
    const order = ONLYFANS_CHAT_ORDER[request.order];
    const filter = request.unreadOnly ? 'unread' : undefined;
    const window = await fetchOffsetWindow(
      request.offset,
      request.first,
      PAGE_SIZES,
      async ({ offset, limit }) => {
        const { body, context } = await this.#account.get(
          {
            routeName: 'ofauth.chats',
            path: '/v2/access/chats',
            query: { limit, offset, order, filter, query: search },
            cache: { kind: 'chatPages' },
          },
          request,
        );
        const creator = await creatorUserId;
        return convertOnlyFansChatListPage(
          body,
          context,
          creator,
          readOfAuthList,
          convertOfAuthChat,
        );
      },
    );
    return { items: window.items, nextOffset: window.nextOffset };
  }

  async listMessages(request: MessageListRequest): Promise<MessagePage> {
    const { chatId, partnerId } = request;
    const creatorUserId = this.#account.creatorId(request);
    const before = request.before ?? null;
    const accounts = new Map<string, AccountRecord>();
    const window = await fetchOffsetWindow<MessageRecord>(
      0,
      onlyFansMessagesCount(request.first),
      PAGE_SIZES,
      async ({ offset, limit }) => {
        const { body, context } = await this.#account.get(
          {
            routeName: 'ofauth.messages',
            path: `/v2/access/chats/${encodeURIComponent(chatId)}/messages`,
            query: { limit, offset, last_id: before },
            cache: { kind: 'messagePages', chatId },
          },
          request,
        );
        const options = { chatId, partnerId, creatorUserId: await creatorUserId, before };
        const page = convertOnlyFansMessageListPage(body, context, options, readOfAuthList);
        for (const profile of page.profiles) accounts.set(profile.platformId, profile);
        return page;
      },
    );
    return onlyFansMessagePage(window.items, window.nextOffset !== null, accounts);
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
        routeName: 'ofauth.users',
        path: '/v2/access/users/list',
        query: { userIds: chunk.join(',') },
        cache: { kind: 'profiles' },
      }),
      readOfAuthUsers,
    );
  }

  /** OnlyFans media come inline in their messages: nothing to look up. */
  readonly loadMedia = noMediaLookup;

  /**
   * `POST /v2/access/chats/{userId}/messages`; the answer (the message itself) converted as a read
   * of the thread converts the same message. The vendor's body has no reply field: a
   * `replyToMessageId` is not sent.
   */
  sendMessage(request: SendMessageRequest): Promise<WriteOutcome<MessageRecord>> {
    const write: AccountWrite = {
      routeName: 'ofauth.sendMessage',
      method: 'POST',
      path: `/v2/access/chats/${encodeURIComponent(request.chatId)}/messages`,
      body: {
        ...onlyFansSendFields(request),
        ...(request.mediaIds.length > 0 ? { mediaItems: request.mediaIds } : {}),
      },
      // Without a key, only a failure that proves nothing was sent may be tried again.
      mayRetry: (error) => provenNotSent(error),
    };
    return outcomeOfWrite(() => this.#account.sendMessage(write, request, readOfAuthItem));
  }

  /**
   * `DELETE /v2/access/chats/{userId}/messages/{messageId}` with `{withUserId}`, once. OnlyFans
   * deletes only messages younger than 24 hours and refuses older ones (NOT_SENT with its error).
   */
  unsendMessage(request: UnsendMessageRequest): Promise<WriteOutcome<null>> {
    const chat = encodeURIComponent(request.chatId);
    const write: AccountWrite = {
      routeName: 'ofauth.deleteMessage',
      method: 'DELETE',
      path: `/v2/access/chats/${chat}/messages/${encodeURIComponent(request.messageId)}`,
      body: { withUserId: request.chatId },
    };
    return outcomeOfWrite(() => this.#account.apply(write, request));
  }
}
