import { Pool, errors as undiciErrors } from 'undici';
import type { Vendor } from '../domain.ts';
import { AccountSlots } from './account-slots.ts';
import type { UpstreamCallBudget } from './call-budget.ts';
import {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitTicket,
  resolveCircuitBreakerOptions,
  verdictOf,
} from './circuit-breaker.ts';
import { ConnectionSlots } from './connection-slots.ts';
import { deadlineOf, WaitBudget } from './deadline.ts';
import {
  errorForStatus,
  UpstreamError,
  UpstreamInvalidResponseError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from './errors.ts';
import {
  mergeRateLimitFigures,
  type RateLimitFigures,
  rateLimitFiguresFromBody,
  rateLimitFiguresFromHeaders,
} from './rate-limit-figures.ts';
import {
  RateLimiter,
  type RateLimitOptions,
  type RateLimitState,
  resolveRateLimitOptions,
} from './rate-limiter.ts';
import {
  type ResolvedRetryOptions,
  type RetryOptions,
  resolveRetryOptions,
  runWithRetries,
} from './retry-policy.ts';
import {
  type CircuitState,
  emit,
  type VendorCallSite,
  type VendorHttpEvents,
} from './vendor-http-events.ts';

export interface VendorHttpOptions {
  vendor: Vendor;
  /** The vendor's origin, e.g. `https://app.onlyfansapi.com`; every call goes to it and nowhere else. */
  baseUrl: string;
  /**
   * Longest one attempt may take, headers and body, in milliseconds. The caller's `signal`
   * bounds the whole call, retries and waits included.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * Longest to open a connection, in milliseconds (undici `connect.timeout`); never more than
   * `timeoutMs`.
   * @default 5000
   */
  connectTimeoutMs?: number;
  /**
   * Longest from sending a request to receiving the response's headers, in milliseconds (undici
   * `headersTimeout`).
   * @default timeoutMs
   */
  headersTimeoutMs?: number;
  /**
   * Longest silence between two chunks of a response body, in milliseconds (undici `bodyTimeout`,
   * an idle timeout: `timeoutMs` bounds the total).
   * @default timeoutMs
   */
  bodyTimeoutMs?: number;
  /**
   * Keep-alive connections to the origin, one request each: the cap on calls in flight to the
   * vendor. Further calls wait in the pool's queue (bounded by `timeoutMs` and the caller's signal).
   * @default 32
   */
  connections?: number;
  /**
   * Calls one connected account may have in flight at once (or waiting for a pooled connection),
   * so that an account whose calls hang holds at most this many of the `connections` and the
   * other accounts keep the rest. Further calls of the account wait their turn, before their
   * timeout starts and within the caller's signal. Calls made for no account are not bounded.
   * @default 8
   */
  maxInFlightPerAccount?: number;
  /**
   * Retrying of idempotent calls (GET) on 429, 502, 503, 504, connection failures and timeouts,
   * with exponential backoff and full jitter, honouring `Retry-After`. Never a POST.
   * @default { retries: 2, baseDelayMs: 100, maxDelayMs: 2000, retryOnStatus: [429, 502, 503, 504] }
   */
  retry?: RetryOptions;
  /**
   * Longest any single wait may last (a retry's backoff or `Retry-After`, a place in the rate-limit
   * queue), in milliseconds. The caller's deadline, when known (`deadline`, or a signal made by
   * `deadlineSignal`), can only shorten it: a wait that would not fit fails at once.
   * @default 5000
   */
  maxWaitMs?: number;
  /**
   * Client-side rate limiting (a token bucket per credential or connected account, corrected by the
   * vendor's rate-limit headers and `_meta`); `false` turns it off.
   * @default DEFAULT_RATE_LIMITS[vendor]: OnlyFansAPI 1000/min per key, OFAuth 60/min with bursts
   * of 90 per connection
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * A circuit breaker per connected account; `false` turns it off.
   * @default { failureThreshold: 5, cooldownMs: 10000 }
   */
  circuitBreaker?: CircuitBreakerOptions | false;
  /**
   * Hooks for metrics: retries, circuit moves, rate-limit waits. Payloads never hold headers or
   * keys.
   * @default {}
   */
  events?: VendorHttpEvents;
}

/** What one vendor call cost and how it ended, for metering (`extensions.cost`, metrics, logs). */
export interface UpstreamCallEvent {
  vendor: Vendor;
  route: string;
  externalId: string | null;
  /** Which attempt of the call this was, 1-based: every retry is a call of its own. */
  attempt: number;
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  /** Credits the vendor reported spending on this call (OnlyFansAPI `_meta._credits.used`). */
  credits: number;
  errorCode: string | null;
  /**
   * How long the attempt took, in milliseconds: from sending the request to the body read or the
   * failure (waits for the rate limit or between retries not included).
   */
  durationMs: number;
}

export type UpstreamCallObserver = (event: UpstreamCallEvent) => void;

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
}

export interface JsonResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** Reads the credits a response reports spending; 0 where the vendor does not count credits. */
function creditsOf(body: unknown): number {
  if (body === null || typeof body !== 'object') return 0;
  const meta = (body as { _meta?: { _credits?: { used?: unknown } } })._meta;
  const used = meta?._credits?.used;
  return typeof used === 'number' && Number.isFinite(used) ? used : 0;
}

function firstHeader(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

type ErrorSite = VendorCallSite & { status?: number | null };

/**
 * One keep-alive pool per vendor origin, and the resilience around each call: circuit breaker,
 * client-side rate limit, retries of GETs within the caller's deadline. Turns every way a call can
 * fail into an {@link UpstreamError} that names vendor, route and status and never carries the
 * headers.
 *
 * A call: the breaker may answer at once (open circuit); the rate limiter may queue it; then each
 * attempt is one HTTP request, reported to the observer; a retryable failure waits (backoff or
 * `Retry-After`) and tries again, while the budget and the retries last.
 */
export class VendorHttp {
  readonly vendor: Vendor;
  readonly origin: string;
  readonly #pool: Pool;
  readonly #timeoutMs: number;
  readonly #slots: ConnectionSlots;
  readonly #accountSlots: AccountSlots;
  readonly #connectTimeoutMs: number;
  readonly #headersTimeoutMs: number;
  readonly #bodyTimeoutMs: number;
  readonly #maxWaitMs: number;
  readonly #retry: ResolvedRetryOptions;
  readonly #limiter: RateLimiter | null;
  readonly #breaker: CircuitBreaker | null;
  readonly #events: VendorHttpEvents;

  constructor(options: VendorHttpOptions) {
    const {
      vendor,
      baseUrl,
      timeoutMs = 10_000,
      connectTimeoutMs = 5_000,
      headersTimeoutMs = timeoutMs,
      bodyTimeoutMs = timeoutMs,
      connections = 32,
      maxInFlightPerAccount = 8,
      maxWaitMs = 5_000,
      events = {},
    } = options;
    const url = new URL(baseUrl);
    this.vendor = vendor;
    this.origin = url.origin;
    this.#timeoutMs = timeoutMs;
    this.#connectTimeoutMs = Math.min(timeoutMs, connectTimeoutMs);
    this.#headersTimeoutMs = headersTimeoutMs;
    this.#bodyTimeoutMs = bodyTimeoutMs;
    this.#maxWaitMs = maxWaitMs;
    this.#events = events;
    this.#retry = resolveRetryOptions(options.retry);
    this.#limiter =
      options.rateLimit === false
        ? null
        : new RateLimiter(resolveRateLimitOptions(vendor, options.rateLimit), (info) =>
            emit(events.onRateLimitWait, info),
          );
    this.#breaker =
      options.circuitBreaker === false
        ? null
        : new CircuitBreaker(vendor, resolveCircuitBreakerOptions(options.circuitBreaker), (info) =>
            emit(events.onCircuitStateChange, info),
          );
    this.#slots = new ConnectionSlots(connections);
    this.#accountSlots = new AccountSlots(maxInFlightPerAccount);
    this.#pool = new Pool(this.origin, {
      connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: { timeout: this.#connectTimeoutMs },
    });
  }

  /**
   * One GET, retried per the retry options. Throws only {@link UpstreamError}. With no fault, it
   * is exactly one HTTP request.
   */
  async getJson(request: GetJsonRequest): Promise<JsonResponse> {
    const site: VendorCallSite = {
      vendor: this.vendor,
      route: request.route,
      externalId: request.externalId ?? null,
    };
    const budget = new WaitBudget(request.deadline ?? deadlineOf(request.signal), this.#maxWaitMs);
    return runWithRetries(
      {
        method: 'GET',
        options: this.#retry,
        budget,
        signal: request.signal,
        onRetry: ({ attempt, delayMs, retryAfterMs, error }) =>
          emit(this.#events.onRetry, {
            ...site,
            attempt,
            delayMs,
            retryAfterMs,
            errorCode: error.code,
            status: error.status,
          }),
        abortedWhileWaiting: (lastError) =>
          new UpstreamTimeoutError(
            `${site.vendor} ${site.route}: the request's deadline passed while waiting to retry`,
            { ...site, status: lastError.status, cause: lastError },
          ),
      },
      (attempt) => this.#guardedAttempt(request, site, budget, attempt),
    );
  }

  /** The rate-limit bucket a connected account's calls draw on, for metrics and tests. */
  rateLimitState(externalId: string | null = null): RateLimitState | null {
    return this.#limiter?.state(externalId) ?? null;
  }

  /** Calls of a connected account holding or awaiting its turn, for metrics and tests. */
  accountSlotState(externalId: string): { inFlight: number; waiting: number } {
    return this.#accountSlots.state(externalId);
  }

  /** The circuit of a connected account (null: calls made for no account). */
  circuitState(externalId: string | null = null): CircuitState {
    return this.#breaker?.state(externalId) ?? 'closed';
  }

  async close(): Promise<void> {
    this.#limiter?.close();
    await this.#pool.close();
  }

  /** Breaker, then rate limit, then one HTTP attempt whose outcome the breaker records. */
  async #guardedAttempt(
    request: GetJsonRequest,
    site: VendorCallSite,
    budget: WaitBudget,
    attempt: number,
  ): Promise<JsonResponse> {
    if (request.signal?.aborted) {
      throw new UpstreamTimeoutError(
        `${site.vendor} ${site.route}: the request's deadline passed before the call`,
        site,
      );
    }
    this.#breaker?.check(site);
    await this.#limiter?.acquire(site, budget, request.signal);
    let ticket: CircuitTicket | undefined;
    try {
      if (request.signal?.aborted) {
        throw new UpstreamTimeoutError(
          `${site.vendor} ${site.route}: the request's deadline passed before the call`,
          site,
        );
      }
      ticket = this.#breaker?.admit(site);
    } catch (error) {
      this.#limiter?.release(site.externalId, false);
      throw error;
    }
    let holdingSlots = false;
    try {
      await this.#acquireSlots(request.signal, site);
      holdingSlots = true;
      request.budget?.take(site);
    } catch (error) {
      // Never sent: nothing for the breaker to judge, and the rate limit was not spent.
      if (holdingSlots) this.#releaseSlots(site);
      if (ticket) this.#breaker?.record(ticket, 'abandoned');
      this.#limiter?.release(site.externalId, false);
      throw error;
    }
    try {
      const response = await this.#send(request, site, attempt);
      if (ticket) this.#breaker?.record(ticket, 'success');
      return response;
    } catch (error) {
      if (ticket) {
        const verdict = verdictOf(error as UpstreamError, request.signal?.aborted ?? false);
        this.#breaker?.record(ticket, verdict);
      }
      throw error;
    } finally {
      this.#releaseSlots(site);
      this.#limiter?.release(site.externalId, true);
    }
  }

  #releaseSlots(site: VendorCallSite): void {
    this.#slots.release();
    if (site.externalId !== null) this.#accountSlots.release(site.externalId);
  }

  /**
   * The account's slot, then a pooled connection: an account at its bound waits behind its own
   * calls and never takes a connection another account could use. Both waits end with the
   * caller's signal; a slot taken before the other wait fails is handed back.
   */
  async #acquireSlots(signal: AbortSignal | undefined, site: VendorCallSite): Promise<void> {
    const waitingFor = (what: string) => () =>
      new UpstreamTimeoutError(
        `${site.vendor} ${site.route}: the request's deadline passed while waiting for ${what}`,
        site,
      );
    const account = site.externalId;
    if (account !== null) {
      await this.#accountSlots.acquire(account, signal, waitingFor("the account's turn"), () =>
        emit(this.#events.onAccountSlotWait, site),
      );
    }
    try {
      await this.#slots.acquire(signal, waitingFor('a connection'));
    } catch (error) {
      if (account !== null) this.#accountSlots.release(account);
      throw error;
    }
  }

  /** One HTTP request; tells the observer, and the rate limiter what the vendor said. */
  async #send(
    request: GetJsonRequest,
    site: VendorCallSite,
    attempt: number,
  ): Promise<JsonResponse> {
    const { observer } = request;
    const { externalId } = site;
    const callerSignal = request.signal;
    // The attempt's own time limit, joined with the caller's deadline: one controller and one
    // timer, both gone when the attempt ends (AbortSignal.timeout and AbortSignal.any would leave
    // a timer and a signal behind for every call, for the whole timeout).
    const controller = new AbortController();
    const { signal } = controller;
    const timer = setTimeout(
      () => controller.abort(new DOMException('the attempt timed out', 'TimeoutError')),
      this.#timeoutMs,
    );
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) controller.abort(callerSignal.reason);
    else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const startedAt = performance.now();
    const report = (event: Omit<UpstreamCallEvent, keyof VendorCallSite | 'durationMs'>) => {
      const call: UpstreamCallEvent = {
        ...site,
        ...event,
        durationMs: performance.now() - startedAt,
      };
      observer?.(call);
      emit(this.#events.onCall, call);
    };
    let status: number | null = null;
    let credits = 0;
    let figures: RateLimitFigures | null = null;
    try {
      const response = await this.#pool
        .request({
          method: 'GET',
          path: this.#pathWithQuery(request.path, request.query),
          headers: { accept: 'application/json', ...request.headers },
          signal,
          headersTimeout: this.#headersTimeoutMs,
          bodyTimeout: this.#bodyTimeoutMs,
        })
        .catch((error: unknown) => {
          throw this.#transportError(error, signal, callerSignal, site, 'connecting');
        });
      status = response.statusCode;
      figures = rateLimitFiguresFromHeaders(response.headers);
      let text: string;
      try {
        text = await response.body.text();
      } catch (error) {
        throw this.#transportError(error, signal, callerSignal, { ...site, status }, 'reading');
      }
      let body: unknown;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch (error) {
        throw new UpstreamInvalidResponseError(
          `${this.vendor} ${site.route}: the response is not valid JSON`,
          { ...site, status, cause: error },
        );
      }
      credits = creditsOf(body);
      figures = mergeRateLimitFigures(figures, rateLimitFiguresFromBody(body));
      if (status < 200 || status >= 300) {
        throw errorForStatus(status, {
          ...site,
          vendorBody: body,
          retryAfter: firstHeader(response.headers['retry-after']),
        });
      }
      report({ attempt, status, credits, errorCode: null });
      return { status, headers: response.headers, body };
    } catch (error) {
      const upstream =
        error instanceof UpstreamError
          ? error
          : this.#transportError(error, signal, callerSignal, { ...site, status }, 'connecting');
      report({ attempt, status, credits, errorCode: upstream.code });
      throw upstream;
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
      this.#limiter?.observe(externalId, figures);
    }
  }

  #pathWithQuery(path: string, query: GetJsonRequest['query']): string {
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

  /**
   * Classifies a failure without an HTTP status: the caller's deadline, our own per-attempt
   * deadline or undici's connect/headers/body timeouts are timeouts; a body that breaks off after
   * the headers is an invalid (truncated) response; anything else on the way there (refused,
   * reset) means the vendor is unavailable.
   */
  #transportError(
    error: unknown,
    signal: AbortSignal,
    callerSignal: AbortSignal | undefined,
    site: ErrorSite,
    phase: 'connecting' | 'reading',
  ): UpstreamError {
    if (error instanceof UpstreamError) return error;
    const where = `${site.vendor} ${site.route}`;
    if (callerSignal?.aborted) {
      return new UpstreamTimeoutError(`${where}: the request's deadline passed during the call`, {
        ...site,
        cause: error,
      });
    }
    const timeout = signal.aborted
      ? `no answer within ${this.#timeoutMs} ms`
      : error instanceof undiciErrors.ConnectTimeoutError
        ? `could not connect within ${this.#connectTimeoutMs} ms`
        : error instanceof undiciErrors.HeadersTimeoutError
          ? `no response headers within ${this.#headersTimeoutMs} ms`
          : error instanceof undiciErrors.BodyTimeoutError
            ? `the response body stalled for ${this.#bodyTimeoutMs} ms`
            : null;
    if (timeout !== null) {
      return new UpstreamTimeoutError(`${where}: ${timeout}`, { ...site, cause: error });
    }
    if (phase === 'reading') {
      return new UpstreamInvalidResponseError(`${where}: the response broke off mid-body`, {
        ...site,
        cause: error,
      });
    }
    return new UpstreamUnavailableError(`${where}: could not reach the vendor`, {
      ...site,
      cause: error,
    });
  }
}

export { deadlineSignal } from './deadline.ts';
export type {
  CircuitState,
  CircuitStateChangeInfo,
  RateLimitWaitInfo,
  RetryInfo,
  VendorHttpEvents,
} from './vendor-http-events.ts';
