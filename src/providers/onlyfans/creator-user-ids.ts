import type { ConnectedAccountRecord } from '../../domain.ts';
import type { CallOptions } from '../provider.ts';

/**
 * The creators' own OnlyFans user ids by connected account, as the vendor's last accounts list
 * gave them. The first ask loads that list, once for all accounts and concurrent callers; a
 * failed load is not remembered.
 */
export class CreatorUserIds {
  readonly #load: (options: CallOptions) => Promise<unknown>;
  #ids: Map<string, string | null> | null = null;
  #loading: Promise<unknown> | null = null;

  /** `load` fetches the accounts list, which hands its accounts to {@link remember}. */
  constructor(load: (options: CallOptions) => Promise<unknown>) {
    this.#load = load;
  }

  /** Replaces what is known with a fresh accounts list. */
  remember(accounts: readonly ConnectedAccountRecord[]): void {
    this.#ids = new Map(
      accounts.map((account) => [account.route.connectedAccountId, account.platformUserId]),
    );
  }

  /** The creator's user id of a connected account, or null when the vendor does not list it. */
  async get(connectedAccountId: string, options: CallOptions = {}): Promise<string | null> {
    if (this.#ids === null) {
      this.#loading ??= this.#load({ observer: options.observer }).finally(() => {
        this.#loading = null;
      });
      await this.#loading;
    }
    return this.#ids?.get(connectedAccountId) ?? null;
  }
}
