import type { ConnectedAccountRecord } from '../../domain.ts';
import { VendorHttp, type VendorHttpOptions } from '../../http/vendor-http.ts';
import type { GetJsonRequest, JsonResponse } from '../../http/vendor-request.ts';
import type { CallOptions } from '../contract.ts';
import { CreatorUserIds, type CreatorUserIdsOptions } from '../onlyfans-shared/creator-user-ids.ts';
import { convertOfAuthConnection } from './convert-ofauth-connection.ts';
import { readOfAuthList } from './ofauth-envelope.ts';
import { readOfAuthResponseMeta } from './ofauth-response-meta.ts';

export const OFAUTH_BASE_URL = 'https://api.ofauth.com';

export interface OfAuthClientOptions {
  /** Sent as the `apiKey` header; never logged, never part of an error. */
  apiKey: string;
  /**
   * The vendor's origin (the sandbox's URL in sandbox mode).
   * @default 'https://api.ofauth.com'
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

/**
 * A call through the client: everything but the credentials. `externalId` (a `conn_…`)
 * is also sent as `x-connection-id`.
 */
export type OfAuthRequest = Omit<GetJsonRequest, 'headers'>;

/**
 * OFAuth: one API key, one connection pool, any number of OnlyFans connections (`conn_…`).
 * It remembers each connection's own OnlyFans user id from the last connections list.
 */
export class OfAuthClient {
  readonly vendor = 'OFAUTH' as const;
  readonly #http: VendorHttp;
  readonly #apiKey: string;
  readonly #creatorUserIds: CreatorUserIds;

  constructor(options: OfAuthClientOptions) {
    const {
      apiKey,
      baseUrl = OFAUTH_BASE_URL,
      timeoutMs,
      connections,
      maxInFlightPerAccount,
      accountsList,
      http,
    } = options;
    this.#apiKey = apiKey;
    this.#creatorUserIds = new CreatorUserIds(
      (callOptions) => this.listConnectedAccounts(callOptions),
      accountsList,
    );
    this.#http = new VendorHttp({
      ...http,
      vendor: 'OFAUTH',
      readResponseMeta: readOfAuthResponseMeta,
      baseUrl,
      timeoutMs,
      connections,
      maxInFlightPerAccount,
    });
  }

  /** One GET to the vendor with the credentials added. Throws only `UpstreamError`. */
  getJson(request: OfAuthRequest): Promise<JsonResponse> {
    const headers: Record<string, string> = { apiKey: this.#apiKey };
    if (request.externalId) headers['x-connection-id'] = request.externalId;
    return this.#http.getJson({ ...request, headers });
  }

  /**
   * `GET /v2/account/connections`. One call: the docs name no paging parameters for it, so a
   * `hasMore: true` answer cannot be followed.
   */
  async listConnectedAccounts(options: CallOptions = {}): Promise<ConnectedAccountRecord[]> {
    const routeName = 'ofauth.connections';
    const response = await this.getJson({
      route: routeName,
      path: '/v2/account/connections',
      ...options,
    });
    const context = { vendor: this.vendor, routeName, status: response.status };
    const connections = readOfAuthList(response.body, context).items.map((raw) =>
      convertOfAuthConnection(raw, context),
    );
    this.#creatorUserIds.remember(connections);
    return connections;
  }

  /**
   * The OnlyFans user id of a connection (`userData.id`), or null when unknown. Read from the
   * last connections list; the first ask fetches it, once for all connections and concurrent
   * callers. A failed fetch is remembered briefly (`accountsList`).
   */
  creatorUserId(externalId: string, options: CallOptions = {}): Promise<string | null> {
    return this.#creatorUserIds.get(externalId, options);
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}
