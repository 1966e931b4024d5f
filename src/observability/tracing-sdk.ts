import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';

/**
 * The OpenTelemetry SDK, loaded only when tracing is configured (`src/app/start.ts` imports this
 * module dynamically): with tracing off the gateway never loads it.
 */

export interface TracingSdkOptions {
  /**
   * `service.name` of every span.
   * @default OTEL_SERVICE_NAME or 'chatgraph'
   */
  serviceName?: string;
  /**
   * Where spans go. The default exports them over OTLP/HTTP to the endpoint of the standard
   * variables (`OTEL_EXPORTER_OTLP_ENDPOINT`, `…_TRACES_ENDPOINT`, `…_HEADERS`), in batches.
   * @default a BatchSpanProcessor over an OTLPTraceExporter
   */
  spanProcessor?: SpanProcessor;
}

export interface Tracing {
  tracer: Tracer;
  /** Flushes the spans not yet exported and stops. */
  shutdown(): Promise<void>;
}

/** Registers a global tracer provider (with async context propagation) and returns its tracer. */
export function startTracing(options: TracingSdkOptions = {}): Tracing {
  const {
    serviceName = process.env.OTEL_SERVICE_NAME || 'chatgraph',
    spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter()),
  } = options;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [spanProcessor],
  });
  provider.register();
  return {
    tracer: provider.getTracer('chatgraph'),
    shutdown: () => provider.shutdown(),
  };
}
