import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { ThrottledWarnings } from '../observability/throttled-warnings.ts';
import { describeRedisError } from '../redis/describe-redis-error.ts';
import type { RedisConnection } from '../redis/redis-connection.ts';
import type { EventBus, EventBusHealth, EventFilter, SubscribeOptions } from './event-bus.ts';
import type { EventBusObserver, EventDropReason } from './event-bus-observer.ts';
import type { GatewayEvent } from './gateway-event.ts';
import { LocalSubscribers } from './memory-event-bus.ts';

export interface RedisEventBusOptions {
  /**
   * The gateway's Redis connection: events are published on it, and a second connection made
   * from it (same server and settings) listens. Its owner closes it; the bus closes only the
   * listening one.
   */
  connection: RedisConnection;
  /**
   * The Redis channel, put under the connection's key prefix (channels are shared by every
   * database of a server, so the prefix is what keeps two gateways apart).
   * @default 'events'
   */
  channel?: string;
  /**
   * Largest message between replicas, in bytes of JSON: a larger event is delivered here but not
   * sent, and a larger message heard is ignored (and so is one that is not an event).
   * @default 262144
   */
  maxMessageBytes?: number;
  /**
   * Shortest time between two warnings of the same kind (events not sent while Redis is down,
   * messages ignored), in milliseconds.
   * @default 60000
   */
  warnIntervalMs?: number;
  /** Told when replicas stop and start hearing each other, and what was dropped; never message bodies. */
  log?: { info(message: string): void; warn(message: string): void };
  observer?: EventBusObserver;
}

/** What travels between replicas: the event, and which replica published it. */
interface Envelope {
  origin: string;
  event: GatewayEvent;
}

const KINDS: ReadonlySet<string> = new Set<GatewayEvent['kind']>([
  'messageAdded',
  'chatUpdated',
  'connectedAccountUpdated',
]);

/**
 * Events across replicas through Redis pub/sub, on one channel.
 *
 * `publish` delivers to this process's subscribers first, directly, and then sends the event to
 * Redis tagged with this replica's random `origin`; every replica's listening connection hears it,
 * and ignores its own. So local delivery never waits for Redis nor depends on it: while Redis is
 * unreachable an event reaches this replica's subscribers only, and is counted and (a few lines
 * per outage) logged as not sent. Nothing is replayed after an outage: subscribers of other
 * replicas read what they missed with a query.
 *
 * The listening connection resubscribes itself each time it is ready again (ioredis reconnects
 * it with the connection's backoff); until then `health()` says `connected: false`.
 *
 * Written on ioredis directly rather than Yoga's Redis event target: that target delivers every
 * event, local ones included, through Redis (so local delivery would stop with Redis), has no
 * origin to skip echoes by, and parses whatever it hears unbounded; the bounded per-subscriber
 * queues live in LocalSubscribers anyway.
 */
export class RedisEventBus implements EventBus {
  /** This replica's id on the channel: its own messages, heard back, are ignored. */
  readonly origin = randomUUID();
  readonly #local = new LocalSubscribers();
  readonly #connection: RedisConnection;
  readonly #listener: Redis;
  readonly #channel: string;
  readonly #maxMessageBytes: number;
  readonly #observer: EventBusObserver;
  readonly #log: RedisEventBusOptions['log'];
  readonly #warnings: ThrottledWarnings;
  #listening = false;
  /** Whether the listening connection was lost and not yet back (to log the outage once). */
  #lost = false;
  #closed = false;

  constructor(options: RedisEventBusOptions) {
    const {
      connection,
      channel = 'events',
      maxMessageBytes = 262_144,
      warnIntervalMs = 60_000,
      log,
      observer = {},
    } = options;
    this.#connection = connection;
    this.#channel = connection.key(channel);
    this.#maxMessageBytes = maxMessageBytes;
    this.#observer = observer;
    this.#log = log;
    this.#warnings = new ThrottledWarnings(warnIntervalMs, (message) => log?.warn(message));
    // Resubscribing is done here on every `ready`, not by ioredis, so that `health()` knows when
    // the subscription is in place again.
    this.#listener = connection.client.duplicate({
      autoResubscribe: false,
      connectionName: 'chatgraph-events',
    });
    this.#listener.on('ready', () => void this.#listen());
    this.#listener.on('close', () => this.#lose());
    // Without a listener ioredis prints every failed attempt; `close` tells the outage once.
    this.#listener.on('error', () => {});
    this.#listener.on('messageBuffer', (_channel: Buffer, message: Buffer) => this.#hear(message));
  }

  async publish(event: GatewayEvent): Promise<void> {
    if (this.#closed) return;
    this.#local.deliver(event);
    this.#observer.onPublished?.(event);
    const message = JSON.stringify({ origin: this.origin, event } satisfies Envelope);
    const bytes = Buffer.byteLength(message);
    if (bytes > this.#maxMessageBytes) {
      this.#drop(
        'oversize',
        `a ${event.kind} event of ${bytes} bytes was not sent to other replicas (at most ${this.#maxMessageBytes})`,
      );
      return;
    }
    try {
      await this.#connection.client.publish(this.#channel, message);
    } catch (error) {
      this.#drop(
        'redis_unavailable',
        `events reach this replica's subscribers only while Redis is unreachable (${describeRedisError(error)})`,
      );
    }
  }

  subscribe(filter: EventFilter, options: SubscribeOptions): AsyncIterableIterator<GatewayEvent> {
    return this.#local.subscribe(filter, options);
  }

  subscriberCount(): number {
    return this.#local.size;
  }

  health(): EventBusHealth {
    return { transport: 'redis', connected: this.#connection.ready && this.#listening };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listening = false;
    this.#local.endAll();
    const listener = this.#listener;
    if (listener.status === 'end') return;
    // A subscription holds no state worth a goodbye: drop the socket (or the reconnection timer).
    const ended = once(listener, 'end');
    listener.disconnect();
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  }

  async #listen(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#listener.subscribe(this.#channel);
    } catch {
      // Lost again before the subscription took: the next `ready` tries again.
      return;
    }
    if (this.#closed) return;
    this.#listening = true;
    if (this.#lost) this.#log?.info('events cross replicas again: listening on Redis');
    this.#lost = false;
    this.#observer.onListening?.();
  }

  #lose(): void {
    const wasListening = this.#listening;
    this.#listening = false;
    if (this.#closed || !wasListening) return;
    this.#lost = true;
    this.#log?.warn(
      "events from other replicas are not heard while Redis is unreachable: this replica's subscribers hear its own events only; reconnecting",
    );
  }

  #hear(message: Buffer): void {
    if (this.#closed) return;
    if (message.length > this.#maxMessageBytes) {
      this.#drop(
        'oversize',
        `ignored a message of ${message.length} bytes on the events channel (at most ${this.#maxMessageBytes})`,
      );
      return;
    }
    const envelope = readEnvelope(message);
    if (envelope === null) {
      this.#drop('malformed', 'ignored a message on the events channel that is not an event');
      return;
    }
    if (envelope.origin === this.origin) return;
    this.#local.deliver(envelope.event);
    this.#observer.onReceived?.(envelope.event);
  }

  #drop(reason: EventDropReason, message: string): void {
    this.#observer.onDropped?.(reason);
    this.#warnings.warn(reason, message);
  }
}

/**
 * The envelope a replica sent, or null for anything else. Checks what delivery reads (the kind
 * and the account, which filters use); the records themselves are trusted as the replicas wrote
 * them.
 */
function readEnvelope(message: Buffer): Envelope | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.toString('utf8'));
  } catch {
    return null;
  }
  if (!isObject(parsed) || typeof parsed.origin !== 'string') return null;
  const { event } = parsed;
  if (!isObject(event) || typeof event.kind !== 'string' || !KINDS.has(event.kind)) return null;
  const owner = event.kind === 'messageAdded' ? event.message : event;
  if (!isObject(owner) || !isObject(owner.connectedAccount)) return null;
  if (typeof owner.connectedAccount.externalId !== 'string') return null;
  return { origin: parsed.origin, event: event as unknown as GatewayEvent };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
