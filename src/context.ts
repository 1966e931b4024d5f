import type { Caller } from './auth/tokens.ts';
import type { Gateway } from './gateway.ts';
import type { UpstreamError } from './http/errors.ts';
import type { UpstreamCallEvent } from './http/vendor-http.ts';
import { type AccountLoader, createAccountLoader } from './loaders/accounts.ts';
import { createMediaLoader, FanslyMediaCache, type MediaLoader } from './loaders/media.ts';
import { type ChatPageLoader, createPageLoaders, type MessagePageLoader } from './loaders/pages.ts';
import type { CallOptions } from './providers/provider.ts';

/** What one GraphQL request cost upstream, reported as `extensions.cost`. */
export interface RequestCost {
  upstreamCalls: number;
  credits: number;
}

export interface GatewayContext {
  /** Who the request acts for (its token), and so which accounts `gateway` shows. */
  caller: Caller;
  gateway: Gateway;
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
  };
  fanslyMedia: FanslyMediaCache;
}

/** A fresh context per request: new loaders, so nothing cached is shared between callers. */
export function createGatewayContext(
  caller: Caller,
  gateway: Gateway,
  signal?: AbortSignal,
): GatewayContext {
  const cost: RequestCost = { upstreamCalls: 0, credits: 0 };
  const calls: UpstreamCallEvent[] = [];
  const warnings: Error[] = [];
  const partialErrors: GatewayContext['partialErrors'] = [];
  const call: CallOptions = {
    signal,
    observer: (event) => {
      cost.upstreamCalls += 1;
      cost.credits += event.credits;
      calls.push(event);
    },
  };
  const fanslyMedia = new FanslyMediaCache();
  const accounts = createAccountLoader(gateway, call);
  const media = createMediaLoader(gateway, fanslyMedia, call, (error) => warnings.push(error));
  const pages = createPageLoaders(gateway, call, accounts, fanslyMedia);
  return {
    caller,
    gateway,
    cost,
    calls,
    warnings,
    partialErrors,
    call,
    loaders: { accounts, media, chatPages: pages.chats, messagePages: pages.messages },
    fanslyMedia,
  };
}
