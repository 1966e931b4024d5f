import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  type Attributes,
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import {
  defaultFieldResolver,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  getOperationAST,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import type { VendorHttpEvents } from '../http/vendor-http-events.ts';
import { requestRecordOf } from './request-scope.ts';

/** Which resolvers get a span of their own, by parent type and field. */
export type TracedFields = (typeName: string, fieldName: string, schema: GraphQLSchema) => boolean;

/** Root fields: where a query's work starts, and few per request. */
export const ROOT_FIELDS: TracedFields = (typeName, _fieldName, schema) =>
  typeName === schema.getQueryType()?.name || typeName === schema.getMutationType()?.name;

export interface TracingOptions {
  /**
   * Where spans are made.
   * @default trace.getTracer('chatgraph')
   */
  tracer?: Tracer;
  /**
   * Resolvers with a span of their own (vendor calls they start become its children).
   * @default ROOT_FIELDS
   */
  fields?: TracedFields;
}

const headerGetter = {
  keys: (headers: Headers) => [...headers.keys()],
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
};

/** Calls `wrapped` and `done` after it, whether it returns, resolves, throws or rejects. */
function settle<T>(wrapped: () => T, done: (error?: unknown) => void): T {
  let result: T;
  try {
    result = wrapped();
  } catch (error) {
    done(error);
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => {
        done();
        return value;
      },
      (error: unknown) => {
        done(error);
        throw error;
      },
    ) as T;
  }
  done();
  return result;
}

function fail(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : undefined,
  });
}

/** A copy of the schema whose chosen resolvers run in a span of their own. */
function traceResolvers(schema: GraphQLSchema, tracer: Tracer, fields: TracedFields) {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => {
      if (!fields(typeName, fieldName, schema)) return config;
      const resolve: GraphQLFieldResolver<unknown, unknown> =
        config.resolve ?? defaultFieldResolver;
      return {
        ...config,
        resolve: (source, args, contextValue, info) =>
          tracer.startActiveSpan(
            `resolve ${typeName}.${fieldName}`,
            {
              attributes: {
                'graphql.field.name': fieldName,
                'graphql.field.type': String(info.returnType),
                'graphql.field.parent_type': typeName,
              },
            },
            (span) =>
              settle(
                () => resolve(source, args, contextValue, info),
                (error) => {
                  if (error !== undefined) fail(span, error);
                  span.end();
                },
              ),
          ),
      };
    },
  });
}

/**
 * OpenTelemetry spans: one SERVER span per HTTP request (continuing the caller's trace when it
 * sends `traceparent`), with the operation's name, type and upstream cost; one span per resolver
 * of note (root fields by default). Vendor calls get theirs from {@link vendorCallSpans}, as
 * children of whatever span is active when the call is made. Without a registered tracer
 * provider every span is a no-op; the gateway adds this plugin only when tracing is configured.
 */
export function useTracing(options: TracingOptions = {}): Plugin {
  const { tracer = trace.getTracer('chatgraph'), fields = ROOT_FIELDS } = options;
  const traced = new WeakSet<GraphQLSchema>();
  const spans = new WeakSet<Request>();
  return {
    instrumentation: {
      request({ request }, wrapped) {
        // An app mounted in another (mode `both`) handles the same request: one span for it.
        if (spans.has(request)) return wrapped();
        const parent = propagation.extract(context.active(), request.headers, headerGetter);
        const url = new URL(request.url, 'http://localhost');
        const span = tracer.startSpan(
          `${request.method} ${url.pathname}`,
          {
            kind: SpanKind.SERVER,
            attributes: { 'http.request.method': request.method, 'url.path': url.pathname },
          },
          parent,
        );
        spans.add(request);
        return context.with(trace.setSpan(parent, span), () =>
          settle(wrapped, (error) => {
            if (error !== undefined) fail(span, error);
            span.end();
          }),
        );
      },
    },
    onSchemaChange({ schema, replaceSchema }) {
      if (traced.has(schema)) return;
      const wrapped = traceResolvers(schema, tracer, fields);
      traced.add(wrapped);
      replaceSchema(wrapped);
    },
    onExecute({ args }) {
      const span = trace.getActiveSpan();
      const operation = getOperationAST(args.document, args.operationName);
      if (!span || !operation) return;
      span.setAttributes({
        'graphql.operation.type': operation.operation,
        ...(operation.name ? { 'graphql.operation.name': operation.name.value } : {}),
      });
      return {
        onExecuteDone() {
          const { cost } = args.contextValue as unknown as Partial<GatewayContext>;
          if (cost) {
            span.setAttributes({
              'chatgraph.upstream_calls': cost.upstreamCalls,
              'chatgraph.credits': cost.credits,
            });
          }
        },
      };
    },
    onResponse({ request, response }) {
      const span = trace.getActiveSpan();
      if (!span) return;
      const record = requestRecordOf(request);
      if (record) span.setAttribute('chatgraph.request_id', record.id);
      span.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    },
  };
}

/**
 * VendorHttp hooks that trace vendor calls: one CLIENT span per HTTP attempt, timed by the
 * attempt's own duration and made a child of the span active when the call was made (the request
 * or a traced resolver); retries become events on that span. No URL, header or key is recorded.
 */
export function vendorCallSpans(
  tracer: Tracer = trace.getTracer('chatgraph'),
): Pick<VendorHttpEvents, 'onCall' | 'onRetry'> {
  return {
    onCall(event) {
      const end = performance.timeOrigin + performance.now();
      const attributes: Attributes = {
        'peer.service': event.vendor,
        'chatgraph.vendor': event.vendor,
        'chatgraph.route': event.route,
        'chatgraph.attempt': event.attempt,
        'chatgraph.credits': event.credits,
        ...(event.externalId === null ? {} : { 'chatgraph.connected_account': event.externalId }),
        ...(event.status === null ? {} : { 'http.response.status_code': event.status }),
        ...(event.errorCode === null ? {} : { 'error.type': event.errorCode }),
      };
      const span = tracer.startSpan(`${event.vendor} ${event.route}`, {
        kind: SpanKind.CLIENT,
        startTime: end - event.durationMs,
        attributes,
      });
      if (event.errorCode !== null) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: event.errorCode });
      }
      span.end(end);
    },
    onRetry(info) {
      trace.getActiveSpan()?.addEvent('vendor retry', {
        'chatgraph.vendor': info.vendor,
        'chatgraph.route': info.route,
        'chatgraph.attempt': info.attempt,
        'chatgraph.retry_delay_ms': info.delayMs,
        'error.type': info.errorCode,
      });
    },
  };
}
