import type { ConnectedAccountRecord } from '../../domain.ts';
import type { ResolvedRateLimitOptions } from '../../http/rate-limiter.ts';
import type { CallOptions } from '../contract.ts';
import {
  OnlyFansVendorClientBase,
  type OnlyFansVendorClientOptions,
  type OnlyFansVendorRequest,
} from '../onlyfans-shared/onlyfans-vendor-client.ts';
import { convertOfAuthConnection } from './convert-ofauth-connection.ts';
import { readOfAuthList } from './ofauth-envelope.ts';
import { readOfAuthResponseMeta } from './ofauth-response-meta.ts';

export const OFAUTH_BASE_URL = 'https://api.ofauth.com';

/** The documented limit: per connection, a token bucket of 60 calls a minute with bursts of 90. */
export const OFAUTH_RATE_LIMIT: ResolvedRateLimitOptions = {
  requestsPerMinute: 60,
  burst: 90,
  scope: 'connectedAccount',
  followVendorLimits: true,
};

/**
 * OFAuth: one API key, one connection pool, any number of OnlyFans connections (`conn_…`).
 * It keeps the connections list as last read: each connection's own OnlyFans user id
 * (`userData.id`) and its session status (`status`).
 */
export class OfAuthClient extends OnlyFansVendorClientBase<'OFAUTH'> {
  constructor(options: OnlyFansVendorClientOptions) {
    super(options, {
      vendor: 'OFAUTH',
      defaultBaseUrl: OFAUTH_BASE_URL,
      readResponseMeta: readOfAuthResponseMeta,
      documentedRateLimit: OFAUTH_RATE_LIMIT,
      platforms: ['ONLYFANS'],
    });
  }

  /** The key as the `apiKey` header; a call's `externalId` (a `conn_…`) as `x-connection-id`. */
  protected credentialHeaders(apiKey: string, request: OnlyFansVendorRequest) {
    const headers: Record<string, string> = { apiKey };
    if (request.externalId) headers['x-connection-id'] = request.externalId;
    return headers;
  }

  /** OFAuth serves OnlyFans only: its connections are the one list. */
  protected listAccountsOf(
    _platform: unknown,
    options: CallOptions,
  ): Promise<ConnectedAccountRecord[]> {
    return this.listConnectedAccounts(options);
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
      cache: { kind: 'connectedAccounts' },
      ...options,
    });
    const context = { vendor: this.vendor, routeName, status: response.status };
    const connections = readOfAuthList(response.body, context).items.map((raw) =>
      convertOfAuthConnection(raw, context),
    );
    this.rememberAccounts('ONLYFANS', connections);
    return connections;
  }
}
