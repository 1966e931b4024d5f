import { type DocumentNode, getOperationAST, Lexer, parse, Source, TokenKind } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import {
  DEFAULT_QUERY_LIMITS,
  limitViolations,
  measureOperation,
  type OperationMeasure,
  type QueryLimits,
} from '../limits/query-limits.ts';

/** Counts tokens without building a syntax tree, stopping as soon as the limit is passed. */
function tokenCountExceeds(query: string, maxTokens: number): boolean {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      count += 1;
      if (count > maxTokens) return true;
    }
  } catch {
    // A lexing error is the parser's to report.
  }
  return false;
}

/**
 * Query texts known to be within the token limit (most requests repeat a handful), at most
 * `capacity` characters of them in all, the oldest forgotten first.
 */
class WithinTokenLimit {
  readonly #known = new Set<string>();
  readonly #capacity: number;
  #size = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  has(query: string): boolean {
    return this.#known.has(query);
  }

  add(query: string): void {
    if (query.length > this.#capacity / 16) return;
    // A Set iterates in insertion order: the first is the oldest.
    for (const oldest of this.#known) {
      if (this.#size + query.length <= this.#capacity) break;
      this.#known.delete(oldest);
      this.#size -= oldest.length;
    }
    this.#known.add(query);
    this.#size += query.length;
  }
}

/**
 * An operation's measure, per parsed document (yoga's parse cache hands out the same document for
 * the same text), then per variables and number of accounts: the measure depends on nothing else.
 */
class Measures {
  readonly #byDocument = new WeakMap<DocumentNode, Map<string, OperationMeasure>>();

  get(document: DocumentNode, key: string, measure: () => OperationMeasure): OperationMeasure {
    let known = this.#byDocument.get(document);
    if (!known) {
      known = new Map();
      this.#byDocument.set(document, known);
    }
    let found = known.get(key);
    if (!found) {
      found = measure();
      // Variables are the caller's: only short keys are kept, at most 64 per document.
      if (key.length <= 1024) {
        if (known.size >= 64) known.delete(known.keys().next().value as string);
        known.set(key, found);
      }
    }
    return found;
  }
}

/**
 * Rejects documents too large, deep, aliased or costly before any resolver runs. The token limit
 * applies while parsing; the others once the variables are known, so `first: $first` counts
 * with its real value.
 */
export function useQueryLimits(options: Partial<QueryLimits> = {}): Plugin {
  const limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...options };
  const withinTokenLimit = new WithinTokenLimit(1_000_000);
  const measures = new Measures();
  return {
    onParams({ params, setResult }) {
      const { query } = params;
      if (typeof query !== 'string' || withinTokenLimit.has(query)) return;
      if (!tokenCountExceeds(query, limits.maxTokens)) {
        withinTokenLimit.add(query);
      } else {
        setResult({
          errors: [
            createGraphQLError(`The document has more than ${limits.maxTokens} tokens.`, {
              extensions: { code: 'TOO_MANY_TOKENS' },
            }),
          ],
        });
      }
    },
    onParse({ setParseFn }) {
      // A backstop for documents that reach parsing another way.
      setParseFn((source, parseOptions) =>
        parse(source, { ...parseOptions, maxTokens: limits.maxTokens }),
      );
    },
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      const accounts = (args.contextValue as Partial<GatewayContext>).gateway?.accounts.length ?? 1;
      const variables = args.variableValues ?? {};
      const measure = measures.get(
        args.document,
        `${args.operationName ?? ''}\u0000${accounts}\u0000${JSON.stringify(variables)}`,
        () =>
          measureOperation(args.schema, args.document, operation, variables, {
            'Query.connectedAccounts': accounts,
          }),
      );
      const violations = limitViolations(measure, limits);
      if (violations.length > 0) {
        setResultAndStopExecution({
          errors: violations.map(({ message, code }) =>
            createGraphQLError(message, { extensions: { code } }),
          ),
        });
      }
    },
  };
}
