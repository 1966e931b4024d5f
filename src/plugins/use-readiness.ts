import { type Plugin, useReadinessCheck } from 'graphql-yoga';

/** One readiness check: resolves when ready, throws (or rejects) saying why not. */
export type ReadinessCheck = () => void | Promise<void>;

export interface ReadinessOptions {
  /**
   * Where readiness is answered: 200 when every check passes, 503 otherwise, with a JSON body
   * naming each check and, for a failing one, why.
   * @default '/ready'
   */
  endpoint?: string;
  /**
   * The checks, by name. None: ready whenever the process answers.
   * @default {}
   */
  checks?: Record<string, ReadinessCheck>;
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
      const results = await Promise.all(names.map((name) => run(checks[name]!, timeoutMs)));
      const report = Object.fromEntries(names.map((name, index) => [name, results[index]]));
      const ready = results.every((result) => result === 'ok');
      return new fetchAPI.Response(JSON.stringify({ ready, checks: report }), {
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
}

/**
 * The gateway's readiness checks: `config` (always ok: the gateway serves only once its config is
 * loaded and valid), `accepting` (fails once shutting down) and, in sandbox mode, `sandbox` (the
 * embedded sandbox answers its health route).
 */
export function gatewayReadinessChecks(
  options: GatewayReadinessOptions,
): Record<string, ReadinessCheck> {
  const { stopping, sandboxUrl } = options;
  const checks: Record<string, ReadinessCheck> = {
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
  return checks;
}
