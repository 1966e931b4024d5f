import { LRUCache } from 'lru-cache';
import type { ChatRecord } from '../../../domain.ts';
import type { CallOptions } from '../../contract.ts';

export interface FanslyPartnerUsernamesOptions {
  /**
   * Reads the newest chats (one vendor call): a fan who just wrote is at the top of the list,
   * with the profile that names them.
   */
  readNewestChats: (options: CallOptions) => Promise<readonly ChatRecord[]>;
  /** Partners remembered, at most. @default 10000 */
  max?: number;
  /**
   * How long a partner the newest chats did not name is answered null without another call, in
   * milliseconds. @default 60000
   */
  unfoundTtlMs?: number;
}

/**
 * The usernames of chat partners, by their Fansly account id. A Fansly webhook names a fan by id
 * only, while every id of a Fansly user carries its username (users are looked up by it): the
 * usernames of the partners the chat lists carried are remembered, and a partner not remembered
 * costs one read of the newest chats at most (reads asked for meanwhile share it).
 */
export class FanslyPartnerUsernames {
  readonly #usernames: LRUCache<string, string>;
  readonly #unfound: LRUCache<string, true>;
  readonly #readNewestChats: FanslyPartnerUsernamesOptions['readNewestChats'];
  #reading: Promise<void> | null = null;

  constructor(options: FanslyPartnerUsernamesOptions) {
    const { readNewestChats, max = 10_000, unfoundTtlMs = 60_000 } = options;
    this.#readNewestChats = readNewestChats;
    this.#usernames = new LRUCache({ max });
    this.#unfound = new LRUCache({ max, ttl: unfoundTtlMs });
  }

  /** Remembers the partners a chat list named with their profile. */
  remember(chats: readonly ChatRecord[]): void {
    for (const chat of chats) {
      const username = chat.partner?.username;
      if (username) {
        this.#usernames.set(chat.partnerId, username);
        this.#unfound.delete(chat.partnerId);
      }
    }
  }

  /** The partner's username, remembered or read from the newest chats; null when not found. */
  async of(partnerId: string, options: CallOptions = {}): Promise<string | null> {
    const known = this.#usernames.get(partnerId);
    if (known !== undefined) return known;
    if (this.#unfound.has(partnerId)) return null;
    // A read already under way is shared: a burst of fans writing costs one call.
    this.#reading ??= this.#readNewestChats(options)
      .then((chats) => this.remember(chats))
      .finally(() => {
        this.#reading = null;
      });
    try {
      await this.#reading;
    } catch (error) {
      // A failed read counts as the partner's one call: the vendor is not asked again at once.
      this.#unfound.set(partnerId, true);
      throw error;
    }
    const found = this.#usernames.get(partnerId) ?? null;
    if (found === null) this.#unfound.set(partnerId, true);
    return found;
  }
}
