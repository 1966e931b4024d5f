import { getOperationAST, Lexer, parse, Source, TokenKind } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import {
  DEFAULT_QUERY_LIMITS,
  limitViolations,
  measureOperation,
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
 * Rejects documents too large, deep, aliased or costly before any resolver runs. The token limit
 * applies while parsing; the others once the variables are known, so `first: $first` counts
 * with its real value.
 */
export function useQueryLimits(options: Partial<QueryLimits> = {}): Plugin {
  const limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...options };
  return {
    onParams({ params, setResult }) {
      if (typeof params.query === 'string' && tokenCountExceeds(params.query, limits.maxTokens)) {
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
      const measure = measureOperation(
        args.schema,
        args.document,
        operation,
        args.variableValues ?? {},
        {
          'Query.connectedAccounts': accounts,
        },
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
