import { randomUUID } from 'node:crypto';
import { type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import type { UpstreamCallEvent } from '../http/vendor-http-events.ts';

/**
 * How one GraphQL operation ended: `success` without errors, `partial` with data and errors,
 * `error` with errors and no data, `stream` for an incremental result (not inspected).
 */
export type OperationOutcome = 'success' | 'partial' | 'error' | 'stream';

export interface OperationRecord {
  /** The operation's name; null for an anonymous operation or one that did not parse. */
  name: string | null;
  /** `query`, `mutation` or `subscription`; null when execution never started. */
  type: string | null;
  outcome: OperationOutcome;
  /** `extensions.code` of each error of the result (`UNKNOWN` when it has none). */
  errorCodes: string[];
  /** The gateway context the operation ran with; null when execution never started. */
  context: GatewayContext | null;
}

/** One HTTP request as the observability plugins see it. */
export interface RequestRecord {
  /** The caller's `x-request-id` when well-formed, otherwise a new UUID. */
  id: string;
  method: string;
  path: string;
  /** `performance.now()` when the request came in. */
  startedAt: number;
  /** The GraphQL operations of the request, in the order they finished (several when batched). */
  operations: OperationRecord[];
}

// Keyed by the request object itself rather than an AsyncLocalStorage: async context tracking
// hooks every promise of the process (Node 20), and the GraphQL layer makes many per field.
const records = new WeakMap<Request, RequestRecord>();
// The request id of an error a GraphQL result carried, so the log line of a masked error (written
// by yoga, which does not say for which request) can name its request.
const errorRequestIds = new WeakMap<object, string>();
const scopePlugins = new WeakSet<object>();

/** The record of a request the request scope saw: every hook that has the request can read it. */
export function requestRecordOf(request: Request | null | undefined): RequestRecord | undefined {
  return request ? records.get(request) : undefined;
}

/** The id of the request whose result carried `error` (or an error it wraps), when known. */
export function requestIdOfError(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; depth += 1) {
    const id = errorRequestIds.get(current);
    if (id !== undefined) return id;
    current = (current as { originalError?: unknown }).originalError ?? current.cause;
  }
  return undefined;
}

/** Every vendor call of a request, over all its operations, in order. */
export function vendorCallsOf(record: RequestRecord): UpstreamCallEvent[] {
  return record.operations.flatMap((operation) => operation.context?.calls ?? []);
}

/** Upstream calls and credits of a request, summed over its operations. */
export function costOf(record: RequestRecord): { upstreamCalls: number; credits: number } {
  let upstreamCalls = 0;
  let credits = 0;
  for (const operation of record.operations) {
    upstreamCalls += operation.context?.cost.upstreamCalls ?? 0;
    credits += operation.context?.cost.credits ?? 0;
  }
  return { upstreamCalls, credits };
}

/**
 * How a request ended, for logs and metrics: the worst outcome of its operations; `rejected` when
 * it was refused before any operation ran (401, 411, 413, 415, …); null for a response that is
 * not a GraphQL result (GraphiQL's page, a probe).
 */
export function outcomeOfRequest(
  record: RequestRecord,
  status: number,
): OperationOutcome | 'rejected' | null {
  if (record.operations.length === 0) return status >= 400 ? 'rejected' : null;
  const outcomes = new Set(record.operations.map((operation) => operation.outcome));
  for (const outcome of ['error', 'partial', 'stream'] as const) {
    if (outcomes.has(outcome)) return outcome;
  }
  return 'success';
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function outcomeOf(result: unknown): Pick<OperationRecord, 'outcome' | 'errorCodes'> {
  if (result === null || typeof result !== 'object' || Symbol.asyncIterator in result) {
    return { outcome: 'stream', errorCodes: [] };
  }
  const { data, errors = [] } = result as ExecutionResult;
  const errorCodes = errors.map((error) => {
    const code = error.extensions?.code;
    return typeof code === 'string' ? code : 'UNKNOWN';
  });
  if (errors.length === 0) return { outcome: 'success', errorCodes };
  return { outcome: data === null || data === undefined ? 'error' : 'partial', errorCodes };
}

/**
 * Runs one phase of a request, tagging what it throws or rejects with the request's id: yoga
 * logs (and masks) such an error after it has left every plugin hook.
 */
function tagFailures<T>(request: Request | undefined, wrapped: () => T): T {
  const record = requestRecordOf(request);
  if (!record) return wrapped();
  const tag = (error: unknown): never => {
    if (error !== null && typeof error === 'object') errorRequestIds.set(error, record.id);
    throw error;
  };
  try {
    const result = wrapped();
    return result instanceof Promise ? (result.catch(tag) as T) : result;
  } catch (error) {
    return tag(error);
  }
}

const requestOf = (context: unknown) => (context as { request?: Request } | undefined)?.request;

export interface RequestScopeOptions {
  /**
   * The header a request id is read from (when a proxy set one) and answered in.
   * @default 'x-request-id'
   */
  header?: string;
}

/**
 * Gives every request an id (answered in `x-request-id`) and a record, reachable through
 * {@link requestRecordOf} from any hook that has the request, of the operations it ran: name,
 * type, outcome and gateway context (its vendor calls and cost). The errors of its results are
 * tagged with its id ({@link requestIdOfError}), for the log. The logging and metrics plugins add
 * it themselves; several copies in one app act as one.
 */
export function useRequestScope(options: RequestScopeOptions = {}): Plugin {
  const { header = 'x-request-id' } = options;
  const started = new WeakMap<object, { name: string | null; type: string }>();
  const plugin: Plugin = {
    instrumentation: {
      request({ request }, wrapped) {
        // A second scope in the same app (or a mounted app, handed the same request) must not
        // record the request twice.
        if (records.has(request)) return wrapped();
        const url = new URL(request.url, 'http://localhost');
        const given = request.headers.get(header);
        const record: RequestRecord = {
          id: given !== null && REQUEST_ID.test(given) ? given : randomUUID(),
          method: request.method,
          path: url.pathname,
          startedAt: performance.now(),
          operations: [],
        };
        records.set(request, record);
        return wrapped();
      },
      // Reading the request and each operation's parameters (the hooks before the context, an
      // item of a batch), building the context, executing.
      requestParse: ({ request }, wrapped) => tagFailures(request, wrapped),
      operation: ({ request }, wrapped) => tagFailures(request, wrapped),
      context: ({ context }, wrapped) => tagFailures(requestOf(context), wrapped),
      execute: ({ context }, wrapped) => tagFailures(requestOf(context), wrapped),
    },
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      started.set(args.contextValue, {
        name: operation?.name?.value ?? null,
        type: operation?.operation ?? 'query',
      });
      const record = requestRecordOf((args.contextValue as { request?: Request }).request);
      if (!record) return;
      return {
        // Before yoga masks them (its plugin comes after this one), and logs the masked ones.
        onExecuteDone({ result }) {
          if (!result || Symbol.asyncIterator in result) return;
          for (const error of result.errors ?? []) errorRequestIds.set(error, record.id);
        },
      };
    },
    onSubscribe({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      started.set(args.contextValue, {
        name: operation?.name?.value ?? null,
        type: operation?.operation ?? 'subscription',
      });
    },
    onExecutionResult({ result, context }) {
      const record = requestRecordOf(context.request);
      if (!record) return;
      const execution = started.get(context);
      record.operations.push({
        name: execution?.name ?? context.params?.operationName ?? null,
        type: execution?.type ?? null,
        ...outcomeOf(result),
        context: execution ? (context as unknown as GatewayContext) : null,
      });
    },
    onResponse({ request, response }) {
      const record = requestRecordOf(request);
      if (!record) return;
      try {
        response.headers.set(header, record.id);
      } catch {
        // A response with immutable headers (a platform's own) goes out without the id.
      }
    },
  };
  scopePlugins.add(plugin);
  return plugin;
}

/** For plugins that read the request record: adds the request scope unless the app has one. */
export function withRequestScope(plugin: Plugin): Plugin {
  return {
    ...plugin,
    onPluginInit(payload) {
      if (!payload.plugins.some((candidate) => scopePlugins.has(candidate))) {
        payload.addPlugin(useRequestScope());
      }
      plugin.onPluginInit?.(payload);
    },
  };
}
