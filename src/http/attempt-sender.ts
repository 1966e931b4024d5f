import { Pool } from 'undici';
import { onAbort } from './abort-listeners.ts';
import { errorForStatus, UpstreamError, UpstreamRateLimitedError } from './errors.ts';
import { type RateLimitFigures, withRetryAfter } from './rate-limit-figures.ts';
import { readJsonBody } from './read-json-body.ts';
import type { ResponseMeta, ResponseMetaReader } from './response-meta.ts';
import { type AttemptTimeouts, transportError } from './transport-error.ts';
import {
  emit,
  type UpstreamCallEvent,
  type VendorCallSite,
  type VendorHttpEvents,
} from './vendor-http-events.ts';
import {
  firstHeader,
  type GetJsonRequest,
  type JsonResponse,
  pathWithQuery,
  type ResponseHeaders,
  type SendJsonRequest,
} from './vendor-request.ts';

export interface AttemptSenderOptions {
  /** The vendor's origin: every request goes to it and nowhere else. */
  origin: string;
  /** Keep-alive connections to the origin, one request each. */
  connections: number;
  timeouts: AttemptTimeouts;
  /** What the vendor says in an answer about its cost and its rate limit. */
  readResponseMeta: ResponseMetaReader;
  /** `onCall` is told of every attempt, after the request's own observer. */
  events: VendorHttpEvents;
  /** Told what each answer said of the rate limit, before its call is released. */
  onRateLimits(externalId: string | null, figures: RateLimitFigures | null): void;
  /** Reads the time a reset in the vendor's figures counts from. */
  now(): number;
}

/** Ends an attempt that ran out of its own time (a timer's callback, shared by all attempts). */
function abortForTimeout(controller: AbortController): void {
  controller.abort(new DOMException('the attempt timed out', 'TimeoutError'));
}

/**
 * The undici pool of one vendor origin and the single HTTP request of each attempt: its own time
 * limit joined with the caller's deadline, the status mapped to an {@link UpstreamError}, the body
 * read as JSON, and the attempt reported to the observers.
 */
export class AttemptSender {
  readonly #pool: Pool;
  readonly #options: AttemptSenderOptions;

  constructor(options: AttemptSenderOptions) {
    this.#options = options;
    this.#pool = new Pool(options.origin, {
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: { timeout: options.timeouts.connectMs },
    });
  }

  /** One HTTP request (a GET, or a write with its JSON body); throws only {@link UpstreamError}. */
  async send(
    request: GetJsonRequest | SendJsonRequest,
    site: VendorCallSite,
    attempt: number,
  ): Promise<JsonResponse> {
    const { timeouts, readResponseMeta } = this.#options;
    const callerSignal = request.signal;
    // The attempt's own time limit, joined with the caller's deadline: one controller and one
    // timer, both gone when the attempt ends (AbortSignal.timeout and AbortSignal.any would leave
    // a timer and a signal behind for every call, for the whole timeout). It bounds real I/O, so
    // it runs on the system's timers, as undici's own timeouts do.
    const controller = new AbortController();
    const attemptSignal = controller.signal;
    const timer = setTimeout(abortForTimeout, timeouts.attemptMs, controller);
    let stopFollowingCaller: (() => void) | undefined;
    if (callerSignal?.aborted) controller.abort(callerSignal.reason);
    else if (callerSignal) {
      stopFollowingCaller = onAbort(callerSignal, () => controller.abort(callerSignal.reason));
    }
    const startedAt = performance.now();
    let status: number | null = null;
    let headers: ResponseHeaders | null = null;
    let meta: ResponseMeta | null = null;
    let retryAfterSeconds: number | null = null;
    let phase: 'connecting' | 'reading' = 'connecting';
    try {
      const write = 'method' in request && request.body !== undefined;
      const response = await this.#pool.request({
        method: 'method' in request ? request.method : 'GET',
        path: pathWithQuery(request.path, request.query),
        headers: write
          ? { accept: 'application/json', 'content-type': 'application/json', ...request.headers }
          : { accept: 'application/json', ...request.headers },
        body: write ? JSON.stringify(request.body) : undefined,
        signal: attemptSignal,
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs,
      });
      status = response.statusCode;
      headers = response.headers;
      phase = 'reading';
      const { body, text } = await readJsonBody(response.body, site, status);
      meta = readResponseMeta(body, headers, this.#options.now());
      if (status < 200 || status >= 300) {
        throw errorForStatus(status, {
          ...site,
          vendorBody: body,
          retryAfter: firstHeader(headers['retry-after']),
        });
      }
      this.#report(request, site, attempt, startedAt, status, meta.credits, null);
      return { status, headers, body, text };
    } catch (error) {
      // An answer whose body could not be read still says what its headers say.
      if (headers !== null && meta === null) {
        meta = readResponseMeta(undefined, headers, this.#options.now());
      }
      const upstream =
        error instanceof UpstreamError
          ? error
          : transportError({
              error,
              site: { ...site, status },
              attemptSignal,
              callerSignal,
              phase,
              timeouts,
            });
      if (upstream instanceof UpstreamRateLimitedError && upstream.status !== null) {
        retryAfterSeconds = upstream.retryAfterSeconds;
      }
      this.#report(request, site, attempt, startedAt, status, meta?.credits ?? 0, upstream.code);
      throw upstream;
    } finally {
      clearTimeout(timer);
      stopFollowingCaller?.();
      // A 429's Retry-After holds the whole bucket (on every replica, when they share one), not
      // only this call's retry.
      this.#options.onRateLimits(
        site.externalId,
        withRetryAfter(meta?.rateLimits ?? null, retryAfterSeconds, this.#options.now()),
      );
    }
  }

  /** Tells the request's observer, then the pool's, what the attempt cost and how it ended. */
  #report(
    request: GetJsonRequest,
    site: VendorCallSite,
    attempt: number,
    startedAt: number,
    status: number | null,
    credits: number,
    errorCode: string | null,
  ): void {
    const observer = request.observer;
    const onCall = this.#options.events.onCall;
    // Nobody listens (a call made at start-up with no metrics): no event to make.
    if (observer === undefined && onCall === undefined) return;
    const event: UpstreamCallEvent = {
      vendor: site.vendor,
      route: site.route,
      externalId: site.externalId,
      attempt,
      status,
      credits,
      errorCode,
      durationMs: performance.now() - startedAt,
    };
    observer?.(event);
    emit(onCall, event);
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
