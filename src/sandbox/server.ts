import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleControlRoute } from './control-routes.ts';
import type { SandboxControls } from './controls.ts';
import type { SandboxDataset } from './dataset.ts';
import type { SandboxAccount } from './dataset-types.ts';
import { type RouteDefinition, RouteError } from './route-kit.ts';
import { fanslyRoutes } from './routes-fansly.ts';
import { ofauthRoutes } from './routes-ofauth.ts';
import { onlyfansRoutes } from './routes-onlyfans.ts';
import type { SandboxFault } from './types.ts';
import { authenticate, connectionHeader, renderRouteError, vendorErrorBody } from './vendors.ts';

/**
 * The request pipeline: control routes, then route match → latency → authentication → account
 * → counters → scripted fault → handler. Faults come after the counters so a failed call is
 * still counted, and after authentication so a fault never hides a bad key.
 */

const ROUTES: readonly RouteDefinition[] = [...fanslyRoutes, ...onlyfansRoutes, ...ofauthRoutes];
const ONLYFANSAPI_RATE_LIMIT = 5000;
const OFAUTH_RATE_LIMIT = 1000;

export interface SandboxServerState {
  dataset: SandboxDataset;
  controls: SandboxControls;
  keys: { onlyfansapi: string; ofauth: string };
  /** Responses held open by `hang` faults, ended when the sandbox closes. */
  hung: Set<ServerResponse>;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers, body: JSON.stringify(body) };
}

function write(response: ServerResponse, answer: Answer): void {
  if (response.destroyed || response.writableEnded) return;
  response.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(answer.body),
    ...answer.headers,
  });
  response.end(answer.body);
}

export function createRequestListener(state: SandboxServerState) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    handleRequest(state, request, response).catch((error: unknown) => {
      if (response.headersSent) response.destroy();
      else write(response, json(500, { error: 'Sandbox failure', detail: String(error) }));
    });
  };
}

async function handleRequest(
  state: SandboxServerState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
  if (url.pathname.startsWith('/_sandbox/')) {
    write(response, await handleControlRoute(state, request, url));
    return;
  }
  const match = request.method === 'GET' ? findRoute(url.pathname) : null;
  if (match === null) {
    const vendor = url.pathname.startsWith('/v2/') ? 'ofauth' : 'onlyfansapi';
    const requestId = state.controls.nextRequestId();
    write(response, json(404, vendorErrorBody(vendor, 404, requestId)));
    return;
  }
  if (state.controls.latencyMs > 0) {
    // Said in a header too, so a test can see the delay was applied without timing it.
    response.setHeader('x-sandbox-latency-ms', String(state.controls.latencyMs));
    await sleep(state.controls.latencyMs);
  }
  const answer = await answerRoute(state, match, url, request, response);
  if (answer !== null) write(response, answer);
}

function findRoute(
  path: string,
): { route: RouteDefinition; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    const found = route.pattern.exec(path);
    if (found === null) continue;
    try {
      const params = Object.fromEntries(
        Object.entries(found.groups ?? {}).map(([name, value]) => [
          name,
          decodeURIComponent(value),
        ]),
      );
      return { route, params };
    } catch {
      return null;
    }
  }
  return null;
}

function resolveAccount(
  state: SandboxServerState,
  route: RouteDefinition,
  params: Record<string, string>,
  request: IncomingMessage,
): SandboxAccount | null {
  const source = route.account;
  if (source.from === 'none') return null;
  if (source.from === 'path') {
    const account = state.dataset.account(params.account ?? '');
    if (account?.vendor !== route.vendor || account.platform !== source.platform) {
      throw new RouteError('notFound', 'Account not found.');
    }
    return account;
  }
  const handle = connectionHeader(request.headers);
  if (handle === null) throw new RouteError('forbidden', 'Missing x-connection-id header');
  const account = state.dataset.account(handle);
  if (account?.vendor !== 'ofauth') {
    throw new RouteError('forbidden', 'Connection not found or not accessible');
  }
  return account;
}

/** Returns the answer to write, or `null` after a fault has taken over the response. */
async function answerRoute(
  state: SandboxServerState,
  match: { route: RouteDefinition; params: Record<string, string> },
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<Answer | null> {
  const { route, params } = match;
  const { controls } = state;
  const requestId = controls.nextRequestId();
  let account: SandboxAccount | null = null;
  let failure = authenticate(route.vendor, request.headers, state.keys);
  if (failure === null) {
    try {
      account = resolveAccount(state, route, params, request);
    } catch (error) {
      failure = error as RouteError;
    }
  }
  controls.recordCall(route.name, account?.handle ?? null);
  const rateHeaders = rateLimitHeaders(state, route, account);
  if (failure !== null) {
    const { status, body } = renderRouteError(route.vendor, failure, requestId);
    return json(status, body, rateHeaders);
  }

  const fault = controls.takeFault(route.name, account?.handle ?? null);
  if (fault?.kind === 'status') return faultStatus(route, fault, requestId, rateHeaders);
  if (fault?.kind === 'hang') return hang(state, response);
  if (fault?.kind === 'malformed') {
    return { status: 200, headers: rateHeaders, body: '{"data": [{"id": 1, <html>Bad Gateway' };
  }

  let answer: Answer;
  try {
    const body = route.handle({
      dataset: state.dataset,
      account,
      params,
      query: url.searchParams,
      expiredSessions: state.controls.expiredSessions,
    });
    answer =
      fault?.kind === 'truncate'
        ? json(200, body, rateHeaders)
        : route.vendor === 'onlyfansapi'
          ? chargeOnlyFansApi(state, route, body, rateHeaders)
          : json(200, body, rateHeaders);
  } catch (error) {
    if (!(error instanceof RouteError)) throw error;
    const { status, body } = renderRouteError(route.vendor, error, requestId);
    answer = json(status, body, rateHeaders);
  }
  if (fault?.kind === 'truncate') return truncate(response, answer);
  return answer;
}

function rateLimitHeaders(
  state: SandboxServerState,
  route: RouteDefinition,
  account: SandboxAccount | null,
): Record<string, string> {
  if (route.vendor === 'onlyfansapi') {
    const { remaining } = state.controls.countRate('onlyfansapi', ONLYFANSAPI_RATE_LIMIT);
    return { 'x-rate-limit-remaining-minute': String(remaining) };
  }
  const bucket = `ofauth:${account?.handle ?? 'account'}`;
  const { remaining, resetAt } = state.controls.countRate(bucket, OFAUTH_RATE_LIMIT);
  return {
    'x-ratelimit-limit': String(OFAUTH_RATE_LIMIT),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(resetAt),
  };
}

/** One credit per successful call, reported in `_meta` and in headers. */
function chargeOnlyFansApi(
  state: SandboxServerState,
  route: RouteDefinition,
  body: unknown,
  headers: Record<string, string>,
): Answer {
  const balance = state.controls.charge(route.name);
  const remaining = Number(headers['x-rate-limit-remaining-minute']);
  const meta = {
    _credits: { used: 1, balance, note: 'Always' },
    _cache: { is_cached: false, note: 'Cache disabled for this endpoint' },
    _rate_limits: {
      limit_minute: ONLYFANSAPI_RATE_LIMIT,
      limit_day: null,
      remaining_minute: remaining,
      remaining_day: null,
      notice:
        'We have decided to remove our daily rate limits. Please remove any references to these in your integrations.',
    },
  };
  return json(
    200,
    { ...(body as Record<string, unknown>), _meta: meta },
    { ...headers, 'x-ofapi-credits-used': '1', 'x-ofapi-credits-balance': String(balance) },
  );
}

function faultStatus(
  route: RouteDefinition,
  fault: SandboxFault,
  requestId: string,
  headers: Record<string, string>,
): Answer {
  const status = fault.status ?? 500;
  const body = fault.body ?? vendorErrorBody(route.vendor, status, requestId);
  return json(status, body, {
    ...headers,
    ...(fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) }),
  });
}

/** Never answers; the response stays open until the client gives up or the sandbox closes. */
function hang(state: SandboxServerState, response: ServerResponse): Promise<null> {
  state.hung.add(response);
  return new Promise<null>((resolve) => {
    response.on('close', () => {
      state.hung.delete(response);
      resolve(null);
    });
  });
}

/** Announces the whole body's length, sends half of it, then drops the connection. */
function truncate(response: ServerResponse, answer: Answer): null {
  const bytes = Buffer.from(answer.body);
  response.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': bytes.length,
    ...answer.headers,
  });
  response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => {
    response.socket?.destroy();
  });
  return null;
}
