import { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { UpstreamError, UpstreamRateLimitedError } from '../http/errors.ts';
import type { ErrorCode } from './error-codes.ts';

/** The `extensions` a client reads of an upstream failure: what failed, where, and what to do. */
export function upstreamExtensions(error: UpstreamError): Record<string, unknown> {
  return {
    code: error.code,
    vendor: error.vendor,
    connectedAccount: error.externalId,
    route: error.route,
    ...(error.status === null ? {} : { upstreamStatus: error.status }),
    ...(error instanceof UpstreamRateLimitedError && error.retryAfterSeconds !== null
      ? { retryAfter: error.retryAfterSeconds }
      : {}),
  };
}

function findUpstream(error: unknown): UpstreamError | null {
  for (let current = error; current instanceof Error; current = current.cause as Error) {
    if (current instanceof UpstreamError) return current;
    if (current instanceof GraphQLError && current.originalError) {
      if (current.originalError instanceof UpstreamError) return current.originalError;
    }
  }
  return null;
}

/**
 * Yoga's error masking: a vendor failure becomes a field error whose message and `extensions`
 * say what happened (the vendor's body, our headers and keys stay out); errors we raise on
 * purpose pass as they are; anything else is masked.
 */
export function maskError(error: unknown, message: string): Error {
  const upstream = findUpstream(error);
  if (upstream) return located(upstream.message, error, upstreamExtensions(upstream));
  if (error instanceof GraphQLError) {
    if (!error.originalError || error.originalError instanceof GraphQLError) return error;
  }
  return located(message, error, { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode });
}

/** A new error at the place of `error` in the document and the result. */
function located(message: string, error: unknown, extensions: Record<string, unknown>): Error {
  const where = error instanceof GraphQLError ? error : undefined;
  return createGraphQLError(message, {
    nodes: where?.nodes,
    source: where?.source,
    positions: where?.positions,
    path: where?.path,
    extensions,
  });
}
