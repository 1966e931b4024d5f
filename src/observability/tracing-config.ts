type Env = Record<string, string | undefined>;

/**
 * Tracing is on when an OTLP endpoint is set through the standard variables
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) and
 * `OTEL_SDK_DISABLED` is not `true`. Kept apart from the SDK so that deciding costs nothing.
 */
export function tracingConfigured(env: Env): boolean {
  if ((env.OTEL_SDK_DISABLED ?? '').toLowerCase() === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}
