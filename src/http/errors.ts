import type { Vendor } from '../domain.ts';
import type { UpstreamErrorCode } from '../errors/error-codes.ts';

export type { UpstreamErrorCode } from '../errors/error-codes.ts';

export interface UpstreamErrorOptions {
  vendor: Vendor;
  /** The route's name, e.g. `onlyfans.chats` (never a URL with credentials). */
  route: string;
  /** The connected account the call was made for, when there is one. */
  externalId?: string | null;
  /** HTTP status, when a response arrived. */
  status?: number | null;
  /** The vendor's parsed error body, kept for debugging; it never holds our credentials. */
  vendorBody?: unknown;
  cause?: unknown;
}

/**
 * Root of every failure of a vendor call. One class per `code`; callers switch on `code`, and
 * `isRetryable` tells the resilience layer whether trying again can help.
 */
export abstract class UpstreamError extends Error {
  abstract readonly code: UpstreamErrorCode;
  readonly vendor: Vendor;
  readonly route: string;
  readonly externalId: string | null;
  readonly status: number | null;
  readonly vendorBody: unknown;

  constructor(message: string, options: UpstreamErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.vendor = options.vendor;
    this.route = options.route;
    this.externalId = options.externalId ?? null;
    this.status = options.status ?? null;
    this.vendorBody = options.vendorBody;
  }

  override get name(): string {
    return this.constructor.name;
  }

  get isRetryable(): boolean {
    return false;
  }
}

export class UpstreamUnauthenticatedError extends UpstreamError {
  readonly code = 'UPSTREAM_UNAUTHENTICATED' as const;
}

export class UpstreamForbiddenError extends UpstreamError {
  readonly code = 'UPSTREAM_FORBIDDEN' as const;
}

export class UpstreamNotFoundError extends UpstreamError {
  readonly code = 'NOT_FOUND' as const;
}

export class UpstreamBadRequestError extends UpstreamError {
  readonly code = 'UPSTREAM_BAD_REQUEST' as const;
}

export class UpstreamRateLimitedError extends UpstreamError {
  readonly code = 'UPSTREAM_RATE_LIMITED' as const;
  /** Seconds the vendor asked us to wait, from `Retry-After`; null when it did not say. */
  readonly retryAfterSeconds: number | null;

  constructor(
    message: string,
    options: UpstreamErrorOptions & { retryAfterSeconds: number | null },
  ) {
    super(message, options);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  override get isRetryable(): boolean {
    return true;
  }
}

export class UpstreamUnavailableError extends UpstreamError {
  readonly code = 'UPSTREAM_UNAVAILABLE' as const;

  override get isRetryable(): boolean {
    return true;
  }
}

/**
 * The circuit breaker for this vendor and connected account is open: recent calls found the vendor
 * down, so this one failed at once without an HTTP call. Same code as any unavailability.
 */
export class UpstreamCircuitOpenError extends UpstreamUnavailableError {
  /** Seconds until the breaker lets a probe call through. */
  readonly retryAfterSeconds: number;

  constructor(message: string, options: UpstreamErrorOptions & { retryAfterSeconds: number }) {
    super(message, options);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** Trying again within the same request cannot help: the circuit stays open for a while. */
  override get isRetryable(): boolean {
    return false;
  }
}

export class UpstreamTimeoutError extends UpstreamError {
  readonly code = 'UPSTREAM_TIMEOUT' as const;

  override get isRetryable(): boolean {
    return true;
  }
}

export class UpstreamInvalidResponseError extends UpstreamError {
  readonly code = 'UPSTREAM_INVALID_RESPONSE' as const;
}

/**
 * The request has made as many vendor calls as it may (`limits.maxUpstreamCalls`): this one
 * failed at once, without reaching the vendor. Not the vendor's fault, so no breaker counts it.
 */
export class TooManyUpstreamCallsError extends UpstreamError {
  readonly code = 'TOO_MANY_UPSTREAM_CALLS' as const;
}

/** Parses a `Retry-After` header (delta-seconds or an HTTP date) into whole seconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (value == null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Maps a non-2xx status to its error class. 408 and 5xx are "unavailable" (the vendor could not
 * answer); 422 is the vendor's validation failure, a bad request like 400.
 */
export function errorForStatus(
  status: number,
  options: UpstreamErrorOptions & { retryAfter?: string | null },
): UpstreamError {
  const where = `${options.vendor} ${options.route}`;
  const fullOptions = { ...options, status };
  switch (status) {
    case 400:
    case 422:
      return new UpstreamBadRequestError(`${where} rejected the request (${status})`, fullOptions);
    case 401:
      return new UpstreamUnauthenticatedError(
        `${where}: the vendor rejected the API key (401)`,
        fullOptions,
      );
    case 403:
      return new UpstreamForbiddenError(`${where}: access denied (403)`, fullOptions);
    case 404:
      return new UpstreamNotFoundError(`${where}: not found (404)`, fullOptions);
    case 429:
      return new UpstreamRateLimitedError(`${where}: rate limited (429)`, {
        ...fullOptions,
        retryAfterSeconds: parseRetryAfter(options.retryAfter),
      });
    default:
      if (status === 408 || status >= 500) {
        return new UpstreamUnavailableError(
          `${where}: vendor unavailable (${status})`,
          fullOptions,
        );
      }
      return new UpstreamInvalidResponseError(`${where}: unexpected status ${status}`, fullOptions);
  }
}
