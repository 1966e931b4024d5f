import { TooManyUpstreamCallsError } from './errors.ts';
import type { VendorCallSite } from './vendor-http-events.ts';

/**
 * The vendor calls one GraphQL request may make, counted as they are made (every attempt, retries
 * included). The cost estimate refuses most over-large operations before they run; this is the
 * backstop for what it cannot foresee: past `max`, a call fails at once without reaching the
 * vendor, and only the fields that needed it fail.
 */
export class UpstreamCallBudget {
  readonly max: number;
  #used = 0;

  constructor(max: number) {
    if (!(Number.isInteger(max) && max >= 1)) {
      throw new RangeError(
        `the vendor calls a request may make must be a positive integer: ${max}`,
      );
    }
    this.max = max;
  }

  /** Vendor calls made so far. */
  get used(): number {
    return this.#used;
  }

  /** Counts one call about to be made; throws `TOO_MANY_UPSTREAM_CALLS` when none is left. */
  take(site: VendorCallSite): void {
    if (this.#used >= this.max) {
      throw new TooManyUpstreamCallsError(
        `${site.vendor} ${site.route}: this request already made ${this.max} vendor calls, as many as one request may make`,
        site,
      );
    }
    this.#used += 1;
  }
}
