import type { Vendor } from '../domain.ts';
import { AccountSlots } from './account-slots.ts';
import {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitTicket,
  resolveCircuitBreakerOptions,
  verdictOf,
} from './circuit-breaker.ts';
import type { Clock } from './clock.ts';
import { ConnectionSlots } from './connection-slots.ts';
import type { WaitBudget } from './deadline.ts';
import { type UpstreamError, UpstreamTimeoutError } from './errors.ts';
import type { RateBudget, RateLimitState } from './rate-budget.ts';
import type { RateLimitFigures } from './rate-limit-figures.ts';
import {
  RateLimiter,
  type RateLimitOptions,
  type ResolvedRateLimitOptions,
  resolveRateLimitOptions,
} from './rate-limiter.ts';
import type { SharedRateBudgets } from './shared-rate-budgets.ts';
import {
  type CircuitState,
  emit,
  type RateLimitWaitInfo,
  type VendorCallSite,
  type VendorHttpEvents,
} from './vendor-http-events.ts';
import type { GetJsonRequest } from './vendor-request.ts';
import { markNeverSent } from './write-outcome.ts';

export interface AttemptGuardsOptions {
  vendor: Vendor;
  rateLimit: RateLimitOptions | false | undefined;
  documentedRateLimit: ResolvedRateLimitOptions;
  /** The budgets replicas share through Redis; absent: this process's own limiter. */
  sharedRateBudgets: SharedRateBudgets | undefined;
  /** Names the credential in the shared budgets' keys (never the key). */
  credentialId: string;
  circuitBreaker: CircuitBreakerOptions | false | undefined;
  connections: number;
  maxInFlightPerAccount: number;
  events: VendorHttpEvents;
  clock: Clock;
}

/**
 * What every attempt passes before it is sent, in this order: the connected account's circuit
 * breaker (an open circuit answers at once), the rate limit (a place in its queue), the account's
 * slot and a pooled connection, then the request's allowance of vendor calls. After the attempt,
 * the breaker records what its outcome says of the vendor and the slots are handed on.
 */
export class AttemptGuards {
  readonly #limiter: RateBudget | null;
  readonly #breaker: CircuitBreaker | null;
  readonly #slots: ConnectionSlots;
  readonly #accountSlots: AccountSlots;
  readonly #events: VendorHttpEvents;

  constructor(options: AttemptGuardsOptions) {
    const { vendor, events, clock } = options;
    this.#events = events;
    this.#limiter = options.rateLimit === false ? null : rateBudgetOf(options);
    this.#breaker =
      options.circuitBreaker === false
        ? null
        : new CircuitBreaker(
            vendor,
            resolveCircuitBreakerOptions(options.circuitBreaker),
            (info) => emit(events.onCircuitStateChange, info),
            clock,
          );
    this.#slots = new ConnectionSlots(options.connections);
    this.#accountSlots = new AccountSlots(options.maxInFlightPerAccount);
  }

  /** Runs `send` once every guard lets the attempt through; the breaker records its outcome. */
  async guard<T>(
    request: GetJsonRequest,
    site: VendorCallSite,
    budget: WaitBudget,
    send: () => Promise<T>,
  ): Promise<T> {
    // Whatever stops the attempt before `send` left nothing at the vendor: a write may be tried
    // again (see write-outcome.ts).
    try {
      if (request.signal?.aborted) throw deadlinePassedBefore(site);
      this.#breaker?.check(site);
      await this.#limiter?.acquire(site, budget, request.signal);
    } catch (error) {
      throw markNeverSent(error);
    }
    let ticket: CircuitTicket | undefined;
    try {
      if (request.signal?.aborted) throw deadlinePassedBefore(site);
      ticket = this.#breaker?.admit(site);
    } catch (error) {
      this.#limiter?.release(site.externalId, false);
      throw markNeverSent(error);
    }
    let holdingSlots = false;
    try {
      if (!this.#takeFreeSlots(site)) await this.#acquireSlots(request.signal, site);
      holdingSlots = true;
      request.budget?.take(site);
    } catch (error) {
      // Never sent: nothing for the breaker to judge, and the rate limit was not spent.
      if (holdingSlots) this.#releaseSlots(site);
      if (ticket) this.#breaker?.record(ticket, 'abandoned');
      this.#limiter?.release(site.externalId, false);
      throw markNeverSent(error);
    }
    try {
      const response = await send();
      if (ticket) this.#breaker?.record(ticket, 'success');
      return response;
    } catch (error) {
      if (ticket) {
        const verdict = verdictOf(error as UpstreamError, request.signal?.aborted ?? false);
        this.#breaker?.record(ticket, verdict);
      }
      throw error;
    } finally {
      this.#releaseSlots(site);
      this.#limiter?.release(site.externalId, true);
    }
  }

  /** Corrects the rate limit with what an answer said, before its call is released. */
  observeRateLimits(externalId: string | null, figures: RateLimitFigures | null): void {
    this.#limiter?.observe(externalId, figures);
  }

  rateLimitState(externalId: string | null): RateLimitState | null {
    return this.#limiter?.state(externalId) ?? null;
  }

  accountSlotState(externalId: string): { inFlight: number; waiting: number } {
    return this.#accountSlots.state(externalId);
  }

  circuitState(externalId: string | null): CircuitState {
    return this.#breaker?.state(externalId) ?? 'closed';
  }

  /** Fails the calls waiting for the rate limit. */
  close(): void {
    this.#limiter?.close();
  }

  #releaseSlots(site: VendorCallSite): void {
    this.#slots.release();
    if (site.externalId !== null) this.#accountSlots.release(site.externalId);
  }

  /**
   * The account's slot and a pooled connection when both are free, as they are for most calls:
   * taken at once, with none of a wait's callbacks. False (holding neither) when either is not.
   */
  #takeFreeSlots(site: VendorCallSite): boolean {
    const account = site.externalId;
    if (account !== null && !this.#accountSlots.tryAcquire(account)) return false;
    if (this.#slots.tryAcquire()) return true;
    if (account !== null) this.#accountSlots.release(account);
    return false;
  }

  /**
   * The account's slot, then a pooled connection: an account at its bound waits behind its own
   * calls and never takes a connection another account could use. Both waits end with the
   * caller's signal; a slot taken before the other wait fails is handed back.
   */
  async #acquireSlots(signal: AbortSignal | undefined, site: VendorCallSite): Promise<void> {
    const waitingFor = (what: string) => () =>
      new UpstreamTimeoutError(
        `${site.vendor} ${site.route}: the request's deadline passed while waiting for ${what}`,
        site,
      );
    const account = site.externalId;
    if (account !== null) {
      await this.#accountSlots.acquire(account, signal, waitingFor("the account's turn"), () =>
        emit(this.#events.onAccountSlotWait, site),
      );
    }
    try {
      await this.#slots.acquire(signal, waitingFor('a connection'));
    } catch (error) {
      if (account !== null) this.#accountSlots.release(account);
      throw error;
    }
  }
}

/** The shared budget when replicas share one, else this process's own limiter. */
function rateBudgetOf(options: AttemptGuardsOptions): RateBudget {
  const { events, clock } = options;
  const limits = resolveRateLimitOptions(options.documentedRateLimit, options.rateLimit || {});
  const onWait = (info: RateLimitWaitInfo) => emit(events.onRateLimitWait, info);
  if (options.sharedRateBudgets === undefined) return new RateLimiter(limits, onWait, clock);
  return options.sharedRateBudgets.budgetFor({
    vendor: options.vendor,
    credentialId: options.credentialId,
    limits,
    onWait,
    onFallback: (site) => emit(events.onRateBudgetFallback, site),
    clock,
  });
}

function deadlinePassedBefore(site: VendorCallSite): UpstreamTimeoutError {
  return new UpstreamTimeoutError(
    `${site.vendor} ${site.route}: the request's deadline passed before the call`,
    site,
  );
}
