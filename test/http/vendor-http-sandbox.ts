import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { VendorHttp, type VendorHttpOptions } from '../../src/http/vendor-http.ts';
import type {
  CircuitStateChangeInfo,
  RateLimitWaitInfo,
  RetryInfo,
  UpstreamCallEvent,
} from '../../src/http/vendor-http-events.ts';
import type { GetJsonRequest } from '../../src/http/vendor-request.ts';
import { type Sandbox, type SandboxRoute, startSandbox } from '../../src/sandbox/index.ts';
import { OFAUTH_RATE_LIMIT } from '../../src/vendors/ofauth/ofauth-client.ts';
import { ONLYFANSAPI_RATE_LIMIT } from '../../src/vendors/onlyfansapi/onlyfansapi-client.ts';

/** Everything the layer reported during one test. */
export interface Recorded {
  retries: RetryInfo[];
  circuit: CircuitStateChangeInfo[];
  waits: RateLimitWaitInfo[];
  calls: UpstreamCallEvent[];
}

type ClientOptions = Omit<
  VendorHttpOptions,
  'vendor' | 'baseUrl' | 'events' | 'documentedRateLimit'
>;

/** Each vendor's pool starts from the limits its client documents, as in the gateway. */
const DOCUMENTED_RATE_LIMITS = { ONLYFANSAPI: ONLYFANSAPI_RATE_LIMIT, OFAUTH: OFAUTH_RATE_LIMIT };

export interface VendorHttpSandbox {
  sandbox: Sandbox;
  recorded: Recorded;
  /** A VendorHttp for OnlyFansAPI against the sandbox, without backoff unless told otherwise. */
  onlyFansApi(options?: ClientOptions): VendorHttp;
  ofAuth(options?: ClientOptions): VendorHttp;
  /** `GET /api/accounts` (route `onlyfansapi.accounts`) with the key. */
  accounts(http: VendorHttp, extra?: Partial<GetJsonRequest>): ReturnType<VendorHttp['getJson']>;
  /** `GET /api/{account}/chats` (route `onlyfans.chats`) for an OnlyFans account. */
  onlyFansChats(
    http: VendorHttp,
    account: string,
    extra?: Partial<GetJsonRequest>,
  ): ReturnType<VendorHttp['getJson']>;
  /** `GET /v2/access/chats` (route `ofauth.chats`) for a connection. */
  ofAuthChats(
    http: VendorHttp,
    connection: string,
    extra?: Partial<GetJsonRequest>,
  ): ReturnType<VendorHttp['getJson']>;
  /** Sandbox calls since the test began. */
  calls(route?: SandboxRoute): number;
  /** Resolves once the sandbox has received `count` calls since the test began. */
  untilCalls(count: number): Promise<void>;
  onlyFansAccounts(): string[];
  ofAuthConnections(): string[];
}

/** Retries without backoff, so that no test waits for one; tests of waits set their own. */
const NO_BACKOFF = { retries: 2, baseDelayMs: 0, maxDelayMs: 0 };

/** One sandbox for the file; a fresh client per test, closed after it. */
export function useVendorHttpSandbox(): VendorHttpSandbox {
  const clients: VendorHttp[] = [];
  const recorded: Recorded = { retries: [], circuit: [], waits: [], calls: [] };
  const env = { recorded } as VendorHttpSandbox;

  beforeAll(async () => {
    env.sandbox = await startSandbox();
  });
  afterAll(() => env.sandbox.close());
  beforeEach(() => {
    env.sandbox.clearFaults();
    env.sandbox.setLatency(0);
    env.sandbox.resetStats();
    recorded.retries = [];
    recorded.circuit = [];
    recorded.waits = [];
    recorded.calls = [];
  });
  afterEach(async () => {
    env.sandbox.clearFaults();
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  const make = (vendor: VendorHttpOptions['vendor'], options: ClientOptions = {}): VendorHttp => {
    const client = new VendorHttp({
      vendor,
      documentedRateLimit: DOCUMENTED_RATE_LIMITS[vendor],
      baseUrl: env.sandbox.url,
      retry: NO_BACKOFF,
      ...options,
      events: {
        onRetry: (info) => recorded.retries.push(info),
        onCircuitStateChange: (info) => recorded.circuit.push(info),
        onRateLimitWait: (info) => recorded.waits.push(info),
      },
    });
    clients.push(client);
    return client;
  };
  const observer = (event: UpstreamCallEvent) => recorded.calls.push(event);

  env.onlyFansApi = (options) => make('ONLYFANSAPI', options);
  env.ofAuth = (options) => make('OFAUTH', options);
  env.accounts = (http, extra = {}) =>
    http.getJson({
      route: 'onlyfansapi.accounts',
      path: '/api/accounts',
      headers: { authorization: `Bearer ${env.sandbox.keys.onlyfansapi}` },
      observer,
      ...extra,
    });
  env.onlyFansChats = (http, account, extra = {}) =>
    http.getJson({
      route: 'onlyfans.chats',
      path: `/api/${encodeURIComponent(account)}/chats`,
      headers: { authorization: `Bearer ${env.sandbox.keys.onlyfansapi}` },
      externalId: account,
      observer,
      ...extra,
    });
  env.ofAuthChats = (http, connection, extra = {}) =>
    http.getJson({
      route: 'ofauth.chats',
      path: '/v2/access/chats',
      headers: { apiKey: env.sandbox.keys.ofauth, 'x-connection-id': connection },
      externalId: connection,
      observer,
      ...extra,
    });
  env.calls = (route) => {
    const stats = env.sandbox.stats();
    return route ? stats.routes[route].calls : stats.totalCalls;
  };
  env.untilCalls = async (count) => {
    while (env.calls() < count) await new Promise((resolve) => setImmediate(resolve));
  };
  env.onlyFansAccounts = () =>
    env.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans').map((account) => account.handle);
  env.ofAuthConnections = () =>
    env.sandbox.dataset.accountsOf('ofauth', 'onlyfans').map((account) => account.handle);
  return env;
}

/** The rejection of `promise`, or a failure when it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}
