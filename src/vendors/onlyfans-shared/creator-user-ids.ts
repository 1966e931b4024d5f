import type { ConnectedAccountRecord } from '../../domain.ts';
import type { CallOptions } from '../contract.ts';

export interface CreatorUserIdsOptions {
  /**
   * How long a failed accounts list is remembered, in milliseconds: within it every ask answers
   * that failure without calling the vendor again; the first ask after it tries again.
   * @default 10000
   */
  retryAfterFailureMs?: number;
  /**
   * The clock, in milliseconds (tests pass their own instead of waiting).
   * @default Date.now
   */
  now?: () => number;
}

/**
 * The creators' own OnlyFans user ids by connected account, as the vendor's last accounts list
 * gave them. The first ask loads that list, once for all accounts and concurrent callers. A failed
 * load is remembered for `retryAfterFailureMs`, so that a vendor whose accounts list is down is
 * asked once per window, not once per request.
 */
export class CreatorUserIds {
  readonly #load: (options: CallOptions) => Promise<unknown>;
  readonly #retryAfterFailureMs: number;
  readonly #now: () => number;
  #ids: Map<string, string | null> | null = null;
  #loading: Promise<unknown> | null = null;
  #failure: { error: unknown; until: number } | null = null;

  /** `load` fetches the accounts list, which hands its accounts to {@link remember}. */
  constructor(
    load: (options: CallOptions) => Promise<unknown>,
    options: CreatorUserIdsOptions = {},
  ) {
    const { retryAfterFailureMs = 10_000, now = Date.now } = options;
    this.#load = load;
    this.#retryAfterFailureMs = retryAfterFailureMs;
    this.#now = now;
  }

  /** Replaces what is known with a fresh accounts list. */
  remember(accounts: readonly ConnectedAccountRecord[]): void {
    this.#ids = new Map(
      accounts.map((account) => [account.connectedAccount.externalId, account.platformUserId]),
    );
    this.#failure = null;
  }

  /**
   * The creator's user id of a connected account, or null when the vendor does not list it.
   * Rejects with the load's error, also for asks within `retryAfterFailureMs` after it failed.
   */
  async get(externalId: string, options: CallOptions = {}): Promise<string | null> {
    if (this.#ids === null) {
      if (this.#failure !== null && this.#now() < this.#failure.until) throw this.#failure.error;
      this.#loading ??= this.#load({ observer: options.observer })
        .catch((error: unknown) => {
          this.#failure = { error, until: this.#now() + this.#retryAfterFailureMs };
          throw error;
        })
        .finally(() => {
          this.#loading = null;
        });
      await this.#loading;
    }
    return this.#ids?.get(externalId) ?? null;
  }
}
