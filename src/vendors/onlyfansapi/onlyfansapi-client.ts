import type { ConnectedAccountRecord } from '../../domain.ts';
import { VendorHttp, type VendorHttpOptions } from '../../http/vendor-http.ts';
import type { GetJsonRequest, JsonResponse } from '../../http/vendor-request.ts';
import { allSettledOrThrow } from '../batch.ts';
import type { CallOptions } from '../contract.ts';
import { CreatorUserIds, type CreatorUserIdsOptions } from '../onlyfans-shared/creator-user-ids.ts';
import {
  convertOnlyFansApiAccount,
  convertOnlyFansApiFanslyAccount,
} from './convert-onlyfansapi-account.ts';
import { readOnlyFansApiAccounts } from './onlyfansapi-envelope.ts';
import { readOnlyFansApiResponseMeta } from './onlyfansapi-response-meta.ts';

export const ONLYFANSAPI_BASE_URL = 'https://app.onlyfansapi.com';

export interface OnlyFansApiClientOptions {
  /** Sent as `Authorization: Bearer <apiKey>`; never logged, never part of an error. */
  apiKey: string;
  /**
   * The vendor's origin (the sandbox's URL in sandbox mode).
   * @default 'https://app.onlyfansapi.com'
   */
  baseUrl?: string;
  /**
   * Longest one vendor call may take, in milliseconds.
   * @default 10000
   */
  timeoutMs?: VendorHttpOptions['timeoutMs'];
  /**
   * Keep-alive connections to the origin.
   * @default 32
   */
  connections?: VendorHttpOptions['connections'];
  /**
   * Calls one connected account may have in flight at once, so one account never holds the
   * whole pool.
   * @default 8
   */
  maxInFlightPerAccount?: VendorHttpOptions['maxInFlightPerAccount'];
  /**
   * How a failed accounts list (read on first use to learn the creators' user ids) is remembered:
   * asks within `retryAfterFailureMs` answer the failure without calling the vendor.
   * @default { retryAfterFailureMs: 10000, now: Date.now }
   */
  accountsList?: CreatorUserIdsOptions;
  /** Resilience settings of the pool (retries, rate limits, circuit breaker, finer timeouts). */
  http?: Omit<
    VendorHttpOptions,
    'vendor' | 'baseUrl' | 'timeoutMs' | 'connections' | 'maxInFlightPerAccount'
  >;
}

/** A call through the client: everything but the credentials, which the client adds. */
export type OnlyFansApiRequest = Omit<GetJsonRequest, 'headers'>;

/**
 * OnlyFansAPI: one API key, one connection pool to its origin, any number of connected OnlyFans
 * (`acct_…`) and Fansly (`fansly_acct_…`) accounts.
 *
 * It remembers each OnlyFans account's own user id (`onlyfans_id`) from the last accounts list,
 * so account adapters can tell the creator's messages from the fan's without a call per page.
 */
export class OnlyFansApiClient {
  readonly vendor = 'ONLYFANSAPI' as const;
  readonly #http: VendorHttp;
  readonly #apiKey: string;
  readonly #creatorUserIds: CreatorUserIds;

  constructor(options: OnlyFansApiClientOptions) {
    const {
      apiKey,
      baseUrl = ONLYFANSAPI_BASE_URL,
      timeoutMs,
      connections,
      maxInFlightPerAccount,
      accountsList,
      http,
    } = options;
    this.#apiKey = apiKey;
    this.#creatorUserIds = new CreatorUserIds(
      (callOptions) => this.listOnlyFansAccounts(callOptions),
      accountsList,
    );
    this.#http = new VendorHttp({
      ...http,
      vendor: 'ONLYFANSAPI',
      readResponseMeta: readOnlyFansApiResponseMeta,
      baseUrl,
      timeoutMs,
      connections,
      maxInFlightPerAccount,
    });
  }

  /** One GET to the vendor with the credentials added. Throws only `UpstreamError`. */
  getJson(request: OnlyFansApiRequest): Promise<JsonResponse> {
    return this.#http.getJson({
      ...request,
      headers: { authorization: `Bearer ${this.#apiKey}` },
    });
  }

  /** Both account lists (`/api/accounts` and `/api/fansly/accounts`), fetched in parallel. */
  async listConnectedAccounts(options: CallOptions = {}): Promise<ConnectedAccountRecord[]> {
    const [onlyFans = [], fansly = []] = await allSettledOrThrow([
      this.listOnlyFansAccounts(options),
      this.listFanslyAccounts(options),
    ]);
    return [...onlyFans, ...fansly];
  }

  /** `GET /api/accounts`: the connected OnlyFans accounts. Refreshes the creator ids it keeps. */
  async listOnlyFansAccounts(options: CallOptions = {}): Promise<ConnectedAccountRecord[]> {
    const routeName = 'onlyfansapi.accounts';
    const response = await this.getJson({ route: routeName, path: '/api/accounts', ...options });
    const context = { vendor: this.vendor, routeName, status: response.status };
    const accounts = readOnlyFansApiAccounts(response.body, context).map((raw) =>
      convertOnlyFansApiAccount(raw, context),
    );
    this.#creatorUserIds.remember(accounts);
    return accounts;
  }

  /** `GET /api/fansly/accounts`: the connected Fansly accounts. */
  async listFanslyAccounts(options: CallOptions = {}): Promise<ConnectedAccountRecord[]> {
    const routeName = 'fansly.accounts';
    const response = await this.getJson({
      route: routeName,
      path: '/api/fansly/accounts',
      ...options,
    });
    const context = { vendor: this.vendor, routeName, status: response.status };
    return readOnlyFansApiAccounts(response.body, context).map((raw) =>
      convertOnlyFansApiFanslyAccount(raw, context),
    );
  }

  /**
   * The OnlyFans user id of a connected account (`onlyfans_id`), or null when the vendor does not
   * list it. Read from the last accounts list; the first ask fetches it, once for all accounts
   * and all concurrent callers. A failed fetch is remembered briefly (`accountsList`).
   */
  creatorUserId(externalId: string, options: CallOptions = {}): Promise<string | null> {
    return this.#creatorUserIds.get(externalId, options);
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}
