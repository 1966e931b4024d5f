import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.ts';
import { tracingConfigured } from '../../src/observability/tracing-config.ts';
import { startTracing, type Tracing } from '../../src/observability/tracing-sdk.ts';
import { vendorCallSpans } from '../../src/observability/vendor-call-spans.ts';
import { useRequestLog } from '../../src/plugins/use-request-log.ts';
import { useTracing } from '../../src/plugins/use-tracing.ts';
import { schema } from '../../src/schema/index.ts';
import { EXAMPLE_QUERY } from '../../src/server/graphiql.ts';
import { startChatgraph } from './support/chatgraph-process.ts';
import { memoryDestination, type OpsHarness, startOpsHarness } from './support/ops-harness.ts';

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/** The parts of an OTLP/JSON trace export the test reads. */
interface OtlpTraces {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans: Array<{
      spans: Array<{ name: string; traceId: string; spanId: string; parentSpanId?: string }>;
    }>;
  }>;
}

describe('tracing', () => {
  const exporter = new InMemorySpanExporter();
  const logs = memoryDestination();
  let tracing: Tracing;
  let harness: OpsHarness;
  const inboxResolver = schema.getQueryType()!.getFields().inbox!.resolve;

  beforeAll(async () => {
    tracing = startTracing({ spanProcessor: new SimpleSpanProcessor(exporter) });
    harness = await startOpsHarness({
      events: vendorCallSpans(tracing.tracer),
      plugins: [
        useTracing({ tracer: tracing.tracer }),
        useRequestLog({ logger: createLogger({ destination: logs }) }),
      ],
    });
  });
  afterAll(async () => {
    await harness.close();
    await tracing.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });
  beforeEach(() => {
    exporter.reset();
  });

  const requestSpans = () =>
    exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER);
  const vendorSpans = () =>
    exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);

  describe('a request', () => {
    it('makes a request span with a child span for each vendor call', async () => {
      const response = await harness.post(EXAMPLE_QUERY);
      expect(response.status).toBe(200);
      const [request, ...others] = requestSpans();
      expect(others).toEqual([]);
      expect(request!.name).toBe('POST /graphql');
      expect(request!.attributes).toMatchObject({
        'http.request.method': 'POST',
        'http.response.status_code': 200,
        'graphql.operation.name': 'Inbox',
        'graphql.operation.type': 'query',
        'chatgraph.upstream_calls': 8,
        'chatgraph.credits': 4,
        'chatgraph.request_id': response.headers.get('x-request-id'),
      });

      const calls = vendorSpans();
      expect(calls).toHaveLength(8);
      for (const call of calls) {
        expect(call.spanContext().traceId).toBe(request!.spanContext().traceId);
        expect(parentOf(call)).toBe(request!.spanContext().spanId);
        expect(call.name).toMatch(/^(ONLYFANSAPI|OFAUTH) (onlyfans|fansly|ofauth)\.(chats|users)$/);
        expect(call.attributes).toMatchObject({ 'http.response.status_code': 200 });
        expect(typeof call.attributes['chatgraph.connected_account']).toBe('string');
        // The span lasts as long as the vendor call, within the request.
        const [start, end] = [call.startTime, call.endTime].map(([s, ns]) => s * 1e3 + ns / 1e6);
        expect(end! - start!).toBeGreaterThan(0);
        expect(start!).toBeGreaterThanOrEqual(
          request!.startTime[0] * 1e3 + request!.startTime[1] / 1e6 - 1,
        );
      }
    });

    it('records no URL, header or key on vendor spans', async () => {
      await harness.post(EXAMPLE_QUERY);
      const text = JSON.stringify(vendorSpans().map((span) => span.attributes));
      expect(text).not.toContain(harness.sandbox.url);
      expect(text).not.toContain(harness.sandbox.keys.onlyfansapi);
      expect(text).not.toContain(harness.sandbox.keys.ofauth);
    });

    it('gives root fields a span of their own, parent of the vendor calls they make', async () => {
      await harness.post('query Unified { inbox(first: 3) { edges { node { id } } } }');
      const [request] = requestSpans();
      const resolver = exporter
        .getFinishedSpans()
        .find((span) => span.name === 'resolve Query.inbox');
      expect(resolver).toBeDefined();
      expect(parentOf(resolver!)).toBe(request!.spanContext().spanId);
      const calls = vendorSpans();
      expect(calls).toHaveLength(6);
      for (const call of calls) expect(parentOf(call)).toBe(resolver!.spanContext().spanId);
    });

    it('continues the caller trace from traceparent', async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      await harness.post('{ connectedAccounts { id } }', {
        headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      });
      expect(requestSpans()[0]!.spanContext().traceId).toBe(traceId);
      expect(parentOf(requestSpans()[0]!)).toBe('00f067aa0ba902b7');
      expect(logs.lines.at(-1)).toMatchObject({ traceId });
    });

    it('marks failed vendor calls as errors', async () => {
      harness.sandbox.addFault({ route: 'ofauth.chats', kind: 'status', status: 403, times: 1 });
      await harness.post('query Unified { inbox(first: 3) { edges { node { id } } } }');
      const failed = vendorSpans().filter((span) => span.status.code === 2);
      expect(failed).toHaveLength(1);
      expect(failed[0]!.attributes).toMatchObject({
        'http.response.status_code': 403,
        'error.type': 'UPSTREAM_FORBIDDEN',
      });
    });
  });

  describe('in mode both (the subgraph app mounted in the published one)', () => {
    it('makes one request span, and the traced subgraph still prints its SDL', async () => {
      const both = await startOpsHarness({
        events: vendorCallSpans(tracing.tracer),
        chatgraph: { mode: 'both' },
        plugins: [useTracing({ tracer: tracing.tracer })],
      });
      try {
        const response = await both.yoga.fetch('http://chatgraph/subgraph', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ _service { sdl } }' }),
        });
        const body = (await response.json()) as { data: { _service: { sdl: string } } };
        expect(body.data._service.sdl).toContain('type Chat implements Node\n  @key(fields: "id")');
        expect(requestSpans().map((span) => span.name)).toEqual(['POST /subgraph']);
        expect(exporter.getFinishedSpans().map((span) => span.name)).toContain(
          'resolve Query._service',
        );
      } finally {
        await both.close();
      }
    });
  });

  it('leaves the shared schema untouched (the traced copy is the app own)', () => {
    expect(schema.getQueryType()!.getFields().inbox!.resolve).toBe(inboxResolver);
  });
});

describe('tracingConfigured', () => {
  it('is on only with an OTLP endpoint, and off when the SDK is disabled', () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(
      tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' }),
    ).toBe(true);
    expect(
      tracingConfigured({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_SDK_DISABLED: 'true',
      }),
    ).toBe(false);
  });
});

describe('npm start with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  let collector: Server;
  const received: Array<{ path: string; contentType: string; body: Buffer }> = [];

  beforeAll(async () => {
    collector = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({
          path: request.url ?? '',
          contentType: request.headers['content-type'] ?? '',
          body: Buffer.concat(chunks),
        });
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

  it('exports the spans over OTLP/HTTP (flushed at shutdown at the latest)', async () => {
    const { port } = collector.address() as AddressInfo;
    const chatgraph = await startChatgraph([], {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_SERVICE_NAME: 'chatgraph-under-test',
    });
    const response = await fetch(chatgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: EXAMPLE_QUERY }),
    });
    expect(response.status).toBe(200);
    expect(await chatgraph.stop()).toBe(0);
    expect(chatgraph.logLines()).toContainEqual(expect.objectContaining({ tracing: true }));
    const traces = received.filter((entry) => entry.path === '/v1/traces');
    expect(traces.length).toBeGreaterThan(0);
    expect(traces[0]!.contentType).toBe('application/json');
    const exported = traces.flatMap(
      (entry) => (JSON.parse(entry.body.toString('utf8')) as OtlpTraces).resourceSpans,
    );
    expect(exported[0]!.resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'chatgraph-under-test' },
    });
    const spans = exported.flatMap((resource) =>
      resource.scopeSpans.flatMap((scope) => scope.spans),
    );
    const names = spans.map((span) => span.name);
    expect(names).toContain('POST /graphql');
    expect(names).toContain('resolve Query.connectedAccounts');
    expect(names.filter((name) => name === 'ONLYFANSAPI onlyfans.chats')).toHaveLength(2);
    expect(names).toContain('OFAUTH ofauth.users');
    const request = spans.find((span) => span.name === 'POST /graphql')!;
    const chats = spans.filter((span) => span.name.endsWith('.chats'));
    expect(chats).toHaveLength(6);
    for (const span of chats) {
      expect(span.traceId).toBe(request.traceId);
      expect(span.parentSpanId).toBe(request.spanId);
    }
  });
});
