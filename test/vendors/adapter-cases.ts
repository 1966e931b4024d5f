import { afterAll, beforeAll } from 'vitest';
import type { Platform, Vendor } from '../../src/domain.ts';
import type {
  Sandbox,
  SandboxAccount,
  SandboxPlatform,
  SandboxRoute,
  SandboxVendor,
} from '../../src/sandbox/index.ts';
import type { AccountAdapter, AccountCapabilities } from '../../src/vendors/contract.ts';
import { OfAuthClient } from '../../src/vendors/ofauth/ofauth-client.ts';
import { OfAuthOnlyFansAccount } from '../../src/vendors/ofauth/ofauth-onlyfans-account.ts';
import { OnlyFansApiFanslyAccount } from '../../src/vendors/onlyfansapi/fansly/onlyfansapi-fansly-account.ts';
import { OnlyFansApiClient } from '../../src/vendors/onlyfansapi/onlyfansapi-client.ts';
import { OnlyFansApiOnlyFansAccount } from '../../src/vendors/onlyfansapi/onlyfansapi-onlyfans-account.ts';
import {
  type ClientOverrides,
  type SandboxUnderTest,
  sandboxClientOptions,
} from './adapter-harness.ts';

/**
 * The account adapters the contract suite runs over, and everything it needs to know of each:
 * how to build one over the sandbox, what it should declare it can do, which vendor routes it
 * calls and which dataset accounts it reads. The suites build adapters only through this file.
 */

/** One credential's client of a vendor (one pool), and the account adapters reached through it. */
export interface VendorUnderTest {
  /**
   * The adapter of one connected account. `creatorId` given (null: unknown), the adapter does not
   * learn the creator's own id from the vendor.
   */
  adapter(externalId: string, creatorId?: string | null): AccountAdapter;
  close(): Promise<void>;
}

export interface AdapterCase {
  /** How the suite names the case: vendor · platform. */
  name: string;
  vendor: Vendor;
  platform: Platform;
  /** The sandbox's name of the vendor (for its key) and of the platform. */
  sandboxVendor: SandboxVendor;
  sandboxPlatform: SandboxPlatform;
  /** What its adapter must declare it can do, written out here rather than read from it. */
  capabilities: AccountCapabilities;
  /**
   * The vendor routes each read calls (`users` null where there is no users lookup, `media`
   * null where media come only inline), and the vendor's list of connected accounts.
   */
  routes: {
    chats: SandboxRoute;
    messages: SandboxRoute;
    users: SandboxRoute | null;
    media: SandboxRoute | null;
    accounts: SandboxRoute;
  };
  /**
   * The vendor routes of the writes it declares (null where it has none); each write is one call
   * on its route, but Fansly's mark read, which reads the newest messages first.
   */
  writeRoutes: {
    send: SandboxRoute;
    markRead: SandboxRoute | null;
    unsend: SandboxRoute | null;
  };
  /**
   * Whether the vendor documents a proof that a failed write did nothing (OnlyFansAPI's
   * `"request_outcome": "not_sent"`); without one its 5xx stays an unknown outcome.
   */
  provesNotSent: boolean;
  /** Whether a chat carries its partner's profile; without it `partner` is null. */
  chatsCarryPartner: boolean;
  connect(sandbox: Sandbox, overrides?: ClientOverrides): VendorUnderTest;
}

/** OnlyFans's own write rules, through either vendor: paid messages, unsend within a day. */
const ONLYFANS_WRITES = {
  sendMessage: true,
  paidMessages: true,
  maxMediaPerMessage: 20,
  unsendMessage: true,
  unsendWindowSeconds: 86_400,
} as const;

export const ONLYFANSAPI_ONLYFANS: AdapterCase = {
  name: 'OnlyFansAPI · OnlyFans',
  vendor: 'ONLYFANSAPI',
  platform: 'ONLYFANS',
  sandboxVendor: 'onlyfansapi',
  sandboxPlatform: 'onlyfans',
  capabilities: {
    chatPageMax: 30,
    messagePageMax: 100,
    usersPerCall: 10,
    usersBy: 'platformId',
    mediaPerCall: 0,
    unreadFilter: 'gateway',
    search: 'vendor',
    partnerSpend: true,
    writes: { ...ONLYFANS_WRITES, markRead: true, idempotencyKey: true },
  },
  routes: {
    chats: 'onlyfans.chats',
    messages: 'onlyfans.messages',
    users: 'onlyfans.users',
    media: null,
    accounts: 'onlyfansapi.accounts',
  },
  writeRoutes: {
    send: 'onlyfans.sendMessage',
    markRead: 'onlyfans.markRead',
    unsend: 'onlyfans.deleteMessage',
  },
  provesNotSent: true,
  chatsCarryPartner: true,
  connect(sandbox, overrides = {}) {
    const client = new OnlyFansApiClient(sandboxClientOptions(sandbox, 'onlyfansapi', overrides));
    return {
      adapter: (externalId, creatorId) =>
        new OnlyFansApiOnlyFansAccount(client, externalId, { creatorUserId: creatorId }),
      close: () => client.close(),
    };
  },
};

export const ONLYFANSAPI_FANSLY: AdapterCase = {
  name: 'OnlyFansAPI · Fansly',
  vendor: 'ONLYFANSAPI',
  platform: 'FANSLY',
  sandboxVendor: 'onlyfansapi',
  sandboxPlatform: 'fansly',
  capabilities: {
    chatPageMax: 100,
    messagePageMax: 100,
    usersPerCall: 25,
    usersBy: 'username',
    mediaPerCall: 50,
    unreadFilter: 'gateway',
    search: 'vendor',
    partnerSpend: false,
    writes: {
      sendMessage: true,
      paidMessages: false,
      maxMediaPerMessage: 20,
      markRead: true,
      unsendMessage: false,
      unsendWindowSeconds: null,
      idempotencyKey: false,
    },
  },
  routes: {
    chats: 'fansly.chats',
    messages: 'fansly.messages',
    users: 'fansly.users',
    media: 'fansly.accountMedia',
    accounts: 'fansly.accounts',
  },
  writeRoutes: { send: 'fansly.sendMessage', markRead: 'fansly.ack', unsend: null },
  provesNotSent: true,
  chatsCarryPartner: true,
  connect(sandbox, overrides = {}) {
    const client = new OnlyFansApiClient(sandboxClientOptions(sandbox, 'onlyfansapi', overrides));
    return {
      adapter: (externalId, creatorId) =>
        new OnlyFansApiFanslyAccount(client, externalId, { creatorAccountId: creatorId }),
      close: () => client.close(),
    };
  },
};

export const OFAUTH_ONLYFANS: AdapterCase = {
  name: 'OFAuth · OnlyFans',
  vendor: 'OFAUTH',
  platform: 'ONLYFANS',
  sandboxVendor: 'ofauth',
  sandboxPlatform: 'onlyfans',
  capabilities: {
    chatPageMax: 20,
    messagePageMax: 20,
    usersPerCall: 10,
    usersBy: 'platformId',
    mediaPerCall: 0,
    unreadFilter: 'vendor',
    search: 'vendor',
    partnerSpend: false,
    writes: { ...ONLYFANS_WRITES, markRead: false, idempotencyKey: false },
  },
  routes: {
    chats: 'ofauth.chats',
    messages: 'ofauth.messages',
    users: 'ofauth.users',
    media: null,
    accounts: 'ofauth.connections',
  },
  writeRoutes: { send: 'ofauth.sendMessage', markRead: null, unsend: 'ofauth.deleteMessage' },
  provesNotSent: false,
  chatsCarryPartner: false,
  connect(sandbox, overrides = {}) {
    const client = new OfAuthClient(sandboxClientOptions(sandbox, 'ofauth', overrides));
    return {
      adapter: (externalId, creatorId) =>
        new OfAuthOnlyFansAccount(client, externalId, { creatorUserId: creatorId }),
      close: () => client.close(),
    };
  },
};

/** Every account adapter: the contract suite runs over each. */
export const ADAPTER_CASES: readonly AdapterCase[] = [
  ONLYFANSAPI_ONLYFANS,
  ONLYFANSAPI_FANSLY,
  OFAUTH_ONLYFANS,
];

/** The dataset's accounts of a case, the one with the longest chat first. */
export function accountsOf(sandbox: Sandbox, testCase: AdapterCase): SandboxAccount[] {
  const longest = (account: SandboxAccount) =>
    Math.max(...account.chats.map((chat) => chat.messages.length));
  return [...sandbox.dataset.accountsOf(testCase.sandboxVendor, testCase.sandboxPlatform)].sort(
    (left, right) => longest(right) - longest(left),
  );
}

/** Vendor calls one window of `first` entries takes: full pages of `pageMax` in parallel. */
export function callsFor(first: number, pageMax: number): number {
  return Math.ceil(first / pageMax);
}

export interface AdapterUnderTest {
  readonly vendor: VendorUnderTest;
  /** The case's first dataset account (the one with the longest chat) and its adapter. */
  readonly account: SandboxAccount;
  readonly adapter: AccountAdapter;
  /** Another account of the same vendor and platform. */
  readonly otherAccount: SandboxAccount;
}

/**
 * A client of the case's vendor over `env`'s sandbox for the enclosing describe, closed after it,
 * and the adapter of the case's first account. Read it inside hooks and tests only.
 */
export function useAdapter(env: SandboxUnderTest, testCase: AdapterCase): AdapterUnderTest {
  let state: AdapterUnderTest | undefined;
  beforeAll(() => {
    const vendor = testCase.connect(env.sandbox);
    const [account, otherAccount] = accountsOf(env.sandbox, testCase);
    if (account === undefined || otherAccount === undefined) {
      throw new Error(`the dataset has fewer than two ${testCase.name} accounts`);
    }
    state = { vendor, account, otherAccount, adapter: vendor.adapter(account.handle) };
  });
  afterAll(async () => {
    await state?.vendor.close();
  });
  const current = (): AdapterUnderTest => {
    if (state === undefined) throw new Error('read inside hooks and tests only');
    return state;
  };
  return {
    get vendor() {
      return current().vendor;
    },
    get account() {
      return current().account;
    },
    get adapter() {
      return current().adapter;
    },
    get otherAccount() {
      return current().otherAccount;
    },
  };
}
