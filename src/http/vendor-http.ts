import { Pool, errors as undiciErrors } from 'undici';
import type { Vendor } from '../domain.ts';
import {
  errorForStatus,
  UpstreamError,
  UpstreamInvalidResponseError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from './errors.ts';

export interface VendorHttpOptions {
  vendor: Vendor;
  /** The vendor's origin, e.g. `https://app.onlyfansapi.com`; every call goes to it and nowhere else. */
  baseUrl: string;
  /**
   * Longest a whole call may take, headers and body, in milliseconds.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * Keep-alive connections kept open to the origin.
   * @default 32
   */
  connections?: number;
}

/** What one vendor call cost and how it ended, for metering (`extensions.cost`, metrics, logs). */
export interface UpstreamCallEvent {
  vendor: Vendor;
  route: string;
  connectedAccountId: string | null;
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  /** Credits the vendor reported spending on this call (OnlyFansAPI `_meta._credits.used`). */
  credits: number;
  errorCode: string | null;
}

export type UpstreamCallObserver = (event: UpstreamCallEvent) => void;

export interface GetJsonRequest {
  /** The route's name for errors, counters and logs, e.g. `onlyfans.chats`. */
  route: string;
  /** Path below the origin, with every dynamic segment already percent-encoded. */
  path: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers: Record<string, string>;
  connectedAccountId?: string | null;
  signal?: AbortSignal;
  observer?: UpstreamCallObserver;
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

/**
 * One keep-alive pool per vendor origin. Turns every way a call can fail into an
 * {@link UpstreamError} that names vendor, route and status and never carries the headers.
 */
export class VendorHttp {
  readonly vendor: Vendor;
  readonly origin: string;
  readonly #pool: Pool;
  readonly #timeoutMs: number;

  constructor(options: VendorHttpOptions) {
    const { vendor, baseUrl, timeoutMs = 10_000, connections = 32 } = options;
    const url = new URL(baseUrl);
    this.vendor = vendor;
    this.origin = url.origin;
    this.#timeoutMs = timeoutMs;
    this.#pool = new Pool(this.origin, {
      connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: { timeout: Math.min(timeoutMs, 5_000) },
    });
  }

  async getJson(request: GetJsonRequest): Promise<JsonResponse> {
    const { route, observer } = request;
    const connectedAccountId = request.connectedAccountId ?? null;
    const errorOptions = { vendor: this.vendor, route, connectedAccountId };
    const timeoutSignal = AbortSignal.timeout(this.#timeoutMs);
    const signal = request.signal
      ? AbortSignal.any([request.signal, timeoutSignal])
      : timeoutSignal;
    let status: number | null = null;
    let credits = 0;
    try {
      const response = await this.#pool
        .request({
          method: 'GET',
          path: this.#pathWithQuery(request.path, request.query),
          headers: { accept: 'application/json', ...request.headers },
          signal,
          headersTimeout: this.#timeoutMs,
          bodyTimeout: this.#timeoutMs,
        })
        .catch((error: unknown) => {
          throw this.#transportError(error, signal, errorOptions, 'connecting');
        });
      status = response.statusCode;
      let text: string;
      try {
        text = await response.body.text();
      } catch (error) {
        throw this.#transportError(error, signal, { ...errorOptions, status }, 'reading');
      }
      let body: unknown;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch (error) {
        throw new UpstreamInvalidResponseError(
          `${this.vendor} ${route}: the response is not valid JSON`,
          { ...errorOptions, status, cause: error },
        );
      }
      credits = creditsOf(body);
      if (status < 200 || status >= 300) {
        throw errorForStatus(status, {
          ...errorOptions,
          vendorBody: body,
          retryAfter: firstHeader(response.headers['retry-after']),
        });
      }
      observer?.({
        vendor: this.vendor,
        route,
        connectedAccountId,
        status,
        credits,
        errorCode: null,
      });
      return { status, headers: response.headers, body };
    } catch (error) {
      const upstream =
        error instanceof UpstreamError
          ? error
          : this.#transportError(error, signal, { ...errorOptions, status }, 'connecting');
      observer?.({
        vendor: this.vendor,
        route,
        connectedAccountId,
        status,
        credits,
        errorCode: upstream.code,
      });
      throw upstream;
    }
  }

  async close(): Promise<void> {
    await this.#pool.close();
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
   * Classifies a failure without an HTTP status: our deadline, the caller's deadline or undici's
   * timeouts are
   * timeouts; a body that breaks off after the headers is an invalid (truncated) response;
   * anything else on the way there (refused, reset) means the vendor is unavailable.
   */
  #transportError(
    error: unknown,
    signal: AbortSignal,
    options: {
      vendor: Vendor;
      route: string;
      connectedAccountId: string | null;
      status?: number | null;
    },
    phase: 'connecting' | 'reading',
  ): UpstreamError {
    if (error instanceof UpstreamError) return error;
    const where = `${options.vendor} ${options.route}`;
    const isTimeout =
      signal.aborted ||
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError ||
      error instanceof undiciErrors.ConnectTimeoutError;
    if (isTimeout) {
      return new UpstreamTimeoutError(`${where}: no answer within ${this.#timeoutMs} ms`, {
        ...options,
        cause: error,
      });
    }
    if (phase === 'reading') {
      return new UpstreamInvalidResponseError(`${where}: the response broke off mid-body`, {
        ...options,
        cause: error,
      });
    }
    return new UpstreamUnavailableError(`${where}: could not reach the vendor`, {
      ...options,
      cause: error,
    });
  }
}
