import type { Caller } from './auth/tokens.ts';
import type { Cursors } from './cursors.ts';
import type { LiveEvents } from './events/live-events.ts';
import { UpstreamCallBudget } from './http/call-budget.ts';
import type { UpstreamError } from './http/errors.ts';
import type { UpstreamCallEvent } from './http/vendor-http-events.ts';
import { DEFAULT_QUERY_LIMITS } from './limits/query-limits.ts';
import { type AccountLoader, createAccountLoader } from './loaders/accounts.ts';
import { createMediaLoader, DeferredMediaCache, type MediaLoader } from './loaders/media.ts';
import { createMessageLoader, type MessageLoader } from './loaders/messages.ts';
import { type ChatPageLoader, createPageLoaders, type MessagePageLoader } from './loaders/pages.ts';
import type { ConnectedAccounts } from './vendors/connected-accounts.ts';
import type { CallOptions } from './vendors/contract.ts';
import type { IdempotencyStore } from './writes/idempotency-store.ts';

/** What one GraphQL request cost upstream, reported as `extensions.cost`. */
export interface RequestCost {
  upstreamCalls: number;
  credits: number;
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
}

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
  } = options;
  const cost: RequestCost = { upstreamCalls: 0, credits: 0 };
  const calls: UpstreamCallEvent[] = [];
  const warnings: Error[] = [];
  const partialErrors: GatewayContext['partialErrors'] = [];
  const call: CallOptions = {
    signal,
    budget: new UpstreamCallBudget(maxUpstreamCalls),
    observer: (event) => {
      cost.upstreamCalls += 1;
      cost.credits += event.credits;
      calls.push(event);
    },
  };
  const deferredMedia = new DeferredMediaCache();
  const accounts = createAccountLoader(connectedAccounts, call);
  const media = createMediaLoader(connectedAccounts, deferredMedia, call, (error) =>
    warnings.push(error),
  );
  const pages = createPageLoaders(connectedAccounts, call, accounts, deferredMedia);
  return {
    caller,
    connectedAccounts: connectedAccounts,
    cost,
    calls,
    warnings,
    partialErrors,
    call,
    loaders: {
      accounts,
      media,
      chatPages: pages.chats,
      messagePages: pages.messages,
      messages: createMessageLoader(connectedAccounts, pages.messages),
    },
    deferredMedia,
    cursors,
    idempotencyStore,
    events,
  };
}
