import {
  type DocumentNode,
  type GraphQLError,
  getOperationAST,
  Lexer,
  parse,
  Source,
  TokenKind,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { GatewayContext } from '../context.ts';
import { codedError, refusalError } from '../errors/coded-errors.ts';
import { fieldRepeatsRefusal } from '../limits/field-repeats.ts';
import { measureOperation, type OperationMeasure } from '../limits/measure-operation.ts';
import {
  countDirectives,
  DEFAULT_QUERY_LIMITS,
  type QueryLimits,
  type Refusal,
  refusalOf,
} from '../limits/query-limits.ts';
import type { UpstreamBudgets } from '../limits/upstream-budget.ts';

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

/** What the limits found for one operation of one request. */
interface Verdict {
  measure: OperationMeasure;
  refusal: Refusal | null;
}

/** Entry counts of the plugin's caches, each bounded (for tests and metrics). */
export interface QueryLimitCacheSizes {
  withinTokenLimit: number;
  verdicts: number;
}

export interface QueryLimitsOptions {
  limits?: Partial<QueryLimits>;
  /** How many connected accounts the request's caller sees (the size of `connectedAccounts`). */
  connectedAccounts?: (request: Request) => number;
  /** Per-token budgets of vendor calls; none: no token is limited. */
  budgets?: UpstreamBudgets;
}

function limitError(refusal: Refusal): GraphQLError {
  // Answered like the refusals made at execution always were: status 200 (ERROR_CODES), no data.
  return refusalError(refusal.code, refusal.message);
}

/**
 * Rejects documents too large, deep, aliased, costly or dear upstream before anything else
 * looks at them: the token limit while lexing, the others right before validation (some of
 * graphql-js's rules take time quadratic in a hostile document), with the request's variables
 * so `first: $first` counts with its real value. The measure walks each fragment once and
 * stops at the first limit passed: refusing costs time linear in the document's size. Then,
 * before execution, a token with a budget of vendor calls must have the estimate left.
 */
export function useQueryLimits(options: QueryLimitsOptions = {}): Plugin & {
  cacheSizes(): QueryLimitCacheSizes;
} {
  const limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...options.limits };
  const { connectedAccounts = () => 1, budgets } = options;
  // Most requests repeat a handful of texts; each cache holds at most 4 MB of them.
  const withinTokenLimit = new LRUCache<string, true>({
    max: 2000,
    maxSize: 4_000_000,
    sizeCalculation: (_value, query) => query.length || 1,
  });
  const verdicts = new LRUCache<string, Verdict>({
    max: 2000,
    maxSize: 4_000_000,
    sizeCalculation: (_value, key) => key.length || 1,
  });
  // Validation results by document: documents come from yoga's parse cache, an LRU (server/create-chatgraph.ts).
  const validations = new WeakMap<DocumentNode, readonly Error[]>();
  // The verdict of each operation being run, for the budget check before execution.
  const verdictOf = new WeakMap<object, Verdict>();

  const judge = (
    document: DocumentNode,
    params: { query?: string; operationName?: string; variables?: Record<string, unknown> },
    request: Request,
    schema: Parameters<typeof measureOperation>[0],
  ): Verdict | null => {
    const operation = getOperationAST(document, params.operationName);
    if (!operation) return null;
    const accounts = connectedAccounts(request);
    const variables = params.variables ?? {};
    const key = `${params.query ?? ''}\u0000${params.operationName ?? ''}\u0000${accounts}\u0000${JSON.stringify(variables)}`;
    let verdict = verdicts.get(key);
    if (!verdict) {
      const repeats = fieldRepeatsRefusal(document);
      const measure = measureOperation(schema, document, operation, variables, limits, {
        'Query.connectedAccounts': accounts,
      });
      const refusal: Refusal | null = repeats
        ? { code: 'QUERY_TOO_COMPLEX', message: `The document is too repetitive: ${repeats}.` }
        : refusalOf(measure, countDirectives(document), limits);
      verdict = { measure, refusal };
      verdicts.set(key, verdict);
    }
    return verdict;
  };

  return {
    cacheSizes: () => ({
      withinTokenLimit: withinTokenLimit.size,
      verdicts: verdicts.size,
    }),
    onParams({ params, setResult }) {
      const { query } = params;
      if (typeof query !== 'string' || withinTokenLimit.has(query)) return;
      if (!tokenCountExceeds(query, limits.maxTokens)) {
        withinTokenLimit.set(query, true);
      } else {
        setResult({
          errors: [
            codedError('TOO_MANY_TOKENS', `The document has more than ${limits.maxTokens} tokens.`),
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
    onValidate({ params: { schema, documentAST }, context, setResult }) {
      const { params, request } = context as unknown as {
        params?: { query?: string; operationName?: string; variables?: Record<string, unknown> };
        request: Request;
      };
      const verdict = params ? judge(documentAST, params, request, schema) : null;
      if (verdict) verdictOf.set(context, verdict);
      if (verdict?.refusal) {
        setResult([limitError(verdict.refusal)]);
        return;
      }
      // yoga's own validation cache would keep a refusal (which depends on the variables) as
      // the document's verdict: it is off (server/create-chatgraph.ts), and valid results are kept here instead.
      const known = validations.get(documentAST);
      if (known) {
        setResult(known);
        return;
      }
      return ({ result }) => {
        validations.set(documentAST, result);
      };
    },
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as unknown as GatewayContext;
      const verdict = verdictOf.get(context);
      if (!budgets || !verdict || !context.caller) return;
      const answer = budgets.take(context.caller.name, verdict.measure.upstreamCalls);
      if ('retryAfterSeconds' in answer) {
        setResultAndStopExecution({ errors: [budgetError(verdict, answer.retryAfterSeconds)] });
        return;
      }
      return {
        onExecuteDone() {
          answer.granted.settle(context.cost.upstreamCalls);
        },
      };
    },
    // A subscription starts only while the token could pay for one event; then each event pays
    // what it cost (its context's cost is its own: resolvers/subscription.ts).
    onSubscribe({ args, setResultAndStopExecution }) {
      const context = args.contextValue as unknown as GatewayContext;
      const verdict = verdictOf.get(context);
      if (!budgets || !verdict || !context.caller) return;
      const caller = context.caller.name;
      const answer = budgets.take(caller, verdict.measure.upstreamCalls);
      if ('retryAfterSeconds' in answer) {
        setResultAndStopExecution({ errors: [budgetError(verdict, answer.retryAfterSeconds)] });
        return;
      }
      answer.granted.settle(0);
      return {
        onSubscribeResult() {
          return {
            onNext() {
              budgets.charge(caller, context.cost.upstreamCalls);
            },
          };
        },
      };
    },
  };
}

function budgetError(verdict: Verdict, retryAfter: number): GraphQLError {
  return refusalError(
    'UPSTREAM_BUDGET_EXCEEDED',
    `This token's budget of vendor calls is spent for now: the operation could cause ${verdict.measure.upstreamCalls}. Retry in ${retryAfter} s.`,
    { extensions: { retryAfter }, headers: { 'Retry-After': String(retryAfter) } },
  );
}
