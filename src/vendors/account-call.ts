import type { CacheHint } from '../cache/cache-kind.ts';
import type { ConnectedAccountKey } from '../domain.ts';
import type { GetJsonRequest, JsonResponse, SendJsonRequest } from '../http/vendor-request.ts';
import type { CallOptions } from './contract.ts';

/** A vendor client as an account adapter calls it: the client adds the credentials. */
export interface VendorJsonClient {
  getJson(request: Omit<GetJsonRequest, 'headers'>): Promise<JsonResponse>;
  /** A write; `headers` are added to the credentials (an idempotency key, say). */
  sendJson(
    request: Omit<SendJsonRequest, 'headers'> & { headers?: Record<string, string> },
  ): Promise<JsonResponse>;
}

/** One vendor call for a connected account. */
export interface AccountCall {
  /** The route's name, e.g. `onlyfans.chats`: in errors, counters and logs. */
  routeName: string;
  /** Below the origin, every dynamic segment already percent-encoded. */
  path: string;
  query?: GetJsonRequest['query'];
  /**
   * What kind of answer a read gets, so that it may be kept across requests (see
   * src/cache/cache-kind.ts); absent: never kept. Writes are never kept.
   */
  cache?: CacheHint;
}

/** One write for a connected account. */
export interface AccountWrite extends AccountCall {
  method: SendJsonRequest['method'];
  body?: unknown;
  /** Added to the credentials, e.g. the vendor's idempotency key. */
  headers?: Record<string, string>;
  /** See {@link SendJsonRequest.mayRetry}; absent: the write runs exactly once. */
  mayRetry?: SendJsonRequest['mayRetry'];
}

/**
 * Where vendor JSON came from: the converters of every vendor name it in the errors they throw.
 */
export interface AccountCallContext {
  /** The connected account the JSON was read through. */
  connectedAccount: ConnectedAccountKey;
  /** The vendor route's name, e.g. `onlyfans.messages` or `fansly.chats`. */
  routeName: string;
  /** HTTP status of the response the JSON came in, when known. */
  status?: number | null;
}

/** One GET for a connected account: the body, and the context its conversions and errors name. */
export async function getAccountJson(
  client: VendorJsonClient,
  connectedAccount: ConnectedAccountKey,
  call: AccountCall,
  options: CallOptions,
): Promise<{ body: unknown; context: AccountCallContext }> {
  const response = await client.getJson(requestOf(connectedAccount, call, options));
  return answerOf(connectedAccount, call, response);
}

/**
 * One write for a connected account: the body, and the context its conversions and errors name.
 * Throws only `UpstreamError`; see `provenNotSent` for what a failure says of the outcome.
 */
export async function sendAccountJson(
  client: VendorJsonClient,
  connectedAccount: ConnectedAccountKey,
  write: AccountWrite,
  options: CallOptions,
): Promise<{ body: unknown; context: AccountCallContext }> {
  const response = await client.sendJson({
    ...requestOf(connectedAccount, write, options),
    method: write.method,
    body: write.body,
    headers: write.headers,
    mayRetry: write.mayRetry,
  });
  return answerOf(connectedAccount, write, response);
}

/** What every call of an account carries: its route, its account, and the caller's options. */
function requestOf(connectedAccount: ConnectedAccountKey, call: AccountCall, options: CallOptions) {
  return {
    route: call.routeName,
    path: call.path,
    query: call.query,
    externalId: connectedAccount.externalId,
    signal: options.signal,
    observer: options.observer,
    budget: options.budget,
    cache: call.cache,
    cacheRead: options.cacheRead,
  };
}

function answerOf(
  connectedAccount: ConnectedAccountKey,
  call: AccountCall,
  response: JsonResponse,
): { body: unknown; context: AccountCallContext } {
  return {
    body: response.body,
    context: { connectedAccount, routeName: call.routeName, status: response.status },
  };
}
