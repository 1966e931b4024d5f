import { createHash } from 'node:crypto';
import type { ResolvedRateLimitOptions } from '../http/rate-limiter.ts';
import type { ResponseMetaReader } from '../http/response-meta.ts';
import { VendorHttp, type VendorHttpOptions } from '../http/vendor-http.ts';

/** What a vendor client is built from: one API key and the settings of its connection pool. */
export interface VendorClientOptions {
  /** Added by the client to every call; never logged, never part of an error. */
  apiKey: string;
  /**
   * The vendor's origin (the sandbox's URL in sandbox mode).
   * @default the vendor's public API origin
   */
  baseUrl?: string;
  /**
   * Longest one vendor call may take, in milliseconds.
   * @default 10000
   */
  timeoutMs?: VendorHttpOptions['timeoutMs'];
  /**
   * Keep-alive connections to the origin.
   * @default 32
   */
  connections?: VendorHttpOptions['connections'];
  /**
   * Calls one connected account may have in flight at once, so one account never holds the
   * whole pool.
   * @default 8
   */
  maxInFlightPerAccount?: VendorHttpOptions['maxInFlightPerAccount'];
  /** Resilience settings of the pool (retries, rate limits, circuit breaker, finer timeouts). */
  http?: Omit<
    VendorHttpOptions,
    | 'vendor'
    | 'baseUrl'
    | 'timeoutMs'
    | 'connections'
    | 'maxInFlightPerAccount'
    | 'documentedRateLimit'
    | 'readResponseMeta'
    | 'credentialId'
  >;
}

/** What the client of one vendor brings to its pool, whatever its options say. */
export interface VendorHttpIdentity {
  vendor: VendorHttpOptions['vendor'];
  /** Used when the options name no `baseUrl`. */
  defaultBaseUrl: string;
  readResponseMeta: ResponseMetaReader;
  /** What the vendor documents of its rate limit. */
  documentedRateLimit: ResolvedRateLimitOptions;
}

/** The connection pool of a vendor client, from its options and the vendor's own settings. */
export function createVendorHttp(
  options: VendorClientOptions,
  identity: VendorHttpIdentity,
): VendorHttp {
  const {
    baseUrl = identity.defaultBaseUrl,
    timeoutMs,
    connections,
    maxInFlightPerAccount,
  } = options;
  return new VendorHttp({
    ...options.http,
    vendor: identity.vendor,
    readResponseMeta: identity.readResponseMeta,
    documentedRateLimit: identity.documentedRateLimit,
    baseUrl,
    timeoutMs,
    connections,
    maxInFlightPerAccount,
    credentialId: credentialIdOf(options.apiKey),
  });
}

/**
 * What names a credential where its key must not appear (keys of kept answers and of shared rate
 * budgets): the first 16 hex digits of the key's SHA-256.
 */
export function credentialIdOf(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
}
