import { isSpanContextValid, TraceFlags, trace } from '@opentelemetry/api';
import type { Plugin } from 'graphql-yoga';
import { createLogger, type Logger, withShallowRedaction } from '../observability/logger.ts';
import {
  costOf,
  outcomeOfRequest,
  requestRecordOf,
  vendorCallsOf,
  withRequestScope,
} from '../observability/request-scope.ts';

export interface RequestLogOptions {
  /**
   * Where the request lines go.
   * @default createLogger()
   */
  logger?: Logger;
  /**
   * Paths logged at `debug` only: probes and scrapes that would drown the rest.
   * @default ['/health', '/ready', '/metrics']
   */
  quietPaths?: readonly string[];
  /**
   * Vendor calls listed in one line; the rest are only counted (`vendorCallsOmitted`).
   * @default 50
   */
  maxVendorCalls?: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** The id of the sampled trace the request is part of (tracing on), to find its spans. */
function traceIdOfActiveSpan(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  return spanContext.traceFlags & TraceFlags.SAMPLED ? spanContext.traceId : undefined;
}

/**
 * One log line per request, when its response is ready: request id, method, path, status,
 * duration, each operation with its outcome and error codes, what it cost upstream, and every
 * vendor call with its status, attempt and duration. Never headers, variables or keys.
 */
export function useRequestLog(options: RequestLogOptions = {}): Plugin {
  const {
    logger = createLogger(),
    quietPaths = ['/health', '/ready', '/metrics'],
    maxVendorCalls = 50,
  } = options;
  const quiet = new Set(quietPaths);
  // The line is built below from typed records, never from headers, variables or config.
  const lines = withShallowRedaction(logger);
  // An app mounted in another (mode `both`) answers the same request: log it once.
  const logged = new WeakSet<object>();
  return withRequestScope({
    onResponse({ request, response }) {
      const record = requestRecordOf(request);
      if (!record || logged.has(record)) return;
      logged.add(record);
      const level = quiet.has(record.path) ? 'debug' : response.status >= 500 ? 'error' : 'info';
      if (!lines.isLevelEnabled(level)) return;
      const calls = vendorCallsOf(record);
      const outcome = outcomeOfRequest(record, response.status);
      const line = {
        requestId: record.id,
        method: record.method,
        path: record.path,
        status: response.status,
        durationMs: round(performance.now() - record.startedAt),
        ...(outcome === null ? {} : { outcome }),
        ...(record.operations.length === 0
          ? {}
          : {
              operations: record.operations.map((operation) => ({
                name: operation.name,
                type: operation.type,
                outcome: operation.outcome,
                ...(operation.errorCodes.length > 0 ? { errors: operation.errorCodes } : {}),
              })),
              ...costOf(record),
              vendorCalls: calls.slice(0, maxVendorCalls).map((call) => ({
                vendor: call.vendor,
                route: call.route,
                account: call.externalId,
                status: call.status,
                attempt: call.attempt,
                durationMs: round(call.durationMs),
                ...(call.credits > 0 ? { credits: call.credits } : {}),
                ...(call.errorCode === null ? {} : { errorCode: call.errorCode }),
              })),
              ...(calls.length > maxVendorCalls
                ? { vendorCallsOmitted: calls.length - maxVendorCalls }
                : {}),
            }),
      };
      const traceId = traceIdOfActiveSpan();
      lines[level](
        traceId ? { ...line, traceId } : line,
        record.operations.length > 0 ? 'graphql request' : 'request',
      );
    },
  });
}
