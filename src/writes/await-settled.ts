import { setTimeout as sleep } from 'node:timers/promises';
import type { IdempotencyStore, SendRecord } from './idempotency-store.ts';

/** First pause between reads of a pending key, doubled after each read up to the longest. */
const FIRST_PAUSE_MS = 20;
const LONGEST_PAUSE_MS = 250;

/**
 * Waits while another request (here or on another replica) sends under `key`, reading the store
 * until the record is no longer PENDING. Answers the settled record, null when the key was
 * released (the other send was proven not sent), or `'gave up'` when `signal` (the request's
 * deadline) ended the wait first. A store that fails while waiting throws, as `get` does.
 */
export async function awaitSettled(
  store: IdempotencyStore,
  key: string,
  signal: AbortSignal | undefined,
): Promise<Exclude<SendRecord, { state: 'PENDING' }> | null | 'gave up'> {
  let pause = FIRST_PAUSE_MS;
  for (;;) {
    if (signal?.aborted) return 'gave up';
    try {
      await sleep(pause, undefined, { signal });
    } catch {
      return 'gave up';
    }
    const record = await store.get(key);
    if (record === null || record.state !== 'PENDING') return record;
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
  }
}
