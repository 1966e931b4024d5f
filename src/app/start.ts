import type { Server } from 'node:http';
import { createResponseCache } from '../cache/create-response-cache.ts';
import { dropStaleBeforePublish, dropStaleOnEvents } from '../cache/drop-stale-answers.ts';
import { defaultRedisConfig, type GatewayConfig } from '../config.ts';
import { createDedupeStore } from '../events/create-dedupe-store.ts';
import { createLiveEvents } from '../events/create-live-events.ts';
import { recordAccountStatus } from '../events/record-account-status.ts';
import { lifetimeSignal } from '../http/deadline.ts';
import { SharedRateBudgets } from '../http/shared-rate-budgets.ts';
import type { VendorHttpEvents } from '../http/vendor-http-events.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { tracingConfigured } from '../observability/tracing-config.ts';
import { combineVendorHttpEvents } from '../observability/vendor-events.ts';
import { usePrometheus } from '../plugins/use-prometheus.ts';
import { gatewayReadinessChecks, useReadiness } from '../plugins/use-readiness.ts';
import { useRequestLog } from '../plugins/use-request-log.ts';
import { useYogaLogger } from '../plugins/use-yoga-logger.ts';
import type { Sandbox } from '../sandbox/index.ts';
import { createChatgraph } from '../server/create-chatgraph.ts';
import { createHttpServer } from '../server/http-server.ts';
import { serveWebSockets } from '../server/websocket-server.ts';
import { connectAccounts } from '../vendors/connect-accounts.ts';
import { PublishQueue } from '../webhooks/publish-queue.ts';
import { webhookPathLines } from '../webhooks/webhook-paths.ts';
import { createIdempotencyStore } from '../writes/create-idempotency-store.ts';
import { type CommandLine, type Env, loadConfig } from './cli.ts';
import { Shutdown } from './lifecycle.ts';
import { deliverSandboxWebhooks, sandboxConfig } from './sandbox-mode.ts';

/**
 * The gateway's wiring: config → connected accounts → the GraphQL app → the HTTP server, with
 * logs, metrics and (when configured) tracing; with no config file, sandbox mode. Loaded only to
 * serve: `--help` and `--check-config` never load the app.
 */

/** Tracing, when configured: the OpenTelemetry SDK is loaded only then, so off it costs nothing. */
async function tracingIfConfigured(env: Env) {
  if (!tracingConfigured(env)) return null;
  const [{ startTracing }, { useTracing }, { vendorCallSpans }] = await Promise.all([
    import('../observability/tracing-sdk.ts'),
    import('../plugins/use-tracing.ts'),
    import('../observability/vendor-call-spans.ts'),
  ]);
  const started = startTracing();
  return {
    shutdown: () => started.shutdown(),
    vendorEvents: vendorCallSpans(started.tracer),
    plugin: useTracing({ tracer: started.tracer }),
  };
}

/**
 * The Redis connection, when the config names one: ioredis is loaded only then, so a gateway
 * without Redis does not hold it (some 5 MB).
 */
async function redisIfConfigured(settings: GatewayConfig['redis'], logger: Logger) {
  if (settings.url === undefined) return null;
  const { connectRedis } = await import('../redis/redis-connection.ts');
  return connectRedis(settings, {
    info: (message) => logger.info(message),
    warn: (message) => logger.warn(message),
  });
}

/** How often a fan of the embedded sandbox writes, with --sandbox-live. */
const SANDBOX_LIVE_INTERVAL_MS = 5_000;

/**
 * The config to serve: the file's, or a sandbox's. Sandbox mode starts the embedded vendor
 * sandbox and connects every account it has.
 */
async function configToServe(
  commandLine: CommandLine,
  env: Env,
  logger: Logger,
): Promise<{ config: GatewayConfig; sandbox: Sandbox | null }> {
  const { fromFile, server } = await loadConfig(commandLine, env);
  if (fromFile) {
    if (commandLine.sandboxLatencyMs > 0) {
      logger.warn('--sandbox-latency / SANDBOX_LATENCY_MS apply to sandbox mode only: ignored');
    }
    if (commandLine.sandboxLive) {
      logger.warn('--sandbox-live / SANDBOX_LIVE apply to sandbox mode only: ignored');
    }
    return { config: { ...fromFile, server }, sandbox: null };
  }
  // REDIS_URL applies in sandbox mode too (replicas of a sandbox gateway share state), and is
  // checked before the sandbox starts.
  const redis = defaultRedisConfig(env);
  const { startSandbox } = await import('../sandbox/index.ts');
  const sandbox = await startSandbox({
    latencyMs: commandLine.sandboxLatencyMs,
    ...(commandLine.sandboxLive ? { live: { intervalMs: SANDBOX_LIVE_INTERVAL_MS } } : {}),
  });
  return { config: { ...sandboxConfig(sandbox, server), redis }, sandbox };
}

/** Listens where the config says; resolves with the port (the one picked when it says 0). */
async function listen(server: Server, settings: GatewayConfig['server']): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, resolve);
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : settings.port;
}

/** Serves the gateway as the command line says, until a signal stops it (see Shutdown). */
export async function startChatgraph(commandLine: CommandLine, env: Env): Promise<void> {
  const logger = createLogger(commandLine.log);
  const metrics = createMetrics();
  const tracing = await tracingIfConfigured(env);
  const vendorEvents: VendorHttpEvents[] = [metrics.vendorHttpEvents()];
  if (tracing) vendorEvents.push(tracing.vendorEvents);

  const { config, sandbox } = await configToServe(commandLine, env, logger);
  // Redis, when configured, keeps what replicas share: sendMessage idempotency keys, live
  // events, kept vendor answers, vendor rate budgets.
  const redis = await redisIfConfigured(config.redis, logger);
  // A send refuses while Redis is unreachable: give it a moment to connect before serving.
  await redis?.untilReady(2_000).catch((error: Error) => logger.warn(error.message));
  // Vendor answers kept across requests; an event drops what it made stale (below).
  const cache = createResponseCache(config.cache, {
    redis,
    observer: metrics.responseCacheObserver(),
  });
  if (cache) metrics.trackCache(() => cache.size);
  logger.info(
    cache
      ? `cache of vendor answers: ${Math.round(config.cache.maxBytes / 1048576)} MiB in memory${cache.sharedAcrossReplicas ? ', shared by every replica through Redis' : ''}`
      : 'cache of vendor answers: off (cache.enabled is false)',
  );
  // With Redis, replicas draw on one rate budget per vendor credential or connection.
  const sharedRateBudgets =
    redis === null
      ? undefined
      : new SharedRateBudgets({
          connection: redis,
          replicas: config.redis.replicas,
          log: { info: (message) => logger.info(message), warn: (message) => logger.warn(message) },
        });
  const connectedAccounts = await connectAccounts(config, {
    warn: (message) => logger.warn(message),
    events: combineVendorHttpEvents(...vendorEvents),
    cache,
    sharedRateBudgets,
  });
  metrics.trackAccounts(connectedAccounts.accounts);
  const shutdown = new Shutdown({ logger, graceMs: commandLine.graceMs });
  const idempotencyStore = createIdempotencyStore(redis);
  // Live events: what webhooks and writes tell, each message once. With Redis, a message's key
  // is kept there (a redelivery landing on another replica is dropped too), and an event
  // published on any replica reaches the subscribers of every replica.
  const events = createLiveEvents(redis, {
    dedupe: createDedupeStore(redis),
    observer: {
      ...metrics.eventBusObserver(),
      // Drops other replicas announced while this one did not listen were missed: what this
      // replica keeps in memory may be stale. (In Redis, a replica whose drop failed drops every
      // shared answer once Redis is back: see RedisSharedTier.)
      onListening: () => cache?.clearHere(),
    },
    log: { info: (message) => logger.info(message), warn: (message) => logger.warn(message) },
    dropStale: cache && dropStaleBeforePublish(cache),
  });
  metrics.trackSubscribers(() => events.bus.subscriberCount());
  const stopRecordingStatus = recordAccountStatus(events, connectedAccounts, {
    warn: (message) => logger.warn(message),
  });
  const stopDroppingStale = cache
    ? dropStaleOnEvents(events, cache, connectedAccounts, {
        warn: (message) => logger.warn(message),
      })
    : () => {};
  const publishes = new PublishQueue({
    onError: (error) => logger.error({ err: error }, 'webhook events not published'),
  });

  const {
    maxBodyBytes,
    maxBatch,
    maxWebhookBodyBytes,
    maxQueuedEvents,
    maxSubscriptions,
    ...limits
  } = config.limits;
  const yoga = createChatgraph({
    connectedAccounts,
    idempotencyStore,
    events,
    webhooks: { maxBodyBytes: maxWebhookBodyBytes, publishes, metrics, logger },
    graphiql: config.server.graphiql,
    introspection: config.server.introspection,
    requestTimeoutMs: config.server.requestTimeoutMs,
    deadlineCutoff: shutdown.deadlineCutoff,
    tokens: config.auth.tokens,
    cors: config.server.cors,
    limits,
    maxBodyBytes,
    maxBatch,
    maxQueuedEvents,
    maxSubscriptions,
    mode: config.server.mode,
    cursorSecret: config.server.cursorSecret,
    probes: [
      useReadiness({
        checks: gatewayReadinessChecks({
          stopping: () => shutdown.stopping,
          sandboxUrl: sandbox?.url,
          redis: redis && { connection: redis, events: events.bus },
        }),
      }),
    ],
    plugins: [
      ...(tracing ? [tracing.plugin] : []),
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
  // Subscriptions over WebSocket on the same path; the sockets close as the grace period ends.
  serveWebSockets(server, yoga, {
    tokens: config.auth.tokens,
    maxMessageBytes: maxBodyBytes,
    maxResponseBytes: limits.maxResponseBytes,
    closeSignal: lifetimeSignal(undefined, shutdown.deadlineCutoff),
  });
  shutdown.onSignals(server, async () => {
    // Deliveries already acknowledged are published before the bus closes.
    await publishes.idle();
    stopRecordingStatus();
    stopDroppingStale();
    await events.close();
    await connectedAccounts.close();
    await cache?.close();
    // After the drain: no request is still sending, so no key is left to settle.
    await idempotencyStore.close();
    await redis?.close();
    await sandbox?.close();
    await tracing?.shutdown();
  });
  const port = await listen(server, config.server);
  const url = `http://${config.server.host}:${port}/graphql`;
  if (sandbox) {
    // Only now is there a gateway to deliver to.
    deliverSandboxWebhooks(sandbox, config.server.host, port);
    logger.info(
      `sandbox mode: the vendor sandbox runs at ${sandbox.url}, ${connectedAccounts.accounts.length} accounts connected, its webhooks delivered here${commandLine.sandboxLive ? ', fans writing live' : ''}`,
    );
  }
  logger.info(
    { url, tracing: tracing !== null },
    `chatgraph listening on ${url}${config.server.graphiql ? ` (GraphiQL: open ${url})` : ''}`,
  );
  const configuredVendors = Object.entries(config.vendors).flatMap(([key, section]) =>
    section === undefined ? [] : [key],
  );
  for (const line of webhookPathLines(connectedAccounts, configuredVendors)) logger.info(line);
  if (config.server.mode === 'both') {
    logger.info(`federation subgraph on http://${config.server.host}:${port}/subgraph`);
  }
}
