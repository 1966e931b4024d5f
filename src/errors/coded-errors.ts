import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { ERROR_CODES, type ErrorCode } from './error-codes.ts';

/** A GraphQL error raised on purpose, with its code and any further `extensions`. */
export function codedError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return createGraphQLError(message, { extensions: { code, ...extensions } });
}

/**
 * A GraphQL error that refuses the whole request, answered with its code's HTTP status (see
 * ERROR_CODES) and `headers` (`WWW-Authenticate`, `Retry-After`).
 */
export function refusalError(
  code: ErrorCode,
  message: string,
  options: { headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
): GraphQLError {
  const { headers, extensions } = options;
  return codedError(code, message, {
    ...extensions,
    http: { status: ERROR_CODES[code].status, ...(headers ? { headers } : {}) },
  });
}

/**
 * A request refused before any operation ran, answered as GraphQL errors are: JSON with one
 * error that carries its code, with the code's HTTP status.
 */
export function refusalResponse(
  fetchAPI: { Response: typeof Response },
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status: ERROR_CODES[code].status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
