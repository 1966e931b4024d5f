import { UpstreamError } from '../http/errors.ts';
import { provenNotSent } from '../http/write-outcome.ts';
import type { WriteOutcome } from './contract.ts';

/**
 * A write's {@link WriteOutcome}: `DONE` with what `write` answered; for a vendor failure,
 * `NOT_SENT` when it is proven not applied (`provenNotSent`, with the vendor's own proof read by
 * `vendorSaysNotSent`), else `UNKNOWN`. A response that arrived but cannot be converted is
 * `UNKNOWN` too: the vendor answered 2xx, so the write may well have been applied. Anything that
 * is not an `UpstreamError` is a bug and is thrown.
 */
export async function outcomeOfWrite<T>(
  write: () => Promise<T>,
  vendorSaysNotSent?: (body: unknown) => boolean,
): Promise<WriteOutcome<T>> {
  try {
    return { status: 'DONE', value: await write() };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return provenNotSent(error, vendorSaysNotSent)
      ? { status: 'NOT_SENT', error }
      : { status: 'UNKNOWN', error };
  }
}
