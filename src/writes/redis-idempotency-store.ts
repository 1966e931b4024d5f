import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { describeRedisError } from '../redis/describe-redis-error.ts';
import type { RedisConnection } from '../redis/redis-connection.ts';
import {
  type IdempotencyStore,
  IdempotencyStoreUnavailableError,
  type SendRecord,
} from './idempotency-store.ts';

/**
 * The idempotency store in Redis, shared by every replica. One key per idempotency key, its value
 * the record as JSON, expiring `ttlMs` after the reservation (Redis 6.0 or later: settling keeps
 * the expiry with KEEPTTL).
 *
 * A reservation writes PENDING with a token only this reservation knows. Settling changes the
 * record only while it is still that PENDING: a reservation that expired mid-send and was taken
 * by another call is left to that call. Each step is one Lua script, so replicas racing on a key
 * see one winner. Any Redis failure is an IdempotencyStoreUnavailableError at once (the
 * connection queues nothing while disconnected), and the caller does not send.
 *
 * A reservation that timed out may still have reached Redis: the key then stays PENDING until it
 * expires, and the caller must use a new key. That errs towards never sending twice.
 */

export interface RedisIdempotencyStoreOptions {
  connection: RedisConnection;
  /** How long a key is remembered after it is reserved, in ms. @default 86_400_000 (24 h) */
  ttlMs?: number;
  /** Reservations of this process awaiting their settle, at most. @default 100_000 */
  maxPending?: number;
}

/** PENDING as stored: with the token of the reservation that wrote it. */
type StoredRecord = SendRecord & { token?: string };

/** KEYS[1]: the key; ARGV: the PENDING value, the TTL in ms. Answers the existing value or nil. */
const RESERVE = `
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
`;

/**
 * KEYS[1]: the key; ARGV: the reservation's PENDING value ('' when unknown), the settled value
 * ('' to release), the TTL in ms. Changes the key only while it holds that reservation, or when
 * it has expired meanwhile (then a settled value is written afresh: a send that happened must
 * still be recognised). Answers 1 when written, 0 when the key belonged to another call.
 */
const SETTLE = `
local current = redis.call('GET', KEYS[1])
if current then
  if current ~= ARGV[1] then return 0 end
  if ARGV[2] == '' then
    redis.call('DEL', KEYS[1])
  else
    redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  end
  return 1
end
if ARGV[2] ~= '' then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1
`;

export class RedisIdempotencyStore implements IdempotencyStore {
  readonly #connection: RedisConnection;
  readonly #ttlMs: number;
  /** key → the PENDING value this process wrote, until settled. */
  readonly #reservations: LRUCache<string, string>;

  constructor(options: RedisIdempotencyStoreOptions) {
    const { connection, ttlMs = 86_400_000, maxPending = 100_000 } = options;
    this.#connection = connection;
    this.#ttlMs = ttlMs;
    // A reservation never settled (a bug) must not hold memory for ever; one evicted only means
    // its settle cannot prove ownership, and is then written only if the key is free.
    this.#reservations = new LRUCache({ max: maxPending, ttl: ttlMs });
  }

  async reserve(key: string, fingerprint: string): Promise<SendRecord | null> {
    const stored: StoredRecord = { state: 'PENDING', fingerprint, token: randomUUID() };
    const pending = JSON.stringify(stored);
    const existing = await this.#call(() =>
      this.#connection.client.eval(RESERVE, 1, this.#key(key), pending, this.#ttlMs),
    );
    if (existing === null) {
      this.#reservations.set(key, pending);
      return null;
    }
    return parseRecord(existing);
  }

  async settle(
    key: string,
    record: Exclude<SendRecord, { state: 'PENDING' }> | null,
  ): Promise<void> {
    const pending = this.#reservations.get(key) ?? '';
    const settled = record === null ? '' : JSON.stringify(record);
    await this.#call(() =>
      this.#connection.client.eval(SETTLE, 1, this.#key(key), pending, settled, this.#ttlMs),
    );
    this.#reservations.delete(key);
  }

  async get(key: string): Promise<SendRecord | null> {
    const value = await this.#call(() => this.#connection.client.get(this.#key(key)));
    return value === null ? null : parseRecord(value);
  }

  /** The connection is the caller's: it may serve others. */
  async close(): Promise<void> {
    this.#reservations.clear();
  }

  #key(key: string): string {
    return this.#connection.key(`idempotency:${key}`);
  }

  /** Runs one command; any failure (unreachable, timed out, refused) is the store unavailable. */
  async #call<Result>(command: () => Promise<Result>): Promise<Result> {
    try {
      return await command();
    } catch (error) {
      throw new IdempotencyStoreUnavailableError(
        `idempotency store unavailable: Redis ${describeRedisError(error)}`,
        { cause: error },
      );
    }
  }
}

/** A stored value as a SendRecord: the reservation token is this store's own. */
function parseRecord(value: unknown): SendRecord {
  let stored: StoredRecord;
  try {
    stored = JSON.parse(String(value)) as StoredRecord;
  } catch (error) {
    throw new IdempotencyStoreUnavailableError('idempotency store holds a value it cannot read', {
      cause: error,
    });
  }
  if (stored.state === 'PENDING') return { state: 'PENDING', fingerprint: stored.fingerprint };
  return stored;
}
