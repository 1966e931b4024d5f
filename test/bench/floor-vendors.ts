import { Pool } from 'undici';
import {
  type FanslyAccountJson,
  type FanslyAccountMedia,
  type FanslyMessageJson,
  type FloorAccount,
  type FloorChat,
  type FloorMessagePage,
  type FloorProfile,
  fanslyMedia,
  fanslyMessage,
  type OnlyFansChatJson,
  type OnlyFansMessageJson,
  onlyFansCreatedSeconds,
  onlyFansMessage,
} from './floor-records.ts';
import { VENDOR_POOL_CONNECTIONS } from './pool-size.ts';

/**
 * The floor's vendor client: raw undici calls, no validation, no error taxonomy, just enough
 * reading of the vendors' JSON to answer the benchmark's screens. It reads the vendors exactly as
 * the sandbox serves them (src/sandbox/routes-*.ts) and trusts every body it gets.
 */

export class FloorVendors {
  readonly accounts: FloorAccount[];
  readonly #onlyFansApi: Pool;
  readonly #ofAuth: Pool;
  readonly #keys: { onlyfansapi: string; ofauth: string };

  private constructor(
    pools: { onlyFansApi: Pool; ofAuth: Pool },
    keys: { onlyfansapi: string; ofauth: string },
    accounts: FloorAccount[],
  ) {
    this.#onlyFansApi = pools.onlyFansApi;
    this.#ofAuth = pools.ofAuth;
    this.#keys = keys;
    this.accounts = accounts;
  }

  /**
   * Reads the three account lists once (creator ids), as the gateway does at start-up. Pools are
   * sized like the gateway's (32 keep-alive connections per vendor), so both get the same budget.
   */
  static async connect(
    sandboxUrl: string,
    keys: { onlyfansapi: string; ofauth: string },
  ): Promise<FloorVendors> {
    const options = {
      connections: VENDOR_POOL_CONNECTIONS,
      pipelining: 1,
      keepAliveTimeout: 30_000,
    };
    const pools = {
      onlyFansApi: new Pool(sandboxUrl, options),
      ofAuth: new Pool(sandboxUrl, options),
    };
    const vendors = new FloorVendors(pools, keys, []);
    const [onlyFans, fansly, connections] = await Promise.all([
      vendors.#get<{ data: Array<{ id: string; onlyfans_id: number }> }>(
        'onlyfansapi',
        '/api/accounts',
      ),
      vendors.#get<{ data: Array<{ id: string; fansly_id: string }> }>(
        'onlyfansapi',
        '/api/fansly/accounts',
      ),
      vendors.#get<{ list: Array<{ id: string; userData: { id: string } }> }>(
        'ofauth',
        '/v2/account/connections',
      ),
    ]);
    vendors.accounts.push(
      ...onlyFans.data.map((raw) => ({
        kind: 'onlyfans' as const,
        externalId: raw.id,
        creatorId: String(raw.onlyfans_id),
      })),
      ...fansly.data.map((raw) => ({
        kind: 'fansly' as const,
        externalId: raw.id,
        creatorId: raw.fansly_id,
      })),
      ...connections.list.map((raw) => ({
        kind: 'ofauth' as const,
        externalId: raw.id,
        creatorId: String(raw.userData.id),
      })),
    );
    return vendors;
  }

  account(externalId: string | null): FloorAccount {
    const account = this.accounts.find((candidate) => candidate.externalId === externalId);
    if (!account) throw new Error(`unknown account ${externalId}`);
    return account;
  }

  async close(): Promise<void> {
    await Promise.all([this.#onlyFansApi.close(), this.#ofAuth.close()]);
  }

  /** One chat-list call of `limit` chats from `offset`, newest first. */
  async chats(
    account: FloorAccount,
    offset: number,
    limit: number,
  ): Promise<{ chats: FloorChat[]; hasMore: boolean }> {
    if (account.kind === 'fansly') {
      const body = await this.#get<{
        data: {
          data: Array<{ groupId: string; partnerAccountId: string; unreadCount: number }>;
          aggregationData: {
            accounts: FanslyAccountJson[];
            groups: Array<{ id: string; lastMessage?: FanslyMessageJson }>;
          };
          hasMore: boolean;
        };
      }>(
        'onlyfansapi',
        `/api/fansly/${account.externalId}/chats?limit=${limit}&offset=${offset}&order=newest`,
      );
      const { data, aggregationData } = body.data;
      const profiles = new Map(aggregationData.accounts.map((raw) => [raw.id, raw]));
      const groups = new Map(aggregationData.groups.map((raw) => [raw.id, raw]));
      const chats = data.map((raw): FloorChat => {
        const profile = profiles.get(raw.partnerAccountId);
        const last = groups.get(raw.groupId)?.lastMessage;
        return {
          chatId: raw.groupId,
          partnerId: raw.partnerAccountId,
          unreadCount: raw.unreadCount,
          lastActivity: last ? last.createdAt : null,
          partner: profile
            ? {
                platformId: profile.id,
                username: profile.username,
                displayName: profile.displayName ?? null,
                avatarUrl: profile.avatar?.locations[0]?.location ?? null,
              }
            : null,
          lastMessage: last ? fanslyMessage(last, account.creatorId) : null,
        };
      });
      return { chats, hasMore: body.data.hasMore };
    }
    const ofAuth = account.kind === 'ofauth';
    const body = ofAuth
      ? await this.#get<{ list: OnlyFansChatJson[]; hasMore: boolean }>(
          'ofauth',
          `/v2/access/chats?limit=${limit}&offset=${offset}&order=recent`,
          account.externalId,
        )
      : await this.#get<{ data: OnlyFansChatJson[]; _pagination: { next_page: string | null } }>(
          'onlyfansapi',
          `/api/${account.externalId}/chats?limit=${limit}&offset=${offset}&order=recent`,
        );
    const list = 'list' in body ? body.list : body.data;
    const hasMore = 'list' in body ? body.hasMore : body._pagination.next_page !== null;
    const chats = list.map((raw): FloorChat => {
      const partnerId = String(raw.fan?.id ?? raw.withUser?.id);
      return {
        chatId: partnerId,
        partnerId,
        unreadCount: raw.unreadMessagesCount,
        lastActivity: onlyFansCreatedSeconds(raw.lastMessage),
        partner: raw.fan
          ? {
              platformId: partnerId,
              username: raw.fan.username,
              displayName: raw.fan.name,
              avatarUrl: raw.fan.avatar,
            }
          : null,
        lastMessage: raw.lastMessage ? onlyFansMessage(raw.lastMessage, account.creatorId) : null,
      };
    });
    return { chats, hasMore };
  }

  /** One messages call: the newest `limit` messages of a chat (≤100; OFAuth ≤20). */
  async messages(account: FloorAccount, chatId: string, limit: number): Promise<FloorMessagePage> {
    if (account.kind === 'fansly') {
      const body = await this.#get<{
        data: {
          messages: FanslyMessageJson[];
          accountMedia: FanslyAccountMedia[];
          accountMediaBundles: Array<{ id: string; accountMediaIds: string[] }>;
          hasMore: boolean;
        };
      }>(
        'onlyfansapi',
        `/api/fansly/${account.externalId}/chats/${chatId}/messages?limit=${limit}`,
      );
      const { messages, accountMedia, accountMediaBundles, hasMore } = body.data;
      const bundles = new Map(
        accountMediaBundles.map((bundle) => [bundle.id, bundle.accountMediaIds]),
      );
      return {
        messages: messages.map((raw) => ({
          ...fanslyMessage(raw, account.creatorId),
          mediaIds: raw.attachments.flatMap((attachment) =>
            attachment.contentType === 2
              ? (bundles.get(attachment.contentId) ?? [])
              : [attachment.contentId],
          ),
        })),
        hasMore,
        pageMedia: new Map(accountMedia.map((raw) => [raw.id, raw])),
      };
    }
    const body =
      account.kind === 'ofauth'
        ? await this.#get<{ list: OnlyFansMessageJson[]; hasMore: boolean }>(
            'ofauth',
            `/v2/access/chats/${chatId}/messages?limit=${limit}`,
            account.externalId,
          )
        : await this.#get<{
            data: OnlyFansMessageJson[];
            _pagination: { next_page: string | null };
          }>(
            'onlyfansapi',
            `/api/${account.externalId}/chats/${chatId}/messages?limit=${limit}&order=desc`,
          );
    const list = 'list' in body ? body.list : body.data;
    return {
      messages: list.map((raw) => onlyFansMessage(raw, account.creatorId)),
      hasMore: 'list' in body ? body.hasMore : body._pagination.next_page !== null,
    };
  }

  /** OFAuth profiles by id: 10 ids per `users/list` call, the calls in parallel. */
  async users(account: FloorAccount, ids: readonly string[]): Promise<Map<string, FloorProfile>> {
    const chunks: string[][] = [];
    for (let index = 0; index < ids.length; index += 10) chunks.push(ids.slice(index, index + 10));
    const pages = await Promise.all(
      chunks.map((chunk) =>
        this.#get<{
          users: Array<{
            id: number;
            username: string;
            name: string | null;
            avatar: string | null;
          }>;
        }>('ofauth', `/v2/access/users/list?userIds=${chunk.join(',')}`, account.externalId),
      ),
    );
    const profiles = new Map<string, FloorProfile>();
    for (const user of pages.flatMap((page) => page.users)) {
      const platformId = String(user.id);
      profiles.set(platformId, {
        platformId,
        username: user.username,
        displayName: user.name,
        avatarUrl: user.avatar,
      });
    }
    return profiles;
  }

  /**
   * Fills in the media of Fansly messages read in several pages of one account: what the pages
   * carried, plus one `account-media` call for every attachment none of them carried.
   */
  async resolveFanslyMedia(
    account: FloorAccount,
    pages: readonly FloorMessagePage[],
  ): Promise<void> {
    const known = new Map<string, FanslyAccountMedia>();
    for (const page of pages) for (const [id, raw] of page.pageMedia ?? []) known.set(id, raw);
    const missing = new Set<string>();
    for (const page of pages) {
      for (const message of page.messages) {
        for (const id of message.mediaIds ?? []) if (!known.has(id)) missing.add(id);
      }
    }
    if (missing.size > 0) {
      const body = await this.#get<{ response: FanslyAccountMedia[] }>(
        'onlyfansapi',
        `/api/fansly/${account.externalId}/account-media/${[...missing].join(',')}`,
      );
      for (const raw of body.response) known.set(raw.id, raw);
    }
    for (const page of pages) {
      for (const message of page.messages) {
        message.media = (message.mediaIds ?? []).flatMap((id) => {
          const raw = known.get(id);
          return raw ? [fanslyMedia(raw)] : [];
        });
        const prices = message.media.reduce((sum, media) => sum + (media.price ?? 0), 0);
        message.price = prices > 0 ? prices : null;
      }
    }
  }

  /**
   * A creator's text message in an OnlyFans chat through OnlyFansAPI: one POST, keyed so that a
   * repeat sends nothing twice (as the gateway keys its sends). Answers the message as sent.
   */
  async sendOnlyFansMessage(
    account: string,
    chat: string,
    send: { text: string; idempotencyKey: string },
  ): Promise<{ id: string; text: string; createdAt: string }> {
    const response = await this.#onlyFansApi.request({
      method: 'POST',
      path: `/api/${encodeURIComponent(account)}/chats/${encodeURIComponent(chat)}/messages`,
      headers: {
        authorization: `Bearer ${this.#keys.onlyfansapi}`,
        'content-type': 'application/json',
        'idempotency-key': send.idempotencyKey,
      },
      body: JSON.stringify({ text: send.text }),
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`onlyfansapi send: HTTP ${response.statusCode}`);
    }
    const { data } = (await response.body.json()) as {
      data: { id: number; text: string; createdAt: string };
    };
    return { id: String(data.id), text: data.text, createdAt: data.createdAt };
  }

  async #get<T>(vendor: 'onlyfansapi' | 'ofauth', path: string, connection?: string): Promise<T> {
    const headers: Record<string, string> =
      vendor === 'onlyfansapi'
        ? { authorization: `Bearer ${this.#keys.onlyfansapi}` }
        : { apikey: this.#keys.ofauth, ...(connection ? { 'x-connection-id': connection } : {}) };
    const pool = vendor === 'onlyfansapi' ? this.#onlyFansApi : this.#ofAuth;
    const response = await pool.request({ method: 'GET', path, headers });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`${vendor} ${path.split('?')[0]}: HTTP ${response.statusCode}`);
    }
    return (await response.body.json()) as T;
  }
}
