import { type Plugin, useReadinessCheck } from 'graphql-yoga';
import type { EventBus } from '../events/event-bus.ts';
import type { RedisConnection } from '../redis/redis-connection.ts';

/** One readiness check: resolves when ready, throws (or rejects) saying why not. */
export type ReadinessCheck = () => void | Promise<void>;

/**
 * A check whose failure leaves the instance ready but degraded: it still serves what it can
 * (queries, its own subscribers), so an orchestrator should keep routing traffic to it.
 */
export interface DegradingCheck {
  check: ReadinessCheck;
  degrades: true;
}

export interface ReadinessOptions {
  /**
   * Where readiness is answered: 200 when every check passes, 503 otherwise, with a JSON body
   * naming each check and, for a failing one, why. A failing degrading check answers 200 with
   * `"degraded": true`.
   * @default '/ready'
   */
  endpoint?: string;
  /**
   * The checks, by name. None: ready whenever the process answers.
   * @default {}
   */
  checks?: Record<string, ReadinessCheck | DegradingCheck>;
  /**
   * Longest a check may take, in milliseconds, before it counts as failed.
   * @default 2000
   */
  timeoutMs?: number;
}

async function run(check: ReadinessCheck, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Readiness beside yoga's liveness (`/health`): whether this instance should get traffic. The
 * gateway checks that its config is loaded, that it is not shutting down, and in sandbox mode
 * that the embedded sandbox answers.
 */
export function useReadiness(options: ReadinessOptions = {}): Plugin {
  const { endpoint = '/ready', checks = {}, timeoutMs = 2_000 } = options;
  return useReadinessCheck({
    endpoint,
    async check({ fetchAPI }) {
      const names = Object.keys(checks);
      const entries = names.map((name) => checks[name]!);
      const results = await Promise.all(
        entries.map((entry) => run(typeof entry === 'function' ? entry : entry.check, timeoutMs)),
      );
      const report = Object.fromEntries(names.map((name, index) => [name, results[index]]));
      const failed = entries.filter((_, index) => results[index] !== 'ok');
      const ready = failed.every((entry) => typeof entry !== 'function' && entry.degrades);
      const degraded = failed.length > 0 && ready;
      const body = degraded ? { ready, degraded, checks: report } : { ready, checks: report };
      return new fetchAPI.Response(JSON.stringify(body), {
        status: ready ? 200 : 503,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      });
    },
  });
}

export interface GatewayReadinessOptions {
  /** True once the gateway is shutting down: from then on it is not ready. */
  stopping: () => boolean;
  /** Sandbox mode: the embedded sandbox's URL, whose health is checked. */
  sandboxUrl?: string | null;
  /** The Redis connection replicas share, when configured, and the event bus that uses it. */
  redis?: { connection: RedisConnection; events: EventBus } | null;
}

/**
 * The gateway's readiness checks: `config` (always ok: the gateway serves only once its config is
 * loaded and valid), `accepting` (fails once shutting down), in sandbox mode `sandbox` (the
 * embedded sandbox answers its health route) and, with Redis configured, `redis`, which only
 * degrades: without Redis a replica still answers queries and its own subscribers.
 */
export function gatewayReadinessChecks(
  options: GatewayReadinessOptions,
): Record<string, ReadinessCheck | DegradingCheck> {
  const { stopping, sandboxUrl, redis } = options;
  const checks: Record<string, ReadinessCheck | DegradingCheck> = {
    config: () => {},
    accepting: () => {
      if (stopping()) throw new Error('shutting down');
    },
  };
  if (sandboxUrl) {
    checks.sandbox = async () => {
      const response = await fetch(`${sandboxUrl}/_sandbox/health`).catch(() => {
        throw new Error('the sandbox does not answer');
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the sandbox answered ${response.status}`);
    };
  }
  if (redis) checks.redis = { check: () => checkRedis(redis), degrades: true };
  return checks;
}

/** Why Redis does not serve the replicas now (probes need no token: no address, no error text). */
function checkRedis({ connection, events }: { connection: RedisConnection; events: EventBus }) {
  if (!connection.ready) {
    throw new Error(
      `Redis unreachable (${connection.status}): events reach this replica's subscribers only, writes needing Redis refuse`,
    );
  }
  if (!events.health().connected) {
    throw new Error(
      "not listening to other replicas' events yet (Redis subscription reconnecting): this replica's subscribers hear its own events only",
    );
  }
}
