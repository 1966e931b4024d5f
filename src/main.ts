import { parseArgs } from 'node:util';
import type { Plugin } from 'graphql-yoga';
import {
  ConfigError,
  defaultServerConfig,
  type GatewayConfig,
  loadConfigFile,
  readServerSetting,
} from './config.ts';
import type { VendorHttpEvents } from './http/vendor-http-events.ts';
import { type LogLevel, loggerOptionsFromEnv } from './observability/log-settings.ts';
import { tracingConfigured } from './observability/tracing-config.ts';
import type { Sandbox } from './sandbox/index.ts';

const HELP = `chatgraph — one GraphQL API over OnlyFans and Fansly chats

Usage: npm start -- [--config <file>] [options]

Options:
  --config <file>           the gateway's JSON config (see README); without one, sandbox mode
  --check-config            validate the config and the environment, print the problems, and exit
  --mode <mode>             plain (the published schema on /graphql), subgraph (the Apollo
                            Federation subgraph on /graphql) or both (subgraph on /subgraph);
                            overrides server.mode
  --port <port>             where to listen (overrides PORT and server.port; 0 picks a free port)
  --host <host>             the address to listen on (overrides HOST and server.host)
  --shutdown-grace <ms>     on SIGTERM/SIGINT, how long requests in flight may finish (default 10000)
  --sandbox-latency <ms>    sandbox mode: delay every answer of the embedded sandbox (default 0)
  -h, --help                this text

Environment:
  CHATGRAPH_CONFIG          path of the config file, when --config is not given
  PORT, HOST                override server.port and server.host (--port and --host win)
  NODE_ENV=production       GraphiQL and introspection off unless the config turns them on
  LOG_LEVEL                 fatal, error, warn, info (default), debug, trace or silent
  LOG_FORMAT                json (default when stdout is not a terminal) or pretty (default on one)
  SHUTDOWN_GRACE_MS         as --shutdown-grace
  SANDBOX_LATENCY_MS        as --sandbox-latency
  OTEL_EXPORTER_OTLP_ENDPOINT
                            turns tracing on: the OTLP/HTTP collector, e.g. http://collector:4318
                            (also OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS,
                            OTEL_SERVICE_NAME, OTEL_SDK_DISABLED=true); off when unset
  Secrets in the config may be {"env": "NAME"}: they are read from NAME.

Endpoints:
  /graphql   the API (GET also serves GraphiQL when enabled)
  /subgraph  the Apollo Federation subgraph, in mode both (in mode subgraph it is /graphql)
  /health    alive: 200 while the process answers
  /ready     ready for traffic: 200, or 503 with the failing check (shutting down, sandbox down)
  /metrics   Prometheus metrics

Sandbox mode (no config): the embedded vendor sandbox starts in-process and every sandbox
account is connected, so the API answers with realistic data and no vendor credits are spent.
SIGTERM or SIGINT: stop accepting connections, let requests in flight finish (up to the grace
period: those still waiting for vendors near its end answer, unfinished fields with
UPSTREAM_TIMEOUT), close the vendor pools, exit 0.
`;

type Env = Record<string, string | undefined>;

type SchemaMode = GatewayConfig['server']['mode'];

interface Settings {
  log: { level?: LogLevel; pretty?: boolean };
  /** `--mode`, when given: overrides `server.mode`. */
  mode?: SchemaMode;
  graceMs: number;
  sandboxLatencyMs: number;
}

/** Where to listen: `--port`/`--host`, else `PORT`/`HOST`, else the config; each by server.port's and server.host's own rules. */
function listenAddress(
  server: GatewayConfig['server'],
  flags: { port?: string; host?: string },
): GatewayConfig['server'] {
  const problems: string[] = [];
  const portSource = flags.port === undefined ? 'PORT' : '--port';
  const portText = (flags.port ?? process.env.PORT)?.trim();
  const hostSource = flags.host === undefined ? 'HOST' : '--host';
  const hostText = flags.host ?? (process.env.HOST || undefined);
  // An empty or non-decimal port is not a number at all.
  const port =
    portText === undefined
      ? server.port
      : readServerSetting(
          'port',
          /^\d+$/.test(portText) ? Number(portText) : portText,
          portSource,
          problems,
        );
  const host =
    hostText === undefined
      ? server.host
      : readServerSetting('host', hostText, hostSource, problems);
  if (port === undefined || host === undefined) throw new ConfigError(problems);
  return { ...server, host, port };
}

/** A duration in milliseconds from a flag or its variable; the flag wins. */
function milliseconds(
  name: string,
  value: string | undefined,
  fallback: number,
  problems: string[],
): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    problems.push(`${name}: expected a whole number of milliseconds, 0 or more`);
    return fallback;
  }
  return parsed;
}

/** What the flags and environment say beyond the config file; every problem at once. */
function readSettings(
  flags: { mode?: string; 'shutdown-grace'?: string; 'sandbox-latency'?: string },
  env: Env,
): Settings {
  const problems: string[] = [];
  const mode =
    flags.mode === undefined
      ? undefined
      : readServerSetting('mode', flags.mode, '--mode', problems);
  let log: Settings['log'] = {};
  try {
    log = loggerOptionsFromEnv(env, process.stdout.isTTY === true);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const graceMs = milliseconds(
    flags['shutdown-grace'] === undefined ? 'SHUTDOWN_GRACE_MS' : '--shutdown-grace',
    flags['shutdown-grace'] ?? env.SHUTDOWN_GRACE_MS,
    10_000,
    problems,
  );
  const sandboxLatencyMs = milliseconds(
    flags['sandbox-latency'] === undefined ? 'SANDBOX_LATENCY_MS' : '--sandbox-latency',
    flags['sandbox-latency'] ?? env.SANDBOX_LATENCY_MS,
    0,
    problems,
  );
  if (problems.length > 0) throw new ConfigError(problems);
  return { log, graceMs, sandboxLatencyMs, mode };
}

/** The command line; a mistake is a ConfigError (one line, exit 1), never a stack. */
function readFlags() {
  try {
    return parseArgs({
      options: {
        config: { type: 'string' },
        'check-config': { type: 'boolean', default: false },
        mode: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'shutdown-grace': { type: 'string' },
        'sandbox-latency': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    const message = (error as Error).message.replace(/\s*\n\s*/g, ' ');
    throw new ConfigError([`${message} (see npm start -- --help)`]);
  }
}

async function main(): Promise<void> {
  const { values } = readFlags();
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const listenFlags = { port: values.port, host: values.host };
  const settings = readSettings(values, process.env);
  const configPath = values.config ?? process.env.CHATGRAPH_CONFIG;
  if (values['check-config']) {
    if (!configPath) {
      throw new ConfigError([
        '--check-config: no config to check (give --config <file> or CHATGRAPH_CONFIG)',
      ]);
    }
    listenAddress((await loadConfigFile(configPath)).server, listenFlags);
    process.stdout.write(`${configPath}: valid\n`);
    return;
  }

  // Only serving needs the app, its dependencies and the sandbox: --help and --check-config
  // answer without loading them.
  const [
    { createHttpServer },
    { createGateway },
    { createLogger },
    { createMetrics },
    { drainServer, trackInFlight },
    { usePrometheus },
    { gatewayReadinessChecks, useReadiness },
    { useRequestLog },
    { useYogaLogger },
    { combineVendorHttpEvents },
    { startSandbox },
    { sandboxConfig },
    { createChatgraph },
    { DeadlineCutoff },
  ] = await Promise.all([
    import('./http-server.ts'),
    import('./vendors/connect-accounts.ts'),
    import('./observability/logger.ts'),
    import('./observability/metrics.ts'),
    import('./observability/shutdown.ts'),
    import('./observability/use-prometheus.ts'),
    import('./observability/use-readiness.ts'),
    import('./observability/use-request-log.ts'),
    import('./observability/use-yoga-logger.ts'),
    import('./observability/vendor-events.ts'),
    import('./sandbox/index.ts'),
    import('./sandbox-mode.ts'),
    import('./yoga.ts'),
    import('./http/deadline.ts'),
  ]);
  const logger = createLogger(settings.log);
  const metrics = createMetrics();
  const vendorEvents: VendorHttpEvents[] = [metrics.vendorHttpEvents()];
  const earlyPlugins: Plugin[] = [];
  // The OpenTelemetry SDK loads only when tracing is configured: off, it costs nothing.
  let tracing: { shutdown(): Promise<void> } | null = null;
  if (tracingConfigured(process.env)) {
    const { startTracing } = await import('./observability/tracing-sdk.ts');
    const { useTracing, vendorCallSpans } = await import('./observability/use-tracing.ts');
    const started = startTracing();
    tracing = started;
    vendorEvents.push(vendorCallSpans(started.tracer));
    earlyPlugins.push(useTracing({ tracer: started.tracer }));
  }

  let sandbox: Sandbox | null = null;
  let config: GatewayConfig;
  if (configPath) {
    config = await loadConfigFile(configPath);
    config = { ...config, server: listenAddress(config.server, listenFlags) };
    if (settings.sandboxLatencyMs > 0) {
      logger.warn('--sandbox-latency / SANDBOX_LATENCY_MS apply to sandbox mode only: ignored');
    }
  } else {
    sandbox = await startSandbox({ latencyMs: settings.sandboxLatencyMs });
    config = sandboxConfig(sandbox, listenAddress(defaultServerConfig(), listenFlags));
  }
  if (settings.mode !== undefined) {
    config = { ...config, server: { ...config.server, mode: settings.mode } };
  }

  const connectedAccounts = await createGateway(config, {
    warn: (message) => logger.warn(message),
    events: combineVendorHttpEvents(...vendorEvents),
  });
  metrics.trackAccounts(connectedAccounts.accounts);
  let stopping = false;
  const readiness = gatewayReadinessChecks({
    stopping: () => stopping,
    sandboxUrl: sandbox?.url,
  });

  const { maxBodyBytes, maxBatch, ...limits } = config.limits;
  // Brought forward on shutdown: requests still running answer before the grace period ends.
  const deadlineCutoff = new DeadlineCutoff();
  const yoga = createChatgraph({
    connectedAccounts: connectedAccounts,
    graphiql: config.server.graphiql,
    introspection: config.server.introspection,
    requestTimeoutMs: config.server.requestTimeoutMs,
    deadlineCutoff,
    tokens: config.auth.tokens,
    cors: config.server.cors,
    limits,
    maxBodyBytes,
    maxBatch,
    mode: config.server.mode,
    cursorSecret: config.server.cursorSecret,
    probes: [useReadiness({ checks: readiness })],
    plugins: [
      ...earlyPlugins,
      useYogaLogger({ logger }),
      useRequestLog({ logger }),
      usePrometheus({ metrics }),
    ],
  });
  if (config.auth.tokens.length === 0) {
    logger.warn(
      'no gateway tokens configured (auth.tokens): the gateway is open to every caller and shows every account. Fine for local development; configure tokens before exposing it.',
    );
  }
  const server = createHttpServer(yoga);
  const inFlight = trackInFlight(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  const url = `http://${config.server.host}:${port}/graphql`;
  if (sandbox) {
    logger.info(
      `sandbox mode: the vendor sandbox runs at ${sandbox.url}, ${connectedAccounts.accounts.length} accounts connected`,
    );
  }
  logger.info(
    { url, tracing: tracing !== null },
    `chatgraph listening on ${url}${config.server.graphiql ? ` (GraphiQL: open ${url})` : ''}`,
  );
  if (config.server.mode === 'both') {
    logger.info(`federation subgraph on http://${config.server.host}:${port}/subgraph`);
  }

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: closing every connection now');
      server.closeAllConnections();
      return;
    }
    stopping = true;
    // Whatever hangs past the grace period and a margin for closing, the process still ends.
    setTimeout(() => {
      logger.error('shutdown did not finish in time: exiting');
      process.exit(1);
    }, settings.graceMs + 10_000).unref();
    logger.info(
      { signal, graceMs: settings.graceMs, inFlight: inFlight.size },
      'shutting down: no new connections, waiting for the requests in flight',
    );
    const { abandoned } = await drainServer(server, inFlight, {
      graceMs: settings.graceMs,
      cutoff: deadlineCutoff,
    });
    if (abandoned > 0) {
      logger.warn({ abandoned }, 'grace period over: cut the requests still running');
    }
    await connectedAccounts.close();
    await sandbox?.close();
    await tracing?.shutdown();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) console.error(problem);
  } else {
    console.error(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
});
