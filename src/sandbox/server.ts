import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseJsonBody } from './body-fields.ts';
import { handleControlRoute } from './control-routes.ts';
import type { SandboxControls } from './controls.ts';
import type { SandboxDataset } from './dataset.ts';
import type { SandboxAccount, SandboxVendor } from './dataset-types.ts';
import type { SandboxWrites } from './dataset-writes.ts';
import { type IdempotencyMemory, idempotencyKeyOf } from './idempotency-memory.ts';
import type { Random } from './random.ts';
import { isWrite, type RouteDefinition, RouteError } from './route-kit.ts';
import { fanslyRoutes } from './routes-fansly.ts';
import { fanslyWriteRoutes } from './routes-fansly-writes.ts';
import { ofauthRoutes } from './routes-ofauth.ts';
import { ofauthWriteRoutes } from './routes-ofauth-writes.ts';
import { onlyfansRoutes } from './routes-onlyfans.ts';
import { onlyfansWriteRoutes } from './routes-onlyfans-writes.ts';
import type { SandboxFault } from './types.ts';
import { authenticate, connectionHeader, renderRouteError, vendorErrorBody } from './vendors.ts';
import type { WebhookDeliveries } from './webhook-deliveries.ts';
import { messageWebhook } from './webhook-events.ts';

/**
 * The request pipeline: control routes, then route match (method and path) → request body →
 * latency → authentication → account → counters → scripted fault → handler. Faults come after
 * the counters so a failed call is still counted, and after authentication so a fault never hides
 * a bad key. A write's body is read whole first, within a bound, but parsed only at the handler,
 * so a malformed one fails like any other invalid parameter.
 */

const ROUTES: readonly RouteDefinition[] = [
  ...fanslyWriteRoutes,
  ...fanslyRoutes,
  ...onlyfansWriteRoutes,
  ...onlyfansRoutes,
  ...ofauthWriteRoutes,
  ...ofauthRoutes,
];
const ONLYFANSAPI_RATE_LIMIT = 5000;
const OFAUTH_RATE_LIMIT = 1000;
/** The largest write body the sandbox reads; a chat message is a few hundred bytes. */
const BODY_LIMIT_BYTES = 64 * 1024;
/** What a `truncate` fault cuts on a write: it answers before applying, so there is no result. */
const WRITE_TRUNCATE_BODY = { data: { success: true, note: 'cut before the write' } };

export interface SandboxServerState {
  dataset: SandboxDataset;
  /** Applies the write routes to `dataset`. */
  writes: SandboxWrites;
  /** Answers remembered by `Idempotency-Key`. */
  idempotency: IdempotencyMemory;
  controls: SandboxControls;
  keys: { onlyfansapi: string; ofauth: string };
  /** Responses held open by `hang` faults, ended when the sandbox closes. */
  hung: Set<ServerResponse>;
  /** The vendors' webhook senders. */
  deliveries: WebhookDeliveries;
  /** Picks what the simulate route's caller leaves out. */
  random: Random;
}

interface RouteMatch {
  route: RouteDefinition;
  params: Record<string, string>;
}

/** A handler's result: its body, or the vendor's error answer (nothing was applied). */
type HandlerOutcome = { ok: true; body: unknown } | { ok: false; status: number; body: unknown };

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
  const vendor: SandboxVendor = url.pathname.startsWith('/v2/') ? 'ofauth' : 'onlyfansapi';
  const found = findRoute(request.method ?? 'GET', url.pathname);
  if (!('route' in found)) {
    // A known path asked with another method is the framework's 405; anything else a 404.
    const status = found.allowed.length > 0 ? 405 : 404;
    const requestId = state.controls.nextRequestId();
    const headers: Record<string, string> =
      status === 405 ? { allow: found.allowed.join(', ') } : {};
    write(response, json(status, vendorErrorBody(vendor, status, requestId), headers));
    return;
  }
  let rawBody = '';
  if (isWrite(found.route)) {
    const read = await readBody(request);
    if (read === null) {
      const requestId = state.controls.nextRequestId();
      write(response, json(413, vendorErrorBody(vendor, 413, requestId)));
      return;
    }
    rawBody = read;
  }
  if (state.controls.latencyMs > 0) {
    // Said in a header too, so a test can see the delay was applied without timing it.
    response.setHeader('x-sandbox-latency-ms', String(state.controls.latencyMs));
    await sleep(state.controls.latencyMs);
  }
  const answer = await answerRoute(state, found, url, request, response, rawBody);
  if (answer !== null) write(response, answer);
}

/** The route for this method and path, or the methods the path takes (none: unknown path). */
function findRoute(method: string, path: string): RouteMatch | { allowed: string[] } {
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const found = route.pattern.exec(path);
    if (found === null) continue;
    const routeMethod = route.method ?? 'GET';
    if (routeMethod !== method) {
      allowed.push(routeMethod);
      continue;
    }
    try {
      const params = Object.fromEntries(
        Object.entries(found.groups ?? {}).map(([name, value]) => [
          name,
          decodeURIComponent(value),
        ]),
      );
      return { route, params };
    } catch {
      return { allowed: [] };
    }
  }
  return { allowed };
}

/**
 * The whole body as text, or null once it exceeds the bound. The rest of a body too large is
 * still read and dropped, so the client can finish sending and read the 413.
 */
function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(request.headers['content-length']) > BODY_LIMIT_BYTES;
    if (tooLarge) resolve(null);
    request.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size <= BODY_LIMIT_BYTES) {
        chunks.push(chunk);
        return;
      }
      tooLarge = true;
      chunks.length = 0;
      resolve(null);
    });
    request.on('end', () => {
      if (!tooLarge) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
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
  match: RouteMatch,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
  rawBody: string,
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

  // Faults that answer in place of the handler: a write under them is not applied.
  const write = isWrite(route);
  const fault = controls.takeFault(route.name, account?.handle ?? null, write);
  switch (fault?.kind) {
    case 'status':
      return faultStatus(route, fault, requestId, rateHeaders, 500);
    case 'notSent':
      return faultStatus(route, fault, requestId, rateHeaders, 503, {
        request_outcome: 'not_sent',
      });
    case 'hang':
      return hang(state, response);
    case 'malformed':
      return { status: 200, headers: rateHeaders, body: '{"data": [{"id": 1, <html>Bad Gateway' };
    case 'truncate':
      if (write) return truncate(response, json(200, WRITE_TRUNCATE_BODY, rateHeaders));
      break;
  }

  const outcome = runHandler(state, match, url, request, account, rawBody, requestId);
  if (!outcome.ok) return json(outcome.status, outcome.body, rateHeaders);
  // Faults that strike once the write is applied: the caller cannot tell that it was.
  if (fault?.kind === 'statusAfterWrite') {
    return faultStatus(route, fault, requestId, rateHeaders, 500);
  }
  if (fault?.kind === 'hangAfterWrite') return hang(state, response);
  if (fault?.kind === 'truncate') return truncate(response, json(200, outcome.body, rateHeaders));
  return route.vendor === 'onlyfansapi'
    ? chargeOnlyFansApi(state, route, outcome.body, rateHeaders)
    : json(200, outcome.body, rateHeaders);
}

/**
 * Runs the route's handler on the parsed body, through the idempotency memory when the route
 * honours a key and the request has one.
 */
function runHandler(
  state: SandboxServerState,
  match: RouteMatch,
  url: URL,
  request: IncomingMessage,
  account: SandboxAccount | null,
  rawBody: string,
  requestId: string,
): HandlerOutcome {
  const { route, params } = match;
  try {
    const apply = () =>
      route.handle({
        dataset: state.dataset,
        account,
        params,
        query: url.searchParams,
        expiredSessions: state.controls.expiredSessions,
        body: isWrite(route) ? parseJsonBody(rawBody) : undefined,
        writes: state.writes,
        announceMessage: (account, chat, message) => {
          const event = messageWebhook(account, chat, message);
          return event === null ? null : state.deliveries.deliver(event);
        },
      });
    const key = route.idempotencyKey === true ? idempotencyKeyOf(request.headers) : null;
    const body =
      key === null
        ? apply()
        : state.idempotency.run(
            { apiKey: state.keys[route.vendor], account: account?.handle ?? '', key },
            `${request.method} ${url.pathname}${url.search}\n${rawBody}`,
            apply,
          );
    return { ok: true, body };
  } catch (error) {
    if (!(error instanceof RouteError)) throw error;
    return { ok: false, ...renderRouteError(route.vendor, error, requestId) };
  }
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

/** The fault's status (or `fallback`) with its body, or the vendor's error body plus `extra`. */
function faultStatus(
  route: RouteDefinition,
  fault: SandboxFault,
  requestId: string,
  headers: Record<string, string>,
  fallback: number,
  extra: Record<string, unknown> = {},
): Answer {
  const status = fault.status ?? fallback;
  const body = fault.body ?? {
    ...(vendorErrorBody(route.vendor, status, requestId) as Record<string, unknown>),
    ...extra,
  };
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
