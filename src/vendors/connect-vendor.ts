import type {
  ConnectedAccountKey,
  ConnectedAccountRecord,
  ConnectedAccountStatus,
} from '../domain.ts';
import type { AccountAdapter, CallOptions, ConnectOptions, VendorAdapter } from './contract.ts';
import type { VendorClientOptions } from './vendor-client-options.ts';

/** The settings every vendor's config section has. */
export interface VendorSection {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  poolConnections: number;
  maxInFlightPerAccount: number;
  retries: number;
  /** The operator's rate budget: a ceiling the vendor's figures only ever lower. */
  rateLimit?: { requestsPerMinute: number; burst: number } | undefined;
}

/**
 * A vendor client's options from its config section and the start-up options; the accounts list
 * (which every vendor client reads) runs on the start-up clock.
 */
export function clientOptionsOf(
  section: VendorSection,
  options: ConnectOptions,
): VendorClientOptions & { accountsList: { now: () => number } } {
  const { events = {}, now = Date.now, cache, sharedRateBudgets } = options;
  return {
    apiKey: section.apiKey,
    baseUrl: section.baseUrl,
    timeoutMs: section.timeoutMs,
    connections: section.poolConnections,
    maxInFlightPerAccount: section.maxInFlightPerAccount,
    accountsList: { now },
    http: {
      retry: { retries: section.retries },
      events,
      ...(cache ? { cache } : {}),
      ...(sharedRateBudgets ? { sharedRateBudgets } : {}),
      ...(section.rateLimit
        ? { rateLimit: { ...section.rateLimit, followVendorLimits: false } }
        : {}),
    },
  };
}

/** A vendor's client as its module connects it: one credential, one pool. */
export interface ConnectedVendorClient {
  readonly vendor: VendorAdapter['vendor'];
  listConnectedAccounts(options?: CallOptions): Promise<ConnectedAccountRecord[]>;
  accountStatus(
    connectedAccount: ConnectedAccountKey,
    options?: CallOptions,
  ): Promise<ConnectedAccountStatus>;
  recordAccountStatus(connectedAccount: ConnectedAccountKey, status: ConnectedAccountStatus): void;
  close(): Promise<void>;
}

/**
 * The connected accounts by externalId, from the vendor's account list read once at start-up: the
 * creators' own user ids (their messages are told from the fans' by them) and usernames. An
 * account the list does not name is absent (its adapter learns the id on first use); a list that
 * fails is only warned about, as `what`.
 */
export async function creatorsAtStartUp(
  client: ConnectedVendorClient,
  what: string,
  warn: (message: string) => void = () => {},
): Promise<Map<string, ConnectedAccountRecord>> {
  const known = await client.listConnectedAccounts().catch((error: Error) => {
    warn(`${what} unavailable at start-up: ${error.message}`);
    return [];
  });
  return new Map(known.map((account) => [account.connectedAccount.externalId, account]));
}

/** The vendor adapter of a client and the account adapters built over it. */
export function vendorAdapterOf(
  client: ConnectedVendorClient,
  accounts: readonly AccountAdapter[],
): VendorAdapter {
  return {
    vendor: client.vendor,
    accounts,
    listConnectedAccounts: (options) => client.listConnectedAccounts(options),
    accountStatus: (connectedAccount, options) => client.accountStatus(connectedAccount, options),
    recordAccountStatus: (connectedAccount, status) =>
      client.recordAccountStatus(connectedAccount, status),
    close: () => client.close(),
  };
}
