// First: graphql-jit must be loaded with its memoization caches replaced (see the module).
import './jit-memo-cache.ts';
import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  getOperationAST,
  getVariableValues,
  type Source,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/**
 * Whether an operation runs compiled: only a query or mutation whose variables are valid and
 * whose operation type the schema has. The others go to the standard executor, which refuses them
 * with graphql-js's own errors (400, `BAD_USER_INPUT`, `OPERATION_NOT_SUPPORTED`), as it always
 * did. Subscriptions run there too: their source renews the context before each event
 * (resolvers/subscription.ts), which the standard executor's one event at a time honours.
 */
export function compiledExecutionFits(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation || operation.operation === 'subscription') return false;
  if (!args.schema.getRootType(operation.operation)) return false;
  const { errors } = getVariableValues(
    args.schema,
    operation.variableDefinitions ?? [],
    args.variableValues ?? {},
    { maxErrors: 1 },
  );
  return errors === undefined;
}

/** Offsets in `source` of each line's first character. */
function lineStarts(source: Source): number[] {
  const starts = [0];
  const { body } = source;
  for (let index = 0; index < body.length; index += 1) {
    if (body.charCodeAt(index) === 10) starts.push(index + 1);
  }
  return starts;
}

/**
 * A compiled operation's field error as graphql-js makes one. graphql-jit's errors carry
 * `locations` but not the source and positions they come from, which every later step that
 * rebuilds an error (masking, serialization) reads: without this they would lose their
 * `locations`.
 */
function withSource(error: GraphQLError, source: Source, starts: () => number[]): GraphQLError {
  if (error.source !== undefined || error.nodes !== undefined || !error.locations?.length) {
    return error;
  }
  const positions = error.locations.map(
    ({ line, column }) => (starts()[line - 1] ?? 0) + column - 1,
  );
  return new GraphQLError(error.message, {
    source,
    positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

export interface CompiledExecutionOptions {
  /**
   * Parsed documents by query text: yoga's parse cache. A document leaving the plans is dropped
   * from it too, so that nothing keyed by the document (graphql-jit's own per-document cache)
   * keeps its plan alive.
   */
  documents?: { delete(query: string): unknown };
  /**
   * Compiled plans kept, the least recently used dropped first. A plan weighs some 100–200 KB.
   * @default 100
   */
  maxPlans?: number;
  /**
   * Runs of a query text before it is compiled: compiling costs more than running once, and a
   * text seen once (a stream of distinct documents) is never worth a plan.
   * @default 2
   */
  compileAfter?: number;
}

/** Entry counts of the caches of compiled execution, each bounded (for tests and metrics). */
export interface CompiledExecutionCacheSizes {
  plans: number;
  sightings: number;
}

type CompiledPlan = NonNullable<Parameters<typeof useGraphQlJit>[1]>['cache'] extends
  | { get(key: string): infer Plan | undefined }
  | undefined
  ? NonNullable<Plan>
  : never;

/**
 * Runs operations compiled by graphql-jit, once their text has been run `compileAfter` times,
 * for a fraction of the standard executor's time and allocation. Plans live in an LRU of
 * `maxPlans`; the others run on the standard executor. Answers are the same: refusals stay with
 * the standard executor, and errors keep their locations.
 */
export function useCompiledExecution(options: CompiledExecutionOptions = {}): Plugin & {
  cacheSizes(): CompiledExecutionCacheSizes;
} {
  const { documents, maxPlans = 100, compileAfter = 2 } = options;
  const plans = new LRUCache<string, CompiledPlan>({
    max: maxPlans,
    dispose: (_plan, query) => documents?.delete(query),
  });
  // How often each recent text ran, at most 2 MB of texts.
  const sightings = new LRUCache<string, number>({
    max: 5000,
    maxSize: 2_000_000,
    sizeCalculation: (_count, query) => query.length || 1,
  });
  const textOf = (document: DocumentNode) => document.loc?.source.body;
  const worthCompiling = (args: ExecutionArgs): boolean => {
    const query = textOf(args.document);
    if (query === undefined || !compiledExecutionFits(args)) return false;
    if (plans.has(query)) return true;
    const seen = (sightings.get(query) ?? 0) + 1;
    sightings.set(query, seen);
    return seen >= compileAfter;
  };
  return {
    cacheSizes: () => ({ plans: plans.size, sightings: sightings.size }),
    onPluginInit({ addPlugin }) {
      addPlugin(useGraphQlJit({}, { enableIf: worthCompiling, cache: plans }) as Plugin);
    },
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          if (!result || Symbol.asyncIterator in result) return;
          const { errors } = result as ExecutionResult;
          const source = args.document.loc?.source;
          if (!errors?.length || !source) return;
          let starts: number[] | undefined;
          const lines = () => {
            starts ??= lineStarts(source);
            return starts;
          };
          const rebuilt = errors.map((error) => withSource(error, source, lines));
          if (rebuilt.some((error, index) => error !== errors[index])) {
            setResult({ ...result, errors: rebuilt });
          }
        },
      };
    },
  };
}
