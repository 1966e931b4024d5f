import type { Caller } from './auth/tokens.ts';
import type { Cursors } from './cursors.ts';
import type { LiveEvents } from './events/live-events.ts';
import { UpstreamCallBudget } from './http/call-budget.ts';
import type { UpstreamError } from './http/errors.ts';
import type { UpstreamCallEvent } from './http/vendor-http-events.ts';
import { DEFAULT_QUERY_LIMITS } from './limits/query-limits.ts';
import type { SubscriptionSlots } from './limits/subscription-slots.ts';
import { type AccountLoader, createAccountLoader } from './loaders/accounts.ts';
import { createMediaLoader, DeferredMediaCache, type MediaLoader } from './loaders/media.ts';
import { createMessageLoader, type MessageLoader } from './loaders/messages.ts';
import { type ChatPageLoader, createPageLoaders, type MessagePageLoader } from './loaders/pages.ts';
import type { ConnectedAccounts } from './vendors/connected-accounts.ts';
import type { CallOptions } from './vendors/contract.ts';
import type { IdempotencyStore } from './writes/idempotency-store.ts';

/** Events a subscriber may leave unread, when `limits.maxQueuedEvents` is not set. */
export const DEFAULT_MAX_QUEUED_EVENTS = 100;

/** What one GraphQL request cost upstream, reported as `extensions.cost`. */
export interface RequestCost {
  /** Vendor calls made (every attempt). */
  upstreamCalls: number;
  /** Credits the vendors charged for them. */
  credits: number;
  /** Vendor reads answered without a call of this request: kept, shared or joined answers. */
  cacheHits: number;
  /** Credits those reads would have cost. */
  creditsSaved: number;
}

export interface GatewayContext {
  /** Who the request acts for (its token), and so which accounts `gateway` shows. */
  caller: Caller;
  connectedAccounts: ConnectedAccounts;
  cost: RequestCost;
  /** Every vendor call this request made, in order (for logs and tests). */
  calls: UpstreamCallEvent[];
  /** Failures that did not fail a field (e.g. a media lookup), reported beside the data. */
  warnings: Error[];
  /**
   * Vendor failures of part of a field that still answers (one account of the inbox): reported
   * in `errors` with the field's path, while the field keeps the data of the rest.
   */
  partialErrors: Array<{ error: UpstreamError; path: ReadonlyArray<string | number> }>;
  call: CallOptions;
  loaders: {
    accounts: AccountLoader;
    media: MediaLoader;
    chatPages: ChatPageLoader;
    messagePages: MessagePageLoader;
    /** Messages by id, batched per chat into page reads. */
    messages: MessageLoader;
  };
  /** Deferred media and media groups the request's messages pages carried. */
  deferredMedia: DeferredMediaCache;
  /** Signs and checks this deployment's paging cursors. */
  cursors: Cursors;
  /** The record of `sendMessage` idempotency keys, shared by every request (and replica). */
  idempotencyStore: IdempotencyStore;
  /** Where writes announce what they did, and subscriptions listen. */
  events: LiveEvents;
  /** What a subscription of this request is bound by, and what ends it. */
  live: LiveSettings;
  /**
   * Gives the context new per-request parts: loaders, deferred media, cost, call budget, and a
   * deadline of its own. A subscription lives for hours while these are made for one execution:
   * it renews them before each event (see resolvers/subscription.ts). The cost and its records
   * are made at once; the deadline, call budget and loaders when the event's execution first uses
   * one of them, so an event that needs no vendor call makes none. Called as a method of the
   * context the resolvers receive.
   */
  renewForEvent(this: GatewayContext): void;
}

/** What bounds a subscription, and what ends it. */
export interface LiveSettings {
  /**
   * Events a subscriber may leave unread (`limits.maxQueuedEvents`); past it the subscription
   * ends with SUBSCRIBER_TOO_SLOW.
   */
  maxQueued: number;
  /** The subscriptions this replica serves at once (`limits.maxSubscriptions`). */
  slots: SubscriptionSlots | null;
  /**
   * Made as a subscription starts: aborts when the client goes away or the server shuts down,
   * and so ends it. Never the request's deadline, which bounds one execution, not a stream.
   */
  lifetime?: () => AbortSignal;
}

export interface GatewayContextOptions {
  /** The request's deadline: vendor calls still running when it aborts fail with UPSTREAM_TIMEOUT. */
  signal?: AbortSignal;
  /** Signs and checks this deployment's paging cursors. */
  cursors: Cursors;
  /** The record of `sendMessage` idempotency keys. */
  idempotencyStore: IdempotencyStore;
  /** Where writes announce what they did, and subscriptions listen. */
  events: LiveEvents;
  /**
   * Vendor calls the request may make (`limits.maxUpstreamCalls`); past it, a call fails with
   * `TOO_MANY_UPSTREAM_CALLS` without reaching the vendor, and the rest of the data answers.
   * @default DEFAULT_QUERY_LIMITS.maxUpstreamCalls
   */
  maxUpstreamCalls?: number;
  /**
   * A new deadline for one event of a subscription, made when the event's execution first needs
   * the vendors (its first call, or a loader).
   * @default () => signal
   */
  eventSignal?: () => AbortSignal | undefined;
  /**
   * What a subscription is bound by, and what ends it.
   * @default { maxQueued: 100, slots: null }
   */
  live?: LiveSettings;
  /**
   * Whether the request asked for fresh data (`Cache-Control: no-cache`): its reads skip the
   * answers kept across requests.
   * @default false
   */
  freshData?: boolean;
}

/** What one execution reports: made anew per request, and per event. */
type ExecutionRecord = Pick<GatewayContext, 'cost' | 'calls' | 'warnings' | 'partialErrors'>;

/**
 * What one execution needs to reach the vendors, and must not share: its deadline, call budget,
 * loaders and deferred media. Made anew per request, and per event only when the event's
 * execution first reaches for one of them.
 */
type VendorParts = Pick<GatewayContext, 'call' | 'loaders' | 'deferredMedia'>;

const VENDOR_PART_NAMES = ['call', 'loaders', 'deferredMedia'] as const;

function executionRecord(): ExecutionRecord {
  return {
    cost: { upstreamCalls: 0, credits: 0, cacheHits: 0, creditsSaved: 0 },
    calls: [],
    warnings: [],
    partialErrors: [],
  };
}

function vendorParts(
  connectedAccounts: ConnectedAccounts,
  record: ExecutionRecord,
  signal: AbortSignal | undefined,
  maxUpstreamCalls: number,
  fresh: boolean,
): VendorParts {
  const { cost, calls, warnings } = record;
  const call: CallOptions = {
    signal,
    budget: new UpstreamCallBudget(maxUpstreamCalls),
    observer: (event) => {
      cost.upstreamCalls += 1;
      cost.credits += event.credits;
      calls.push(event);
    },
    cacheRead: {
      fresh,
      onRead: (event) => {
        if (event.outcome === 'miss' || event.outcome === 'fresh') return;
        cost.cacheHits += 1;
        cost.creditsSaved += event.creditsSaved;
      },
    },
  };
  const deferredMedia = new DeferredMediaCache();
  const accounts = createAccountLoader(connectedAccounts, call);
  const media = createMediaLoader(connectedAccounts, deferredMedia, call, (error) =>
    warnings.push(error),
  );
  const pages = createPageLoaders(connectedAccounts, call, accounts, deferredMedia);
  return {
    call,
    loaders: {
      accounts,
      media,
      chatPages: pages.chats,
      messagePages: pages.messages,
      messages: createMessageLoader(connectedAccounts, pages.messages),
    },
    deferredMedia,
  };
}

/**
 * The vendor parts of the event a context resolves, made when a resolver first reaches for one:
 * most events resolve from the event itself, and then no deadline (a timer and its signals), call
 * budget or loader is made for them.
 */
class LazyVendorParts {
  #record: ExecutionRecord;
  #parts: VendorParts | null = null;
  readonly #make: (record: ExecutionRecord) => VendorParts;

  constructor(record: ExecutionRecord, make: (record: ExecutionRecord) => VendorParts) {
    this.#record = record;
    this.#make = make;
  }

  /** The next event: parts made from now on report to its record. */
  renew(record: ExecutionRecord): void {
    this.#record = record;
    this.#parts = null;
  }

  get parts(): VendorParts {
    this.#parts ??= this.#make(this.#record);
    return this.#parts;
  }
}

// By the context object resolvers receive (yoga's copy): where its accessors find their parts.
const eventParts = new WeakMap<object, LazyVendorParts>();

/** A fresh context per request: new loaders, so nothing cached is shared between callers. */
export function createGatewayContext(
  caller: Caller,
  connectedAccounts: ConnectedAccounts,
  options: GatewayContextOptions,
): GatewayContext {
  const {
    signal,
    cursors,
    idempotencyStore,
    events,
    maxUpstreamCalls = DEFAULT_QUERY_LIMITS.maxUpstreamCalls,
    eventSignal = () => signal,
    live = { maxQueued: DEFAULT_MAX_QUEUED_EVENTS, slots: null },
    freshData = false,
  } = options;
  const record = executionRecord();
  const context: GatewayContext = {
    caller,
    connectedAccounts,
    ...record,
    ...vendorParts(connectedAccounts, record, signal, maxUpstreamCalls, freshData),
    cursors,
    idempotencyStore,
    events,
    live,
    // On `this`: yoga copies these fields onto its own context object, which resolvers receive.
    renewForEvent(this: GatewayContext) {
      const eventRecord = executionRecord();
      Object.assign(this, eventRecord);
      const current = eventParts.get(this);
      if (current) {
        current.renew(eventRecord);
        return;
      }
      const lazy = new LazyVendorParts(eventRecord, (forRecord) =>
        vendorParts(connectedAccounts, forRecord, eventSignal(), maxUpstreamCalls, freshData),
      );
      eventParts.set(this, lazy);
      for (const name of VENDOR_PART_NAMES) {
        Object.defineProperty(this, name, {
          configurable: true,
          enumerable: true,
          get: () => lazy.parts[name],
        });
      }
    },
  };
  return context;
}
