import type { FetchedAnswer, ResponseCache } from '../cache/response-cache.ts';
import type { Vendor } from '../domain.ts';
import { AttemptGuards } from './attempt-guards.ts';
import { AttemptSender } from './attempt-sender.ts';
import type { CircuitBreakerOptions } from './circuit-breaker.ts';
import { type Clock, systemClock } from './clock.ts';
import { deadlineOf, WaitBudget } from './deadline.ts';
import { UpstreamTimeoutError } from './errors.ts';
import type { RateLimitState } from './rate-budget.ts';
import type { RateLimitOptions, ResolvedRateLimitOptions } from './rate-limiter.ts';
import { type ResponseMetaReader, readNoResponseMeta } from './response-meta.ts';
import {
  type ResolvedRetryOptions,
  type RetryOptions,
  resolveRetryOptions,
  runWithRetries,
} from './retry-policy.ts';
import type { SharedRateBudgets } from './shared-rate-budgets.ts';
import {
  type CircuitState,
  emit,
  type VendorCallSite,
  type VendorHttpEvents,
} from './vendor-http-events.ts';
import {
  type GetJsonRequest,
  type JsonResponse,
  pathWithQuery,
  type SendJsonRequest,
} from './vendor-request.ts';

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
   * with exponential backoff and full jitter, honouring `Retry-After`. A write only where its
   * request's `mayRetry` allows.
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
   * figures `readResponseMeta` finds in the vendor's answers); `false` turns it off.
   * @default `documentedRateLimit`
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * What the vendor documents of its rate limit (rate, burst, whose allowance), passed by the
   * vendor's client: the bucket starts from it until the vendor's answers say otherwise.
   */
  documentedRateLimit: ResolvedRateLimitOptions;
  /**
   * Rate budgets shared with the other replicas through Redis (one per `credentialId` or account;
   * a 1/N share of it while Redis is unreachable). Absent: this process's own limiter.
   */
  sharedRateBudgets?: SharedRateBudgets;
  /**
   * A circuit breaker per connected account; `false` turns it off.
   * @default { failureThreshold: 5, cooldownMs: 10000 }
   */
  circuitBreaker?: CircuitBreakerOptions | false;
  /**
   * Hooks for metrics: retries, circuit moves, rate-limit waits; payloads hold no header or key.
   * @default {}
   */
  events?: VendorHttpEvents;
  /**
   * Reads what the vendor says in each answer about the call's cost (credits) and its rate limit:
   * the vendor's own fields and headers, known only to the vendor's client.
   * @default readNoResponseMeta: no credits, no rate-limit figures
   */
  readResponseMeta?: ResponseMetaReader;
  /**
   * Vendor answers kept across requests: a GET whose request names its kind (`cache`) is answered
   * from it when it can, and its answer kept. Absent: every GET goes to the vendor.
   */
  cache?: ResponseCache;
  /**
   * Names the credential in the keys of kept answers and shared rate budgets: a fingerprint of
   * the API key, never the key (answers read with one key never answer another's calls).
   * @default ''
   */
  credentialId?: string;
  /**
   * The time the breaker, the rate limiter and the waits between retries read; the attempt's
   * timeouts run on the system's timers whatever it is.
   * @default systemClock
   */
  clock?: Clock;
}

/**
 * One keep-alive pool per vendor origin, and the resilience around each call: circuit breaker,
 * client-side rate limit, retries of GETs within the caller's deadline. Turns every way a call can
 * fail into an {@link import('./errors.ts').UpstreamError} that names vendor, route and status and
 * never carries the headers.
 *
 * A call: the breaker may answer at once (open circuit); the rate limiter may queue it; then each
 * attempt is one HTTP request, reported to the observer; a retryable failure waits (backoff or
 * `Retry-After`) and tries again, while the budget and the retries last.
 */
export class VendorHttp {
  readonly vendor: Vendor;
  readonly origin: string;
  readonly #maxWaitMs: number;
  readonly #retry: ResolvedRetryOptions;
  readonly #events: VendorHttpEvents;
  readonly #clock: Clock;
  readonly #guards: AttemptGuards;
  readonly #sender: AttemptSender;
  readonly #cache: ResponseCache | undefined;
  readonly #credentialId: string;

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
      readResponseMeta = readNoResponseMeta,
      clock = systemClock,
    } = options;
    this.vendor = vendor;
    this.origin = new URL(baseUrl).origin;
    this.#maxWaitMs = maxWaitMs;
    this.#events = events;
    this.#clock = clock;
    this.#retry = resolveRetryOptions(options.retry);
    this.#cache = options.cache;
    this.#credentialId = options.credentialId ?? '';
    this.#guards = new AttemptGuards({
      vendor,
      rateLimit: options.rateLimit,
      documentedRateLimit: options.documentedRateLimit,
      sharedRateBudgets: options.sharedRateBudgets,
      credentialId: this.#credentialId,
      circuitBreaker: options.circuitBreaker,
      connections,
      maxInFlightPerAccount,
      events,
      clock,
    });
    this.#sender = new AttemptSender({
      origin: this.origin,
      connections,
      timeouts: {
        attemptMs: timeoutMs,
        connectMs: Math.min(timeoutMs, connectTimeoutMs),
        headersMs: headersTimeoutMs,
        bodyMs: bodyTimeoutMs,
      },
      readResponseMeta,
      events,
      onRateLimits: (externalId, figures) => this.#guards.observeRateLimits(externalId, figures),
      now: () => clock.now(),
    });
  }

  /**
   * One GET, retried per the retry options. Throws only `UpstreamError`. With no fault, it is
   * exactly one HTTP request.
   */
  getJson(request: GetJsonRequest): Promise<JsonResponse> {
    const cache = this.#cache;
    if (cache === undefined || request.cache === undefined) {
      return this.#call(request, 'GET', undefined);
    }
    const site: VendorCallSite = {
      vendor: this.vendor,
      route: request.route,
      externalId: request.externalId ?? null,
    };
    return cache
      .read(
        {
          site: {
            vendor: this.vendor,
            credentialId: this.#credentialId,
            externalId: site.externalId,
          },
          route: request.route,
          hint: request.cache,
          target: pathWithQuery(request.path, request.query),
          signal: request.signal,
          options: request.cacheRead,
          abortError: () =>
            new UpstreamTimeoutError(
              `${site.vendor} ${site.route}: the request's deadline passed while it waited for the same read made for another request`,
              site,
            ),
        },
        (signal) => this.#fetchToKeep(request, signal),
      )
      .then(({ status, body }) => ({ status, headers: {}, body }));
  }

  /**
   * One write (POST or DELETE): sent once, and again only while `request.mayRetry` says the
   * failure cannot have been applied (see `provenNotSent`) or the vendor's idempotency key
   * protects it. Throws only `UpstreamError`; whether a failed write may have been applied is
   * the caller's to read (`provenNotSent`).
   */
  sendJson(request: SendJsonRequest): Promise<JsonResponse> {
    return this.#call(request, request.method, request.mayRetry);
  }

  /**
   * The GET behind a read the cache could not answer: made with the signal of everyone waiting
   * for it (it stops only when all have gone) within the asking request's deadline, its credits
   * counted so that later reads of the answer can say what they saved.
   */
  async #fetchToKeep(
    request: GetJsonRequest,
    signal: AbortSignal | undefined,
  ): Promise<FetchedAnswer> {
    let credits = 0;
    const observer = request.observer;
    const response = await this.#call(
      {
        ...request,
        signal,
        deadline: request.deadline ?? deadlineOf(request.signal),
        observer: (event) => {
          credits += event.credits;
          observer?.(event);
        },
      },
      'GET',
      undefined,
    );
    const text = response.text ?? JSON.stringify(response.body);
    return { status: response.status, body: response.body, text, credits };
  }

  async #call(
    request: GetJsonRequest | SendJsonRequest,
    method: string,
    mayRetry: SendJsonRequest['mayRetry'],
  ): Promise<JsonResponse> {
    const site: VendorCallSite = {
      vendor: this.vendor,
      route: request.route,
      externalId: request.externalId ?? null,
    };
    const budget = new WaitBudget(
      request.deadline ?? deadlineOf(request.signal),
      this.#maxWaitMs,
      this.#clock,
    );
    return runWithRetries(
      {
        method,
        mayRetry,
        options: this.#retry,
        budget,
        signal: request.signal,
        clock: this.#clock,
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
      (attempt) =>
        this.#guards.guard(request, site, budget, () => this.#sender.send(request, site, attempt)),
    );
  }

  /** The rate-limit bucket a connected account's calls draw on, for metrics and tests. */
  rateLimitState(externalId: string | null = null): RateLimitState | null {
    return this.#guards.rateLimitState(externalId);
  }

  /** Calls of a connected account holding or awaiting its turn, for metrics and tests. */
  accountSlotState(externalId: string): { inFlight: number; waiting: number } {
    return this.#guards.accountSlotState(externalId);
  }

  /** The circuit of a connected account (null: calls made for no account). */
  circuitState(externalId: string | null = null): CircuitState {
    return this.#guards.circuitState(externalId);
  }

  async close(): Promise<void> {
    this.#guards.close();
    await this.#sender.close();
  }
}
