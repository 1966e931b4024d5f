import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ResponseCacheObserver } from '../cache/response-cache.ts';
import type { ConnectedAccountKey } from '../domain.ts';
import type { EventBusObserver } from '../events/event-bus-observer.ts';
import type {
  CircuitState,
  UpstreamCallEvent,
  VendorHttpEvents,
} from '../http/vendor-http-events.ts';
import type { OperationOutcome } from './request-scope.ts';

export interface MetricsOptions {
  /**
   * Where the metrics are registered (and what `/metrics` answers).
   * @default a new Registry
   */
  registry?: Registry;
  /**
   * Also collect Node's process metrics (CPU, memory, event-loop lag, GC), unprefixed as usual.
   * @default true
   */
  defaultMetrics?: boolean;
  /**
   * Distinct operation names kept as label values: operation names come from clients, so later
   * ones are counted as `(other)` to bound the series.
   * @default 100
   */
  maxOperationNames?: number;
}

const CIRCUIT_STATES: readonly CircuitState[] = ['closed', 'open', 'half-open'];

/**
 * The gateway's Prometheus metrics (prefix `chatgraph_`): GraphQL requests by operation and
 * outcome with their latency; vendor calls by vendor, route and status with their latency and
 * credits; retries, rate-limit waits and circuit-breaker states; DataLoader batch sizes.
 */
export class ChatgraphMetrics {
  readonly registry: Registry;
  readonly graphqlRequests: Counter<'operation' | 'type' | 'outcome'>;
  readonly graphqlDuration: Histogram<'operation' | 'outcome'>;
  readonly vendorCalls: Counter<'vendor' | 'route' | 'status' | 'error_code'>;
  readonly vendorDuration: Histogram<'vendor' | 'route'>;
  readonly vendorCredits: Counter<'vendor' | 'route'>;
  readonly vendorRetries: Counter<'vendor' | 'route' | 'error_code'>;
  readonly rateLimitWaits: Counter<'vendor' | 'reason'>;
  readonly rateBudgetFallbacks: Counter<'vendor'>;
  readonly accountSlotWaits: Counter<'vendor' | 'account'>;
  readonly circuitState: Gauge<'vendor' | 'account' | 'state'>;
  readonly circuitTransitions: Counter<'vendor' | 'to'>;
  readonly loaderBatchSize: Histogram<'loader'>;
  readonly webhookDeliveries: Counter<'vendor' | 'outcome'>;
  readonly eventsPublished: Counter<'kind'>;
  readonly eventsReceived: Counter<'kind'>;
  readonly eventsDropped: Counter<'reason'>;
  readonly eventSubscribers: Gauge;
  readonly cacheReads: Counter<'kind' | 'outcome'>;
  readonly cacheCreditsSaved: Counter<'kind'>;
  readonly cacheEvictions: Counter<'kind' | 'reason'>;
  readonly cacheBytes: Gauge;
  readonly cacheEntries: Gauge;
  readonly cacheSharedErrors: Counter;
  #subscriberCount: () => number = () => 0;
  #cacheSize: () => { bytes: number; entries: number } = () => ({ bytes: 0, entries: 0 });
  readonly #operationNames = new Set<string>();
  readonly #maxOperationNames: number;

  constructor(options: MetricsOptions = {}) {
    const { registry = new Registry(), defaultMetrics = true, maxOperationNames = 100 } = options;
    this.registry = registry;
    this.#maxOperationNames = maxOperationNames;
    const registers = [registry];
    if (defaultMetrics) collectDefaultMetrics({ register: registry });
    this.graphqlRequests = new Counter({
      name: 'chatgraph_graphql_requests_total',
      help: 'GraphQL operations answered, by operation name, type and outcome (success, partial, error, stream; rejected: refused before any operation ran)',
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.graphqlDuration = new Histogram({
      name: 'chatgraph_graphql_request_duration_seconds',
      help: 'Time from a GraphQL request arriving to its response being ready, by operation and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.vendorCalls = new Counter({
      name: 'chatgraph_vendor_calls_total',
      help: 'HTTP attempts to vendors (each retry counts), by vendor, route, HTTP status ("none": no response) and error code ("" on success)',
      labelNames: ['vendor', 'route', 'status', 'error_code'],
      registers,
    });
    this.vendorDuration = new Histogram({
      name: 'chatgraph_vendor_call_duration_seconds',
      help: 'Duration of one HTTP attempt to a vendor, by vendor and route',
      labelNames: ['vendor', 'route'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.vendorCredits = new Counter({
      name: 'chatgraph_vendor_credits_total',
      help: 'Credits vendors reported spending (OnlyFansAPI), by vendor and route',
      labelNames: ['vendor', 'route'],
      registers,
    });
    this.vendorRetries = new Counter({
      name: 'chatgraph_vendor_retries_total',
      help: 'Vendor calls retried, by vendor, route and the error that caused the retry',
      labelNames: ['vendor', 'route', 'error_code'],
      registers,
    });
    this.rateLimitWaits = new Counter({
      name: 'chatgraph_vendor_rate_limit_waits_total',
      help: 'Vendor calls that waited for the client-side rate limit, by vendor and reason (tokens, paused)',
      labelNames: ['vendor', 'reason'],
      registers,
    });
    this.rateBudgetFallbacks = new Counter({
      name: 'chatgraph_rate_budget_fallbacks_total',
      help: "Vendor calls that drew on this replica's own 1/N share of the rate budget because the budget replicas share (Redis) was unreachable, by vendor",
      labelNames: ['vendor'],
      registers,
    });
    this.accountSlotWaits = new Counter({
      name: 'chatgraph_vendor_account_slot_waits_total',
      help: 'Vendor calls that waited because their connected account had maxInFlightPerAccount calls in flight, by vendor and account',
      labelNames: ['vendor', 'account'],
      registers,
    });
    this.circuitState = new Gauge({
      name: 'chatgraph_vendor_circuit_state',
      help: 'Circuit breaker of each connected account: 1 for its current state (closed, open, half-open), 0 for the others',
      labelNames: ['vendor', 'account', 'state'],
      registers,
    });
    this.circuitTransitions = new Counter({
      name: 'chatgraph_vendor_circuit_transitions_total',
      help: 'Circuit breaker moves, by vendor and the state moved to',
      labelNames: ['vendor', 'to'],
      registers,
    });
    this.loaderBatchSize = new Histogram({
      name: 'chatgraph_loader_batch_size',
      help: 'Keys per DataLoader batch, by loader (accounts, media, chatPages, messagePages, messages)',
      labelNames: ['loader'],
      buckets: [1, 2, 5, 10, 20, 50, 100],
      registers,
    });
    this.webhookDeliveries = new Counter({
      name: 'chatgraph_webhook_deliveries_total',
      help: 'Vendor webhook deliveries, by vendor and outcome (accepted, duplicate, unknown_event, bad_signature, stale, malformed, too_large, not_configured, busy)',
      labelNames: ['vendor', 'outcome'],
      registers,
    });
    this.eventsPublished = new Counter({
      name: 'chatgraph_events_published_total',
      help: 'Live events this process published (told by webhooks and writes, each message once), by kind',
      labelNames: ['kind'],
      registers,
    });
    this.eventsReceived = new Counter({
      name: 'chatgraph_events_received_total',
      help: 'Live events other replicas published, heard through Redis, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.eventsDropped = new Counter({
      name: 'chatgraph_events_dropped_total',
      help: 'Live events that did not travel between replicas, by reason (redis_unavailable: only this replica heard it; oversize; malformed: a message on the channel that is not an event)',
      labelNames: ['reason'],
      registers,
    });
    const subscriberCount = () => this.#subscriberCount();
    this.eventSubscribers = new Gauge({
      name: 'chatgraph_event_subscribers',
      help: "Subscribers listening to live events in this process: subscriptions, and the gateway's own listeners",
      registers,
      collect() {
        this.set(subscriberCount());
      },
    });
    this.cacheReads = new Counter({
      name: 'chatgraph_cache_reads_total',
      help: 'Vendor reads of kept kinds, by kind and outcome (hit: this replica kept it; shared: another replica did, through Redis; coalesced: joined the same read in flight; miss: a vendor call; fresh: a vendor call the request asked for)',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.cacheCreditsSaved = new Counter({
      name: 'chatgraph_cache_credits_saved_total',
      help: 'Vendor credits the reads answered without a call would have cost, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.cacheEvictions = new Counter({
      name: 'chatgraph_cache_evictions_total',
      help: 'Answers this replica stopped keeping, by kind and reason (size: the byte bound; expired; invalidated: an event made them stale)',
      labelNames: ['kind', 'reason'],
      registers,
    });
    const cacheSize = () => this.#cacheSize();
    this.cacheBytes = new Gauge({
      name: 'chatgraph_cache_bytes',
      help: 'Bytes of vendor answers (their JSON text) this replica keeps in memory',
      registers,
      collect() {
        this.set(cacheSize().bytes);
      },
    });
    this.cacheEntries = new Gauge({
      name: 'chatgraph_cache_entries',
      help: 'Vendor answers this replica keeps in memory',
      registers,
      collect() {
        this.set(cacheSize().entries);
      },
    });
    this.cacheSharedErrors = new Counter({
      name: 'chatgraph_cache_shared_errors_total',
      help: 'Commands of the shared cache (Redis) that failed: the reads went on without it',
      registers,
    });
  }

  /** The hooks that count the cache's reads and evictions (pass to `createResponseCache`). */
  responseCacheObserver(): Required<ResponseCacheObserver> {
    return {
      onRead: (event) => {
        this.cacheReads.inc({ kind: event.kind, outcome: event.outcome });
        if (event.creditsSaved > 0)
          this.cacheCreditsSaved.inc({ kind: event.kind }, event.creditsSaved);
      },
      onEvict: (kind, reason) => this.cacheEvictions.inc({ kind, reason }),
      onSharedError: () => this.cacheSharedErrors.inc(),
    };
  }

  /** Reads the cache's size gauges from `size` at each scrape. */
  trackCache(size: () => { bytes: number; entries: number }): void {
    this.#cacheSize = size;
  }

  /** The hooks that count a bus's events (pass to `createLiveEvents(redis, { observer })`). */
  eventBusObserver(): Required<Omit<EventBusObserver, 'onListening'>> {
    return {
      onPublished: (event) => this.eventsPublished.inc({ kind: event.kind }),
      onReceived: (event) => this.eventsReceived.inc({ kind: event.kind }),
      onDropped: (reason) => this.eventsDropped.inc({ reason }),
    };
  }

  /** Reads the subscriber gauge from `count` at each scrape (the bus's `subscriberCount`). */
  trackSubscribers(count: () => number): void {
    this.#subscriberCount = count;
  }

  /** Starts every configured account's circuit as closed, so the series exist before a move. */
  trackAccounts(accounts: ReadonlyArray<{ connectedAccount: ConnectedAccountKey }>): void {
    for (const { connectedAccount } of accounts) {
      this.#setCircuit(connectedAccount.vendor, connectedAccount.externalId, 'closed');
    }
  }

  /** Counts one finished GraphQL operation (or a refused request: `rejected`). */
  observeOperation(
    operation: { name: string | null; type: string | null },
    outcome: OperationOutcome | 'rejected',
    seconds: number,
  ): void {
    const name = this.#operationLabel(operation.name, outcome);
    this.graphqlRequests.inc({ operation: name, type: operation.type ?? '', outcome });
    this.graphqlDuration.observe({ operation: name, outcome }, seconds);
  }

  /** Counts one vendor attempt: status, latency, credits. */
  observeVendorCall(event: UpstreamCallEvent): void {
    const { vendor, route } = event;
    this.vendorCalls.inc({
      vendor,
      route,
      status: event.status === null ? 'none' : String(event.status),
      error_code: event.errorCode ?? '',
    });
    this.vendorDuration.observe({ vendor, route }, event.durationMs / 1000);
    if (event.credits > 0) this.vendorCredits.inc({ vendor, route }, event.credits);
  }

  /** The VendorHttp hooks that feed these metrics (pass to `connectAccounts(config, { events })`). */
  vendorHttpEvents(): Required<VendorHttpEvents> {
    return {
      onCall: (event) => this.observeVendorCall(event),
      onRetry: (info) =>
        this.vendorRetries.inc({
          vendor: info.vendor,
          route: info.route,
          error_code: info.errorCode,
        }),
      onRateLimitWait: (info) =>
        this.rateLimitWaits.inc({ vendor: info.vendor, reason: info.reason }),
      onRateBudgetFallback: (info) => this.rateBudgetFallbacks.inc({ vendor: info.vendor }),
      onAccountSlotWait: (info) =>
        this.accountSlotWaits.inc({ vendor: info.vendor, account: info.externalId ?? '' }),
      onCircuitStateChange: (info) => {
        this.circuitTransitions.inc({ vendor: info.vendor, to: info.to });
        this.#setCircuit(info.vendor, info.externalId, info.to);
      },
    };
  }

  #setCircuit(vendor: string, account: string | null, current: CircuitState): void {
    for (const state of CIRCUIT_STATES) {
      this.circuitState.set(
        { vendor, account: account ?? '(credential)', state },
        state === current ? 1 : 0,
      );
    }
  }

  #operationLabel(name: string | null, outcome: OperationOutcome | 'rejected'): string {
    if (name === null) return outcome === 'rejected' ? '(none)' : '(anonymous)';
    if (this.#operationNames.has(name)) return name;
    if (this.#operationNames.size >= this.#maxOperationNames) return '(other)';
    this.#operationNames.add(name);
    return name;
  }
}

export function createMetrics(options: MetricsOptions = {}): ChatgraphMetrics {
  return new ChatgraphMetrics(options);
}
