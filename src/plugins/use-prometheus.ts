import type { Plugin } from 'graphql-yoga';
import { callerOf, TOKEN_REQUIRED, WWW_AUTHENTICATE } from '../auth/request-caller.ts';
import type { GatewayContext } from '../context.ts';
import { refusalResponse } from '../errors/coded-errors.ts';
import { observeLoaderBatches } from '../observability/loader-batches.ts';
import { type ChatgraphMetrics, createMetrics } from '../observability/metrics.ts';
import {
  outcomeOfRequest,
  requestRecordOf,
  withRequestScope,
} from '../observability/request-scope.ts';

export interface PrometheusOptions {
  /**
   * The metrics to feed and expose; pass the same instance's `vendorHttpEvents()` to
   * `connectAccounts(config, { events })` for the vendor metrics.
   * @default createMetrics()
   */
  metrics?: ChatgraphMetrics;
  /**
   * Where the metrics are served, in Prometheus' text format.
   * @default '/metrics'
   */
  endpoint?: string;
}

/**
 * Serves the gateway's Prometheus metrics and feeds the request-side ones: every GraphQL
 * operation by name, type and outcome with its latency, refused requests, and the size of every
 * DataLoader batch. The metrics name every connected account, so they are served only to a caller
 * that sees every account (a `"*"` token, or anyone when the gateway runs without tokens): a
 * scoped token gets 403, a request the gateway's authentication did not admit 401.
 */
export function usePrometheus(options: PrometheusOptions = {}): Plugin {
  const { metrics = createMetrics(), endpoint = '/metrics' } = options;
  // One instance may serve two apps (mode `both`: /graphql and the mounted /subgraph); a request
  // both see is counted once.
  const graphqlEndpoints = new Set<string>();
  const counted = new WeakSet<object>();
  const observeBatch = (loader: string, size: number) =>
    metrics.loaderBatchSize.observe({ loader }, size);
  return withRequestScope({
    onYogaInit({ yoga }) {
      graphqlEndpoints.add(yoga.graphqlEndpoint);
    },
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      const caller = callerOf(request);
      if (!caller) {
        endResponse(
          refusalResponse(fetchAPI, 'UNAUTHENTICATED', TOKEN_REQUIRED, {
            'www-authenticate': WWW_AUTHENTICATE,
          }),
        );
        return;
      }
      if (caller.accounts !== null) {
        const message = 'The metrics name every account: they need a token whose accounts are "*".';
        endResponse(refusalResponse(fetchAPI, 'FORBIDDEN', message));
        return;
      }
      return metrics.registry.metrics().then((text) => {
        endResponse(
          new fetchAPI.Response(request.method === 'HEAD' ? null : text, {
            status: 200,
            headers: { 'content-type': metrics.registry.contentType },
          }),
        );
      });
    },
    onExecute({ args }) {
      const { loaders } = args.contextValue as unknown as Partial<GatewayContext>;
      if (loaders) observeLoaderBatches(loaders, observeBatch);
    },
    onResponse({ request, response }) {
      const record = requestRecordOf(request);
      if (!record || counted.has(record) || !graphqlEndpoints.has(record.path)) return;
      counted.add(record);
      const outcome = outcomeOfRequest(record, response.status);
      if (outcome === null) return;
      const seconds = (performance.now() - record.startedAt) / 1000;
      if (record.operations.length === 0) {
        metrics.observeOperation({ name: null, type: null }, 'rejected', seconds);
      }
      for (const operation of record.operations) {
        metrics.observeOperation(operation, operation.outcome, seconds);
      }
    },
  });
}
