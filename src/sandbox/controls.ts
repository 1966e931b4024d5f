import {
  SANDBOX_ROUTES,
  type SandboxFault,
  type SandboxRoute,
  type SandboxRouteStats,
  type SandboxStats,
} from './types.ts';

/**
 * The mutable side of a sandbox: added latency, scripted faults, counters, the credit balance and
 * per-minute rate windows. Shared by the in-process API and the `/_sandbox/...` routes.
 */

const INITIAL_CREDITS = 10_000_000;
const WRITE_ONLY_KINDS: ReadonlySet<SandboxFault['kind']> = new Set([
  'statusAfterWrite',
  'hangAfterWrite',
  'notSent',
]);

interface ActiveFault {
  fault: SandboxFault;
  remaining: number;
}

/** The vendor routes' counters; the webhook counters are kept by the deliveries. */
export type SandboxCallStats = Omit<SandboxStats, 'webhooks'>;

function emptyStats(): SandboxCallStats {
  const routes = {} as Record<SandboxRoute, SandboxRouteStats>;
  for (const route of SANDBOX_ROUTES) routes[route] = { calls: 0, credits: 0, byAccount: {} };
  return { routes, totalCalls: 0, totalCredits: 0 };
}

/** Checks a fault given over HTTP or in process; `times` -1 means until cleared. */
export function normalizeFault(input: unknown): SandboxFault {
  if (typeof input !== 'object' || input === null) throw new TypeError('fault must be an object');
  const fault = input as Partial<SandboxFault>;
  if (fault.route !== '*' && !SANDBOX_ROUTES.includes(fault.route as SandboxRoute)) {
    throw new TypeError(`unknown route ${String(fault.route)}`);
  }
  const kinds = [
    'status',
    'hang',
    'malformed',
    'truncate',
    'statusAfterWrite',
    'hangAfterWrite',
    'notSent',
  ];
  if (!kinds.includes(fault.kind as string)) {
    throw new TypeError(`unknown fault kind ${String(fault.kind)}`);
  }
  if (fault.status !== undefined && !(Number.isInteger(fault.status) && fault.status >= 100)) {
    throw new TypeError('status must be an HTTP status code');
  }
  const times =
    fault.times === undefined ? 1 : fault.times === -1 ? Number.POSITIVE_INFINITY : fault.times;
  if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times > 0))) {
    throw new TypeError('times must be a positive integer, -1 or Infinity');
  }
  return { ...(fault as SandboxFault), times };
}

export class SandboxControls {
  latencyMs: number;
  /** Handles whose vendor session has expired: the accounts lists report them so. */
  readonly expiredSessions = new Set<string>();
  #faults: ActiveFault[] = [];
  #stats = emptyStats();
  #creditsUsed = 0;
  #requestSequence = 0;
  readonly #windows = new Map<string, { window: number; count: number }>();
  readonly #startedAt = Date.now();

  readonly #meterRateLimits: boolean;

  constructor(latencyMs: number, meterRateLimits = true) {
    this.latencyMs = latencyMs;
    this.#meterRateLimits = meterRateLimits;
  }

  addFault(fault: SandboxFault): void {
    const normalized = normalizeFault(fault);
    this.#faults.push({ fault: normalized, remaining: normalized.times! });
  }

  clearFaults(): void {
    this.#faults = [];
  }

  /**
   * Marks a connected account's vendor session expired (or working again); answers whether that
   * changed it, for the vendors announce only a change.
   */
  setSessionExpired(handle: string, expired: boolean): boolean {
    if (this.expiredSessions.has(handle) === expired) return false;
    if (expired) this.expiredSessions.add(handle);
    else this.expiredSessions.delete(handle);
    return true;
  }

  /**
   * Consumes and returns the first fault matching this call, if any. The write-only kinds match
   * write routes only, so a `'*'` fault of that kind waits for the next write.
   */
  takeFault(route: SandboxRoute, handle: string | null, isWrite: boolean): SandboxFault | null {
    const active = this.#faults.find(
      ({ fault }) =>
        (fault.route === '*' || fault.route === route) &&
        (fault.externalId === undefined || fault.externalId === handle) &&
        (isWrite || !WRITE_ONLY_KINDS.has(fault.kind)),
    );
    if (active === undefined) return null;
    active.remaining -= 1;
    if (active.remaining <= 0) this.#faults = this.#faults.filter((entry) => entry !== active);
    return active.fault;
  }

  recordCall(route: SandboxRoute, handle: string | null): void {
    const stats = this.#stats.routes[route];
    stats.calls += 1;
    this.#stats.totalCalls += 1;
    if (handle !== null) stats.byAccount[handle] = (stats.byAccount[handle] ?? 0) + 1;
  }

  /** Charges one credit and returns the balance left. */
  charge(route: SandboxRoute): number {
    this.#stats.routes[route].credits += 1;
    this.#stats.totalCredits += 1;
    this.#creditsUsed += 1;
    return INITIAL_CREDITS - this.#creditsUsed;
  }

  get creditBalance(): number {
    return INITIAL_CREDITS - this.#creditsUsed;
  }

  /**
   * Counts a request in `bucket`'s current minute. Windows are aligned to the sandbox's start so
   * that two sandboxes given the same calls report the same figures.
   */
  countRate(bucket: string, limit: number): { remaining: number; resetAt: number } {
    const elapsed = Date.now() - this.#startedAt;
    const window = Math.floor(elapsed / 60_000);
    if (!this.#meterRateLimits) {
      return {
        remaining: limit,
        resetAt: Math.ceil((this.#startedAt + (window + 1) * 60_000) / 1000),
      };
    }
    const current = this.#windows.get(bucket);
    const count = current?.window === window ? current.count + 1 : 1;
    this.#windows.set(bucket, { window, count });
    return {
      remaining: Math.max(0, limit - count),
      resetAt: Math.ceil((this.#startedAt + (window + 1) * 60_000) / 1000),
    };
  }

  nextRequestId(): string {
    this.#requestSequence += 1;
    return `req_${this.#requestSequence.toString(16).padStart(24, '0')}`;
  }

  stats(): SandboxCallStats {
    return structuredClone(this.#stats);
  }

  resetStats(): void {
    this.#stats = emptyStats();
  }
}
