import type { ConnectedAccountRecord, Platform } from '../../domain.ts';
import type { ResolvedRateLimitOptions } from '../../http/rate-limiter.ts';
import { allSettledOrThrow } from '../batch.ts';
import type { CallOptions } from '../contract.ts';
import {
  OnlyFansVendorClientBase,
  type OnlyFansVendorClientOptions,
} from '../onlyfans-shared/onlyfans-vendor-client.ts';
import {
  convertOnlyFansApiAccount,
  convertOnlyFansApiFanslyAccount,
} from './convert-onlyfansapi-account.ts';
import { readOnlyFansApiAccounts } from './onlyfansapi-envelope.ts';
import { readOnlyFansApiResponseMeta } from './onlyfansapi-response-meta.ts';

export const ONLYFANSAPI_BASE_URL = 'https://app.onlyfansapi.com';

/**
 * The documented limit, per API key: 1000 calls a minute in the OnlyFans list-chats example, 5000
 * in the Fansly ones (plans differ); the lower one until `_meta._rate_limits` tells.
 */
export const ONLYFANSAPI_RATE_LIMIT: ResolvedRateLimitOptions = {
  requestsPerMinute: 1000,
  burst: 1000,
  scope: 'credential',
  followVendorLimits: true,
};

/**
 * OnlyFansAPI: one API key, one connection pool to its origin, any number of connected OnlyFans
 * (`acct_…`) and Fansly (`fansly_acct_…`) accounts.
 *
 * It keeps both accounts lists as last read: each OnlyFans account's own user id (`onlyfans_id`),
 * so account adapters can tell the creator's messages from the fan's without a call per page, and
 * every account's session status (`is_authenticated`).
 */
export class OnlyFansApiClient extends OnlyFansVendorClientBase<'ONLYFANSAPI'> {
  constructor(options: OnlyFansVendorClientOptions) {
    super(options, {
      vendor: 'ONLYFANSAPI',
      defaultBaseUrl: ONLYFANSAPI_BASE_URL,
      readResponseMeta: readOnlyFansApiResponseMeta,
      documentedRateLimit: ONLYFANSAPI_RATE_LIMIT,
      platforms: ['ONLYFANS', 'FANSLY'],
    });
  }

  /** The key as `Authorization: Bearer <apiKey>`. */
  protected credentialHeaders(apiKey: string) {
    return { authorization: `Bearer ${apiKey}` };
  }

  protected listAccountsOf(
    platform: Platform,
    options: CallOptions,
  ): Promise<ConnectedAccountRecord[]> {
    return platform === 'FANSLY'
      ? this.listFanslyAccounts(options)
      : this.listOnlyFansAccounts(options);
  }

  /** Both account lists (`/api/accounts` and `/api/fansly/accounts`), fetched in parallel. */
  async listConnectedAccounts(options: CallOptions = {}): Promise<ConnectedAccountRecord[]> {
    const [onlyFans = [], fansly = []] = await allSettledOrThrow([
      this.listOnlyFansAccounts(options),
      this.listFanslyAccounts(options),
    ]);
    return [...onlyFans, ...fansly];
  }

  /** `GET /api/accounts`: the connected OnlyFans accounts. Refreshes what the client keeps of them. */
  async listOnlyFansAccounts(options: CallOptions = {}): Promise<ConnectedAccountRecord[]> {
    const routeName = 'onlyfansapi.accounts';
    const response = await this.getJson({
      route: routeName,
      path: '/api/accounts',
      cache: { kind: 'connectedAccounts' },
      ...options,
    });
    const context = { vendor: this.vendor, routeName, status: response.status };
    const accounts = readOnlyFansApiAccounts(response.body, context).map((raw) =>
      convertOnlyFansApiAccount(raw, context),
    );
    this.rememberAccounts('ONLYFANS', accounts);
    return accounts;
  }

  /** `GET /api/fansly/accounts`: the connected Fansly accounts. Refreshes what the client keeps. */
  async listFanslyAccounts(options: CallOptions = {}): Promise<ConnectedAccountRecord[]> {
    const routeName = 'fansly.accounts';
    const response = await this.getJson({
      route: routeName,
      path: '/api/fansly/accounts',
      cache: { kind: 'connectedAccounts' },
      ...options,
    });
    const context = { vendor: this.vendor, routeName, status: response.status };
    const accounts = readOnlyFansApiAccounts(response.body, context).map((raw) =>
      convertOnlyFansApiFanslyAccount(raw, context),
    );
    this.rememberAccounts('FANSLY', accounts);
    return accounts;
  }
}
