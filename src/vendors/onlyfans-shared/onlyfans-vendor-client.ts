import type {
  ConnectedAccountKey,
  ConnectedAccountRecord,
  ConnectedAccountStatus,
  Platform,
  Vendor,
} from '../../domain.ts';
import type { VendorHttp } from '../../http/vendor-http.ts';
import type { GetJsonRequest, JsonResponse, SendJsonRequest } from '../../http/vendor-request.ts';
import type { CallOptions } from '../contract.ts';
import {
  createVendorHttp,
  type VendorClientOptions,
  type VendorHttpIdentity,
} from '../vendor-client-options.ts';
import { AccountsList, type AccountsListOptions } from './accounts-list.ts';
import type { OnlyFansVendorClient } from './onlyfans-account-client.ts';

/** The options of an OnlyFans vendor's client: its pool's, and how it keeps its accounts lists. */
export interface OnlyFansVendorClientOptions extends VendorClientOptions {
  /**
   * How the vendor's accounts lists are kept: a failed read is remembered for
   * `retryAfterFailureMs` (asks within it answer the failure without calling the vendor), and
   * session statuses are read again once older than `statusMaxAgeMs`.
   * @default { retryAfterFailureMs: 10000, statusMaxAgeMs: 30000, now: Date.now }
   */
  accountsList?: AccountsListOptions;
}

/** A call through the client: everything but the credentials, which the client adds. */
export type OnlyFansVendorRequest = Omit<GetJsonRequest, 'headers'>;

/**
 * What the client of every vendor relaying OnlyFans has: one API key, one connection pool to the
 * vendor's origin, and the vendor's accounts lists as last read (one per platform it serves): the
 * creators' own user ids and the sessions' statuses. A vendor's client says how its key goes on a
 * call and how each platform's list is read.
 */
export abstract class OnlyFansVendorClientBase<V extends Vendor> implements OnlyFansVendorClient {
  readonly vendor: V;
  readonly #http: VendorHttp;
  readonly #apiKey: string;
  readonly #accountsLists: ReadonlyMap<Platform, AccountsList>;

  constructor(
    options: OnlyFansVendorClientOptions,
    identity: VendorHttpIdentity & { vendor: V; platforms: readonly Platform[] },
  ) {
    this.vendor = identity.vendor;
    this.#apiKey = options.apiKey;
    this.#accountsLists = new Map(
      identity.platforms.map((platform) => [
        platform,
        new AccountsList(
          (callOptions) => this.listAccountsOf(platform, callOptions),
          options.accountsList,
        ),
      ]),
    );
    this.#http = createVendorHttp(options, identity);
  }

  /** The headers of one call that carry the API key (and anything else the vendor asks for). */
  protected abstract credentialHeaders(
    apiKey: string,
    request: OnlyFansVendorRequest,
  ): Record<string, string>;

  /** Reads the accounts list of one platform, handing it to {@link rememberAccounts}. */
  protected abstract listAccountsOf(
    platform: Platform,
    options: CallOptions,
  ): Promise<ConnectedAccountRecord[]>;

  /** Replaces what is known of a platform's accounts with a fresh list. */
  protected rememberAccounts(
    platform: Platform,
    accounts: readonly ConnectedAccountRecord[],
  ): void {
    this.#accountsLists.get(platform)?.remember(accounts);
  }

  /** One GET to the vendor with the credentials added. Throws only `UpstreamError`. */
  getJson(request: OnlyFansVendorRequest): Promise<JsonResponse> {
    return this.#http.getJson({
      ...request,
      headers: this.credentialHeaders(this.#apiKey, request),
    });
  }

  /** One write to the vendor with the credentials added to `headers`. Throws only `UpstreamError`. */
  sendJson(
    request: Omit<SendJsonRequest, 'headers'> & { headers?: Record<string, string> },
  ): Promise<JsonResponse> {
    return this.#http.sendJson({
      ...request,
      headers: { ...request.headers, ...this.credentialHeaders(this.#apiKey, request) },
    });
  }

  /**
   * The OnlyFans user id of a connected account, or null when the vendor does not list it. Read
   * from the last accounts list; the first ask fetches it, once for all accounts and all
   * concurrent callers. A failed fetch is remembered briefly (`accountsList`).
   */
  creatorUserId(externalId: string, options: CallOptions = {}): Promise<string | null> {
    return this.#list('ONLYFANS').creatorUserId(externalId, options);
  }

  /**
   * The session status of a connected account, from its platform's accounts list read at most
   * `accountsList.statusMaxAgeMs` ago (one read for all accounts and concurrent callers);
   * `UNKNOWN` when the list fails or does not name it.
   */
  accountStatus(
    connectedAccount: ConnectedAccountKey,
    options: CallOptions = {},
  ): Promise<ConnectedAccountStatus> {
    const list = this.#accountsLists.get(connectedAccount.platform);
    if (!list) return Promise.resolve('UNKNOWN');
    return list.status(connectedAccount.externalId, options);
  }

  /** Records a session status the vendor told outside its list, until the list is read again. */
  recordAccountStatus(connectedAccount: ConnectedAccountKey, status: ConnectedAccountStatus): void {
    this.#accountsLists
      .get(connectedAccount.platform)
      ?.recordStatus(connectedAccount.externalId, status);
  }

  #list(platform: Platform): AccountsList {
    const list = this.#accountsLists.get(platform);
    if (!list) throw new Error(`${this.vendor} keeps no ${platform} accounts list`);
    return list;
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}
