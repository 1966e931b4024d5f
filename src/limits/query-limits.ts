import { type DocumentNode, Kind, visit } from 'graphql';
import type { ErrorCode } from '../errors/error-codes.ts';
import type { OperationMeasure } from './measure-operation.ts';

export interface QueryLimits {
  /**
   * Deepest field nesting allowed.
   * @default 12
   */
  maxDepth: number;
  /**
   * Aliased fields allowed in one operation.
   * @default 30
   */
  maxAliases: number;
  /**
   * Directives allowed in one document.
   * @default 20
   */
  maxDirectives: number;
  /**
   * Estimated cost allowed: every field costs 1 (scalars included: each is a value of the
   * answer) and every connection 10, multiplied by the size of each list around it: a
   * connection's `first`, the number of `ids`, or a known list size (the number of connected
   * accounts). Lists of unknown length (a message's media) count once.
   * @default 10000
   */
  maxCost: number;
  /**
   * Estimated vendor calls one operation may cause, an upper bound read from the resolvers (see
   * src/limits/upstream-calls.ts): pages of every connection, ids loaded one by one, profile
   * and media lookups. Every screen in schema/operations and the README passes.
   * @default 200
   */
  maxUpstreamCalls: number;
  /**
   * Largest response body, in bytes (UTF-16 code units counted as at least one byte each): a
   * larger answer is replaced by a RESPONSE_TOO_LARGE error.
   * @default 8388608
   */
  maxResponseBytes: number;
  /**
   * Lexical tokens allowed in one document (checked while parsing).
   * @default 5000
   */
  maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxCost: 10_000,
  maxTokens: 5000,
  maxUpstreamCalls: 200,
  maxResponseBytes: 8 * 1024 * 1024,
};

/** Directives a document uses: counted once per document, linear in its size. */
export function countDirectives(document: DocumentNode): number {
  let directives = 0;
  visit(document, {
    [Kind.DIRECTIVE]() {
      directives += 1;
    },
  });
  return directives;
}

export interface Refusal {
  message: string;
  code: ErrorCode;
}

/** Why an operation is refused before it runs, if it is: the first limit it passes. */
export function refusalOf(
  measure: OperationMeasure,
  directives: number,
  limits: QueryLimits,
): Refusal | null {
  if (directives > limits.maxDirectives) {
    return {
      message: `The document uses ${directives} directives; at most ${limits.maxDirectives} are allowed.`,
      code: 'TOO_MANY_DIRECTIVES',
    };
  }
  const stopped = measure.stoppedAt;
  if (!stopped) return null;
  const messages: Partial<Record<ErrorCode, string>> = {
    QUERY_TOO_DEEP: `The query is more than ${limits.maxDepth} levels deep; at most ${limits.maxDepth} are allowed.`,
    TOO_MANY_ALIASES: `The operation uses more than ${limits.maxAliases} aliases; at most ${limits.maxAliases} are allowed.`,
    QUERY_TOO_COMPLEX: `The query's estimated cost is over ${limits.maxCost}, the most allowed. Ask for smaller pages (first), fewer ids or fewer nested lists.`,
    TOO_MANY_UPSTREAM_CALLS: `The operation could cause over ${limits.maxUpstreamCalls} vendor calls, the most one operation may. Ask for smaller pages (first), fewer ids or fewer nested lists.`,
  };
  return { message: messages[stopped.code] ?? stopped.message, code: stopped.code };
}
