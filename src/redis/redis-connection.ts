import { once } from 'node:events';
import { Redis } from 'ioredis';
import { describeRedisError } from './describe-redis-error.ts';

/**
 * The gateway's connection to Redis, shared by whatever keeps state across replicas. Settings
 * fit a request path: a command fails at once while Redis is unreachable (no offline queue, no
 * resending after a reconnect), or after `commandTimeoutMs` when Redis stops answering, so a
 * caller can refuse quickly instead of hanging; meanwhile the client reconnects by itself with a
 * capped backoff. Logs name the server without its password.
 */

export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  url: string;
  /** Put before every key written through this connection (see RedisConnection.key). */
  keyPrefix: string;
  /** How long one connection attempt may take. @default 2000 */
  connectTimeoutMs?: number;
  /** How long one command may wait for its answer. @default 2000 */
  commandTimeoutMs?: number;
  /** Longest wait between reconnection attempts (the first waits 50 ms, then doubles). @default 2000 */
  maxReconnectDelayMs?: number;
  /** Told when the connection is lost and when it is back; never given the password. */
  log?: { info(message: string): void; warn(message: string): void };
}

/** The URL as logs may show it: the password, if any, masked. */
export function redactedRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid Redis URL)';
  }
}

/** Capped exponential backoff: 50 ms, 100 ms, 200 ms, … up to `maxDelayMs`, for ever. */
export function reconnectDelay(attempt: number, maxDelayMs: number): number {
  return Math.min(50 * 2 ** Math.min(attempt - 1, 16), maxDelayMs);
}

export class RedisConnection {
  /** The ioredis client: commands on it reject at once while it is not ready. */
  readonly client: Redis;
  readonly keyPrefix: string;
  /** The server, password masked: for logs and readiness answers. */
  readonly server: string;
  #down = false;
  #closed = false;

  constructor(options: RedisConnectionOptions) {
    const {
      url,
      keyPrefix,
      connectTimeoutMs = 2000,
      commandTimeoutMs = 2000,
      maxReconnectDelayMs = 2000,
      log,
    } = options;
    this.keyPrefix = keyPrefix;
    this.server = redactedRedisUrl(url);
    this.client = new Redis(url, {
      connectTimeout: connectTimeoutMs,
      commandTimeout: commandTimeoutMs,
      // While disconnected a command fails at once instead of waiting in a queue: the caller
      // decides (an idempotency reservation must fail rather than run minutes later).
      enableOfflineQueue: false,
      // A command in flight when the connection drops fails at the first reconnection attempt,
      // and is never sent again after it: its caller has been told it failed.
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (attempt) => reconnectDelay(attempt, maxReconnectDelayMs),
      connectionName: 'chatgraph',
    });
    // Without a listener ioredis prints every failed attempt; one line per outage is enough.
    this.client.on('error', (error: Error) => {
      if (this.#down) return;
      this.#down = true;
      log?.warn(`Redis at ${this.server} unreachable (${describeRedisError(error)}): reconnecting`);
    });
    this.client.on('ready', () => {
      if (this.#down) log?.info(`Redis at ${this.server} reachable again`);
      this.#down = false;
    });
  }

  /** Whether commands can be sent now (for `/ready`). */
  get ready(): boolean {
    return !this.#closed && this.client.status === 'ready';
  }

  /** ioredis' own status (`connecting`, `ready`, `reconnecting`, …), or `end` once closed. */
  get status(): string {
    return this.#closed ? 'end' : this.client.status;
  }

  /** `name` under this connection's key prefix. */
  key(name: string): string {
    return `${this.keyPrefix}${name}`;
  }

  /** Resolves once the connection is ready; rejects after `timeoutMs` (the client keeps trying). */
  async untilReady(timeoutMs: number): Promise<void> {
    if (this.ready) return;
    const { client } = this;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off('ready', onReady);
        reject(new Error(`Redis at ${this.server} not ready within ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once('ready', onReady);
    });
  }

  /**
   * Closes for good: waits (up to a second) for the replies of commands in flight, and stops
   * reconnecting.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const { client } = this;
    if (client.status === 'end') return;
    // Between two reconnection attempts there is no socket: dropping the timer ends it all, and
    // ioredis announces nothing more.
    if (client.status === 'reconnecting' || client.status === 'wait') {
      client.disconnect();
      return;
    }
    const ended = once(client, 'end');
    const waited = new Promise((resolve) => setTimeout(resolve, 1000).unref());
    if (client.status === 'ready') {
      client.quit().catch(() => client.disconnect());
    } else {
      client.disconnect();
    }
    await Promise.race([ended, waited]);
  }
}

/** The configured Redis connection, or null when the config names no Redis. */
export function connectRedis(
  config: { url?: string | undefined; keyPrefix: string },
  log?: RedisConnectionOptions['log'],
): RedisConnection | null {
  if (config.url === undefined) return null;
  return new RedisConnection({ url: config.url, keyPrefix: config.keyPrefix, log });
}
