import type { ConnectedAccountRecord, Vendor } from '../../domain.ts';
import type { VendorHttp } from '../../http/vendor-http.ts';
import type { GetJsonRequest, JsonResponse, SendJsonRequest } from '../../http/vendor-request.ts';
import type { CallOptions } from '../contract.ts';
import {
  createVendorHttp,
  type VendorClientOptions,
  type VendorHttpIdentity,
} from '../vendor-client-options.ts';
import { CreatorUserIds, type CreatorUserIdsOptions } from './creator-user-ids.ts';
import type { OnlyFansVendorClient } from './onlyfans-account-client.ts';

/** The options of an OnlyFans vendor's client: its pool's, and how it keeps the creators' ids. */
export interface OnlyFansVendorClientOptions extends VendorClientOptions {
  /**
   * How a failed accounts list (read on first use to learn the creators' user ids) is remembered:
   * asks within `retryAfterFailureMs` answer the failure without calling the vendor.
   * @default { retryAfterFailureMs: 10000, now: Date.now }
   */
  accountsList?: CreatorUserIdsOptions;
}

/** A call through the client: everything but the credentials, which the client adds. */
export type OnlyFansVendorRequest = Omit<GetJsonRequest, 'headers'>;

/**
 * What the client of every vendor relaying OnlyFans has: one API key, one connection pool to the
 * vendor's origin, and the creators' own user ids from the vendor's last accounts list. A vendor's
 * client says how its key goes on a call and which list names the creators.
 */
export abstract class OnlyFansVendorClientBase<V extends Vendor> implements OnlyFansVendorClient {
  readonly vendor: V;
  readonly #http: VendorHttp;
  readonly #apiKey: string;
  readonly #creatorUserIds: CreatorUserIds;

  constructor(options: OnlyFansVendorClientOptions, identity: VendorHttpIdentity & { vendor: V }) {
    this.vendor = identity.vendor;
    this.#apiKey = options.apiKey;
    this.#creatorUserIds = new CreatorUserIds(
      (callOptions) => this.listCreatorAccounts(callOptions),
      options.accountsList,
    );
    this.#http = createVendorHttp(options, identity);
  }

  /** The headers of one call that carry the API key (and anything else the vendor asks for). */
  protected abstract credentialHeaders(
    apiKey: string,
    request: OnlyFansVendorRequest,
  ): Record<string, string>;

  /**
   * Fetches the accounts list that names the creators' user ids, handing it to
   * {@link rememberCreators}.
   */
  protected abstract listCreatorAccounts(options: CallOptions): Promise<ConnectedAccountRecord[]>;

  /** Replaces the creators' user ids with those of a fresh accounts list. */
  protected rememberCreators(accounts: readonly ConnectedAccountRecord[]): void {
    this.#creatorUserIds.remember(accounts);
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
    return this.#creatorUserIds.get(externalId, options);
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}
