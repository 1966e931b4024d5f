import type { ConnectedAccountKey } from '../domain.ts';
import type { GetJsonRequest, JsonResponse } from '../http/vendor-request.ts';
import type { CallOptions } from './contract.ts';

/** A vendor client as an account adapter calls it: the client adds the credentials. */
export interface VendorJsonClient {
  getJson(request: Omit<GetJsonRequest, 'headers'>): Promise<JsonResponse>;
}

/** One vendor call for a connected account. */
export interface AccountCall {
  /** The route's name, e.g. `onlyfans.chats`: in errors, counters and logs. */
  routeName: string;
  /** Below the origin, every dynamic segment already percent-encoded. */
  path: string;
  query?: GetJsonRequest['query'];
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
  const response = await client.getJson({
    route: call.routeName,
    path: call.path,
    query: call.query,
    externalId: connectedAccount.externalId,
    signal: options.signal,
    observer: options.observer,
    budget: options.budget,
  });
  return {
    body: response.body,
    context: { connectedAccount, routeName: call.routeName, status: response.status },
  };
}
