import type { CacheHint } from '../cache/cache-kind.ts';
import type { CacheReadOptions } from '../cache/response-cache.ts';
import type { UpstreamCallBudget } from './call-budget.ts';
import type { UpstreamError } from './errors.ts';
import type { UpstreamCallObserver } from './vendor-http-events.ts';

/** A response's headers as undici gives them: lower-case names, repeated ones as arrays. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** One GET through {@link import('./vendor-http.ts').VendorHttp}. */
export interface GetJsonRequest {
  /** The route's name for errors, counters and logs, e.g. `onlyfans.chats`. */
  route: string;
  /** Path below the origin, with every dynamic segment already percent-encoded. */
  path: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers: Record<string, string>;
  externalId?: string | null;
  /** The caller's deadline: aborting it fails the call with `UPSTREAM_TIMEOUT`. */
  signal?: AbortSignal;
  /**
   * When the caller's time is up (epoch milliseconds), if the signal does not say (see
   * `deadlineSignal`): waits that would outlast it fail at once.
   */
  deadline?: number | null;
  /** Told of every HTTP attempt (each retry included), for cost accounting. */
  observer?: UpstreamCallObserver;
  /** The request's allowance of vendor calls: each attempt takes one; none left, none is sent. */
  budget?: UpstreamCallBudget;
  /**
   * What kind of answer this is, for the pool's cache (`VendorHttpOptions.cache`); absent: the
   * answer is never kept. Only the vendor's client says it, route by route.
   */
  cache?: CacheHint;
  /** The request's options of the cache (fresh data, and who is told of each read). */
  cacheRead?: CacheReadOptions;
}

/**
 * One write (POST or DELETE with a JSON body) through
 * {@link import('./vendor-http.ts').VendorHttp}: sent once, tried again only when `mayRetry`
 * says the failed attempt cannot have been applied twice.
 */
export interface SendJsonRequest extends GetJsonRequest {
  method: 'POST' | 'DELETE';
  /** Serialized as JSON; absent: no body. */
  body?: unknown;
  /**
   * Whether another attempt is safe after this failure: the vendor proved the first was not
   * applied (see `provenNotSent`), or the vendor's idempotency key, sent in `headers`, protects
   * it. Absent: never, whatever the retry options say.
   */
  mayRetry?(error: UpstreamError): boolean;
}

export interface JsonResponse {
  status: number;
  /** Empty on an answer the cache gave. */
  headers: ResponseHeaders;
  body: unknown;
  /** The body's JSON text as the vendor sent it; absent on an answer the cache gave. */
  text?: string;
}

/** The request target below the origin; refuses a path that could leave it. */
export function pathWithQuery(path: string, query: GetJsonRequest['query']): string {
  if (!path.startsWith('/') || path.startsWith('//')) {
    throw new TypeError(`vendor path must be origin-relative: ${path}`);
  }
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) search.set(name, String(value));
  }
  const encoded = search.toString();
  return encoded === '' ? path : `${path}?${encoded}`;
}

/** The first value of a header that may repeat. */
export function firstHeader(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}
