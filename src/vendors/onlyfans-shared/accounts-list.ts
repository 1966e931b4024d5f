import type { ConnectedAccountRecord, ConnectedAccountStatus } from '../../domain.ts';
import type { CallOptions } from '../contract.ts';

export interface AccountsListOptions {
  /**
   * How long a failed accounts list is remembered, in milliseconds: within it every ask answers
   * that failure without calling the vendor again; the first ask after it tries again.
   * @default 10000
   */
  retryAfterFailureMs?: number;
  /**
   * How old a list may be for a session status read from it, in milliseconds: an ask for statuses
   * after that reads the list again (once for all concurrent callers).
   * @default 30000
   */
  statusMaxAgeMs?: number;
  /**
   * The clock, in milliseconds (tests pass their own instead of waiting).
   * @default Date.now
   */
  now?: () => number;
}

/**
 * One of a vendor's lists of connected accounts (OnlyFansAPI's `/api/accounts` or
 * `/api/fansly/accounts`, OFAuth's connections), as last read: the creators' own user ids and
 * the sessions' statuses. Every read of the list hands it to {@link remember}; an ask before any
 * read, or for statuses older than `statusMaxAgeMs`, reads it once for all concurrent callers. A
 * failed read is remembered for `retryAfterFailureMs`, so that a vendor whose list is down is asked
 * once per window, not once per request.
 */
export class AccountsList {
  readonly #load: (options: CallOptions) => Promise<unknown>;
  readonly #retryAfterFailureMs: number;
  readonly #statusMaxAgeMs: number;
  readonly #now: () => number;
  #accounts: Map<string, ConnectedAccountRecord> | null = null;
  #readAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<unknown> | null = null;
  #failure: { error: unknown; until: number } | null = null;

  /** `load` reads the list, which hands its accounts to {@link remember}. */
  constructor(load: (options: CallOptions) => Promise<unknown>, options: AccountsListOptions = {}) {
    const { retryAfterFailureMs = 10_000, statusMaxAgeMs = 30_000, now = Date.now } = options;
    this.#load = load;
    this.#retryAfterFailureMs = retryAfterFailureMs;
    this.#statusMaxAgeMs = statusMaxAgeMs;
    this.#now = now;
  }

  /** Replaces what is known with a fresh list. */
  remember(accounts: readonly ConnectedAccountRecord[]): void {
    this.#accounts = new Map(
      accounts.map((account) => [account.connectedAccount.externalId, account]),
    );
    this.#readAt = this.#now();
    this.#failure = null;
  }

  /**
   * Records a session status the vendor told otherwise than in its list (a webhook saying a
   * session expired or came back): it holds until the next read of the list. An account the
   * list has not named is not added.
   */
  recordStatus(externalId: string, status: ConnectedAccountStatus): void {
    const account = this.#accounts?.get(externalId);
    if (account) this.#accounts?.set(externalId, { ...account, status });
  }

  /**
   * The creator's user id of a connected account, or null when the list does not name it. Read
   * from the last list, whatever its age (a creator's id does not change). Rejects with the read's
   * error, also for asks within `retryAfterFailureMs` after it failed.
   */
  async creatorUserId(externalId: string, options: CallOptions = {}): Promise<string | null> {
    const accounts = this.#accounts ?? (await this.#read(options));
    return accounts.get(externalId)?.platformUserId ?? null;
  }

  /**
   * The session status of a connected account, from a list at most `statusMaxAgeMs` old:
   * `UNKNOWN` when the list does not name it or cannot be read (the failure is the vendor's
   * list's, not the account's, so it is not an error of the ask).
   */
  async status(externalId: string, options: CallOptions = {}): Promise<ConnectedAccountStatus> {
    const fresh = this.#accounts !== null && this.#now() - this.#readAt < this.#statusMaxAgeMs;
    try {
      const accounts = fresh ? this.#accounts! : await this.#read(options);
      return accounts.get(externalId)?.status ?? 'UNKNOWN';
    } catch {
      return 'UNKNOWN';
    }
  }

  /** Reads the list (or joins the read under way); within a failure's window, its error. */
  async #read(options: CallOptions): Promise<Map<string, ConnectedAccountRecord>> {
    if (this.#failure !== null && this.#now() < this.#failure.until) throw this.#failure.error;
    // Only the observer goes along: the read serves every concurrent caller, so one request's
    // deadline or call budget must not cut it short for the others.
    this.#loading ??= this.#load({ observer: options.observer })
      .catch((error: unknown) => {
        this.#failure = { error, until: this.#now() + this.#retryAfterFailureMs };
        throw error;
      })
      .finally(() => {
        this.#loading = null;
      });
    await this.#loading;
    return this.#accounts ?? new Map();
  }
}
