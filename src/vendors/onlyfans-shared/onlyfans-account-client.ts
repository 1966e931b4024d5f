import type { ConnectedAccountKey } from '../../domain.ts';
import {
  type AccountCall,
  type AccountCallContext,
  type AccountWrite,
  getAccountJson,
  sendAccountJson,
  type VendorJsonClient,
} from '../account-call.ts';
import type { CallOptions } from '../contract.ts';

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
