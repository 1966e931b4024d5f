import { type Attributes, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { VendorHttpEvents } from '../http/vendor-http-events.ts';

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
