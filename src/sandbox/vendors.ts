import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxVendor } from './dataset-types.ts';
import { RouteError } from './route-kit.ts';

/**
 * How each vendor authenticates and words its errors. OnlyFansAPI is a Laravel app: `{"error"}`
 * bodies, and 422 `{message, errors}` for validation. OFAuth answers `{error, type, requestId}`
 * and rejects bad parameters with 400.
 */

export interface ErrorAnswer {
  status: number;
  body: unknown;
}

const ONLYFANSAPI_MESSAGES: Record<number, string> = {
  400: 'Bad request.',
  401: 'Unauthorized. Please provide a valid API key in the Authorization header.',
  403: 'Forbidden.',
  404: 'Not found.',
  405: 'Method not allowed.',
  413: 'Payload too large.',
  429: 'Too Many Attempts.',
  500: 'Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

const OFAUTH_TYPES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'RESOURCE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMIT_EXCEEDED',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
};

const OFAUTH_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  401: 'Invalid or missing API key',
  403: 'Forbidden',
  404: 'Resource not found',
  405: 'Method not allowed',
  413: 'Request body too large',
  429: 'Rate limit exceeded',
  500: 'Internal server error',
  502: 'Upstream request failed',
  503: 'Service temporarily unavailable',
};

const STATUS_BY_KIND = { unauthorized: 401, forbidden: 403, notFound: 404 } as const;

/** The vendor's answer to a failed check or an invalid parameter. */
export function renderRouteError(
  vendor: SandboxVendor,
  error: RouteError,
  requestId: string,
): ErrorAnswer {
  if (vendor === 'onlyfansapi') {
    if (error.kind === 'validation') {
      return {
        status: 422,
        body: { message: error.message, errors: { [error.field ?? 'request']: [error.message] } },
      };
    }
    return { status: STATUS_BY_KIND[error.kind], body: { error: error.message } };
  }
  const status = error.kind === 'validation' ? 400 : STATUS_BY_KIND[error.kind];
  return { status, body: { error: error.message, type: OFAUTH_TYPES[status], requestId } };
}

/** The vendor's body for an arbitrary status (scripted faults). */
export function vendorErrorBody(vendor: SandboxVendor, status: number, requestId: string): unknown {
  if (vendor === 'onlyfansapi') return { error: ONLYFANSAPI_MESSAGES[status] ?? 'Server Error' };
  return {
    error: OFAUTH_MESSAGES[status] ?? 'Request failed',
    type: OFAUTH_TYPES[status] ?? 'INTERNAL_SERVER_ERROR',
    requestId,
  };
}

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Null when the key is right; the 401 otherwise. */
export function authenticate(
  vendor: SandboxVendor,
  headers: IncomingHttpHeaders,
  keys: { onlyfansapi: string; ofauth: string },
): RouteError | null {
  if (vendor === 'onlyfansapi') {
    const authorization = header(headers, 'authorization');
    if (authorization === `Bearer ${keys.onlyfansapi}`) return null;
    return new RouteError('unauthorized', ONLYFANSAPI_MESSAGES[401]!);
  }
  const apiKey = header(headers, 'apikey');
  if (apiKey === keys.ofauth) return null;
  return new RouteError('unauthorized', apiKey === null ? 'Missing API key' : 'Invalid API key');
}

export function connectionHeader(headers: IncomingHttpHeaders): string | null {
  return header(headers, 'x-connection-id');
}
