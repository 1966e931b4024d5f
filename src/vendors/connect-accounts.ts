import type { GatewayConfig } from '../config.ts';
import type { VendorHttpEvents } from '../http/vendor-http-events.ts';
import type { ConnectedAccountEntry, ConnectedAccounts } from './connected-accounts.ts';
import type { VendorClient } from './contract.ts';
import { OfAuthClient } from './ofauth/ofauth-client.ts';
import { OfAuthProvider } from './ofauth/ofauth-provider.ts';
import { FanslyProvider } from './onlyfansapi/fansly/fansly-provider.ts';
import { OnlyFansApiClient } from './onlyfansapi/onlyfansapi-client.ts';

/**
 * The creators' own user ids from a vendor's account list, by handle. `undefined` for a handle
 * the list did not answer for (the provider then learns it on first use); a list that fails is
 * only warned about.
 */
async function creatorIdsOf(
  client: VendorClient,
  what: string,
  warn: (message: string) => void,
): Promise<(externalId: string) => string | null | undefined> {
  const known = await client.listConnectedAccounts().catch((error: Error) => {
    warn(`${what} unavailable at start-up: ${error.message}`);
    return [];
  });
  const ids = new Map(
    known.map((account) => [account.connectedAccount.externalId, account.platformUserId]),
  );
  return (externalId) => (ids.has(externalId) ? (ids.get(externalId) ?? null) : undefined);
}

export interface CreateGatewayOptions {
  /** Told of start-up problems that do not stop the gateway (a vendor not answering yet). */
  warn?: (message: string) => void;
  /**
   * Hooks on every vendor client's HTTP layer, for metrics, logs and traces: every call
   * (`onCall`, start-up calls included), retries, circuit moves, rate-limit waits.
   * @default {}
   */
  events?: VendorHttpEvents;
  /**
   * The clock the vendor clients remember a failed accounts list by, in milliseconds (tests pass
   * their own instead of waiting).
   * @default Date.now
   */
  now?: () => number;
}

/**
 * Builds the vendor clients and one provider per configured account. At start-up it reads each
 * vendor's account list once, to learn the creators' own user ids (which tell their messages from
 * the fans'); a vendor that does not answer then is only warned about: its providers learn the
 * ids later, on first use.
 */
export async function createGateway(
  config: GatewayConfig,
  options: CreateGatewayOptions = {},
): Promise<ConnectedAccounts> {
  const { warn = () => {}, events = {}, now = Date.now } = options;
  const clients: VendorClient[] = [];
  const accounts: ConnectedAccountEntry[] = [];

  const onlyFansApi = config.vendors.onlyfansapi;
  if (onlyFansApi) {
    const client = new OnlyFansApiClient({
      apiKey: onlyFansApi.apiKey,
      baseUrl: onlyFansApi.baseUrl,
      timeoutMs: onlyFansApi.timeoutMs,
      maxInFlightPerAccount: onlyFansApi.maxInFlightPerAccount,
      accountsList: { now },
      http: { retry: { retries: onlyFansApi.retries }, events },
    });
    clients.push(client);
    const creatorIds = await creatorIdsOf(client, 'OnlyFansAPI accounts list', warn);
    for (const account of onlyFansApi.accounts) {
      const creatorUserId = creatorIds(account.id);
      const provider =
        account.platform === 'onlyfans'
          ? client.onlyFansProvider(account.id, { creatorUserId })
          : new FanslyProvider({
              client,
              externalId: account.id,
              creatorAccountId: creatorUserId ?? null,
            });
      accounts.push({ connectedAccount: provider.connectedAccount, provider });
    }
  }

  const ofAuth = config.vendors.ofauth;
  if (ofAuth) {
    const client = new OfAuthClient({
      apiKey: ofAuth.apiKey,
      baseUrl: ofAuth.baseUrl,
      timeoutMs: ofAuth.timeoutMs,
      maxInFlightPerAccount: ofAuth.maxInFlightPerAccount,
      accountsList: { now },
      http: { retry: { retries: ofAuth.retries }, events },
    });
    clients.push(client);
    const creatorIds = await creatorIdsOf(client, 'OFAuth connections list', warn);
    for (const connection of ofAuth.connections) {
      const creatorUserId = creatorIds(connection.id);
      const provider = new OfAuthProvider(client, connection.id, { creatorUserId });
      accounts.push({ connectedAccount: provider.connectedAccount, provider });
    }
  }

  return {
    accounts,
    byExternalId: new Map(accounts.map((entry) => [entry.connectedAccount.externalId, entry])),
    close: async () => {
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}
