import type { Vendor } from '../domain.ts';
import { type Clock, systemClock } from './clock.ts';
import {
  UpstreamCircuitOpenError,
  type UpstreamError,
  UpstreamInvalidResponseError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from './errors.ts';
import {
  type CircuitState,
  type CircuitStateChangeInfo,
  emit,
  type VendorCallSite,
} from './vendor-http-events.ts';

export interface CircuitBreakerOptions {
  /**
   * Consecutive calls finding the vendor down (unavailable, timed out, an invalid body) that open
   * the circuit.
   * @default 5
   */
  failureThreshold?: number;
  /**
   * How long an open circuit answers at once before letting one probe through, in milliseconds.
   * @default 10000
   */
  cooldownMs?: number;
}

export type ResolvedCircuitBreakerOptions = Required<CircuitBreakerOptions>;

export const DEFAULT_CIRCUIT_BREAKER_OPTIONS: ResolvedCircuitBreakerOptions = {
  failureThreshold: 5,
  cooldownMs: 10_000,
};

export function resolveCircuitBreakerOptions(
  options: CircuitBreakerOptions = {},
): ResolvedCircuitBreakerOptions {
  const resolved = {
    failureThreshold: options.failureThreshold ?? DEFAULT_CIRCUIT_BREAKER_OPTIONS.failureThreshold,
    cooldownMs: options.cooldownMs ?? DEFAULT_CIRCUIT_BREAKER_OPTIONS.cooldownMs,
  };
  if (!(Number.isInteger(resolved.failureThreshold) && resolved.failureThreshold >= 1)) {
    throw new RangeError('circuitBreaker.failureThreshold must be an integer ≥ 1');
  }
  if (!(resolved.cooldownMs >= 0)) throw new RangeError('circuitBreaker.cooldownMs must be ≥ 0');
  return resolved;
}

/** How one HTTP attempt bears on the vendor's health. */
export type AttemptVerdict = 'success' | 'failure' | 'abandoned';

/**
 * `failure` when the outcome says the vendor is down (unavailable, our own timeout, a body that is
 * not what it should be); `abandoned` when the caller gave up (its deadline says nothing about the
 * vendor); `success` for any answer, 4xx and 429 included: the vendor is up and talking.
 */
export function verdictOf(error: UpstreamError | null, callerAborted: boolean): AttemptVerdict {
  if (error === null) return 'success';
  if (callerAborted) return 'abandoned';
  const down =
    error instanceof UpstreamUnavailableError ||
    error instanceof UpstreamTimeoutError ||
    error instanceof UpstreamInvalidResponseError;
  return down ? 'failure' : 'success';
}

/** Proof of admission: whether this call is the half-open probe. */
export interface CircuitTicket {
  readonly key: string;
  readonly probe: boolean;
}

interface Circuit {
  state: CircuitState;
  consecutiveFailures: number;
  openedAt: number;
  probing: boolean;
}

/**
 * One breaker per connected account (calls made for none share one), each a three-state machine:
 *
 * - closed: calls pass. Each attempt whose verdict is `failure` adds to a count of consecutive
 *   failures; a `success` resets it. Reaching `failureThreshold` opens the circuit.
 * - open: calls fail at once with {@link UpstreamCircuitOpenError}, no HTTP, until `cooldownMs`
 *   has passed since it opened. Outcomes of calls admitted before it opened are ignored.
 * - half-open: the first call after the cool-down is the probe; others still fail at once while it
 *   runs. The probe's `success` closes the circuit, its `failure` opens it for another cool-down;
 *   an `abandoned` probe (its caller's deadline) decides nothing, and the next call probes.
 */
export class CircuitBreaker {
  readonly #vendor: Vendor;
  readonly #options: ResolvedCircuitBreakerOptions;
  readonly #onChange: ((info: CircuitStateChangeInfo) => void) | undefined;
  readonly #circuits = new Map<string, Circuit>();
  readonly #clock: Clock;

  constructor(
    vendor: Vendor,
    options: ResolvedCircuitBreakerOptions,
    onChange?: (info: CircuitStateChangeInfo) => void,
    clock: Clock = systemClock,
  ) {
    this.#vendor = vendor;
    this.#options = options;
    this.#onChange = onChange;
    this.#clock = clock;
  }

  /** Throws at once when the circuit would turn the call away; claims nothing. */
  check(site: VendorCallSite): void {
    const circuit = this.#circuits.get(keyOf(site.externalId));
    if (circuit === undefined || circuit.state === 'closed') return;
    const now = this.#clock.now();
    if (circuit.state === 'open' && now - circuit.openedAt < this.#options.cooldownMs) {
      throw this.#openError(site, circuit, now);
    }
    if (circuit.state === 'half-open' && circuit.probing) throw this.#openError(site, circuit, now);
  }

  /** Lets the call through (claiming the probe when half-open) or throws. */
  admit(site: VendorCallSite): CircuitTicket {
    const key = keyOf(site.externalId);
    const circuit = this.#circuits.get(key);
    if (circuit === undefined || circuit.state === 'closed') return { key, probe: false };
    const now = this.#clock.now();
    if (circuit.state === 'open') {
      if (now - circuit.openedAt < this.#options.cooldownMs) {
        throw this.#openError(site, circuit, now);
      }
      this.#move(key, circuit, 'half-open');
    }
    if (circuit.probing) throw this.#openError(site, circuit, now);
    circuit.probing = true;
    return { key, probe: true };
  }

  record(ticket: CircuitTicket, verdict: AttemptVerdict): void {
    const circuit = this.#circuits.get(ticket.key);
    if (circuit === undefined) {
      if (verdict === 'failure') this.#fail(ticket.key, this.#closedCircuit(ticket.key));
      return;
    }
    if (circuit.state === 'closed') {
      if (verdict === 'failure') this.#fail(ticket.key, circuit);
      else if (verdict === 'success') this.#circuits.delete(ticket.key);
      return;
    }
    if (circuit.state !== 'half-open' || !ticket.probe) return;
    circuit.probing = false;
    if (verdict === 'success') {
      this.#move(ticket.key, circuit, 'closed');
      this.#circuits.delete(ticket.key);
    } else if (verdict === 'failure') {
      circuit.openedAt = this.#clock.now();
      this.#move(ticket.key, circuit, 'open');
    }
  }

  state(externalId: string | null = null): CircuitState {
    return this.#circuits.get(keyOf(externalId))?.state ?? 'closed';
  }

  #closedCircuit(key: string): Circuit {
    const circuit: Circuit = {
      state: 'closed',
      consecutiveFailures: 0,
      openedAt: 0,
      probing: false,
    };
    this.#circuits.set(key, circuit);
    return circuit;
  }

  #fail(key: string, circuit: Circuit): void {
    circuit.consecutiveFailures += 1;
    if (circuit.consecutiveFailures >= this.#options.failureThreshold) {
      circuit.openedAt = this.#clock.now();
      this.#move(key, circuit, 'open');
    }
  }

  #move(key: string, circuit: Circuit, to: CircuitState): void {
    const from = circuit.state;
    circuit.state = to;
    emit(this.#onChange, {
      vendor: this.#vendor,
      externalId: key === '' ? null : key,
      from,
      to,
      consecutiveFailures: to === 'open' ? circuit.consecutiveFailures : 0,
    });
  }

  #openError(site: VendorCallSite, circuit: Circuit, now: number): UpstreamCircuitOpenError {
    const waitMs = Math.max(0, circuit.openedAt + this.#options.cooldownMs - now);
    const account = site.externalId ?? 'the credential';
    const until =
      circuit.state === 'half-open'
        ? 'a probe call is under way'
        : `not calling the vendor for ${Math.ceil(waitMs / 1000)} s`;
    return new UpstreamCircuitOpenError(
      `${site.vendor} ${site.route}: circuit open for ${account} after ${circuit.consecutiveFailures} consecutive failures; ${until}`,
      { ...site, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) },
    );
  }
}

function keyOf(externalId: string | null): string {
  return externalId ?? '';
}
