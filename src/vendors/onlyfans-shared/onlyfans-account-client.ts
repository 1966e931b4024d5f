import type { AccountRecord, ConnectedAccountKey, MessageRecord } from '../../domain.ts';
import {
  type AccountCall,
  type AccountCallContext,
  type AccountWrite,
  getAccountJson,
  sendAccountJson,
  type VendorJsonClient,
} from '../account-call.ts';
import { lookupInChunks } from '../batch.ts';
import type { CallOptions, SendMessageRequest } from '../contract.ts';
import { convertOnlyFansUserList } from './convert-onlyfans-list-pages.ts';
import { onlyFansUsersById } from './convert-onlyfans-user.ts';
import { ONLYFANS_USERS_PER_CALL } from './onlyfans-parameters.ts';
import { convertOnlyFansSentMessage } from './onlyfans-writes.ts';

/** Reads the vendor's envelope around what a call answered. */
type EnvelopeReader<T> = (body: unknown, context: AccountCallContext) => T;

/** An OnlyFans vendor's client: it adds the credentials and keeps the creators' user ids. */
export interface OnlyFansVendorClient extends VendorJsonClient {
  /** The creator's own OnlyFans user id of a connected account, from the vendor's accounts list. */
  creatorUserId(externalId: string, options?: CallOptions): Promise<string | null>;
}

/**
 * A vendor's client as one connected OnlyFans account uses it: its calls, named after the
 * account, and its creator's user id.
 */
export class OnlyFansAccountClient {
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

  /** One GET for this account: the body, and the context its conversions and errors name. */
  get(
    call: AccountCall,
    options: CallOptions,
  ): Promise<{ body: unknown; context: AccountCallContext }> {
    return getAccountJson(this.#client, this.connectedAccount, call, options);
  }

  /** One write for this account: the body, and the context its conversions and errors name. */
  send(
    write: AccountWrite,
    options: CallOptions,
  ): Promise<{ body: unknown; context: AccountCallContext }> {
    return sendAccountJson(this.#client, this.connectedAccount, write, options);
  }

  /**
   * Profiles by OnlyFans user id, {@link ONLYFANS_USERS_PER_CALL} per call (`callFor` names the
   * vendor's lookup of a chunk), the calls in parallel; a failure is thrown once every call has
   * ended. Ids the vendor does not know are absent.
   */
  async users(
    ids: readonly string[],
    options: CallOptions,
    callFor: (chunk: readonly string[]) => AccountCall,
    readUsers: EnvelopeReader<unknown[]>,
  ): Promise<Map<string, AccountRecord>> {
    const users = await lookupInChunks(ids, ONLYFANS_USERS_PER_CALL, async (chunk) => {
      const { body, context } = await this.get(callFor(chunk), options);
      return convertOnlyFansUserList(body, context, readUsers);
    });
    return onlyFansUsersById(users);
  }

  /**
   * A send for this account: the new message, read out of the vendor's envelope by `readItem` and
   * converted as a read of its thread converts it, so that both give the same record. The
   * creator's id is asked for alongside, not before, so a send stays one vendor call.
   */
  async sendMessage(
    write: AccountWrite,
    request: SendMessageRequest,
    readItem: EnvelopeReader<unknown>,
  ): Promise<MessageRecord> {
    const creatorUserId = this.creatorId(request);
    const { body, context } = await this.send(write, request);
    return convertOnlyFansSentMessage(
      readItem(body, context),
      context,
      request,
      await creatorUserId,
    );
  }

  /** A write whose answer holds nothing to keep (mark read, unsend). */
  async apply(write: AccountWrite, options: CallOptions): Promise<null> {
    await this.send(write, options);
    return null;
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
}
