import type { MessageRecord } from '../domain.ts';

/**
 * The gateway's own record of idempotency keys → send outcomes, so that a repeated `sendMessage`
 * (a double click, a client retry after a dropped connection) never sends twice, whatever the
 * vendor offers. Kept in memory by default and in Redis when `redis` is configured, so that
 * replicas share it.
 *
 * A key is reserved (`PENDING`) before the vendor call and settled after it: `SENT` and
 * `UNKNOWN` are kept until the record expires; a proven `NOT_SENT` releases the key, so the same
 * key may try again.
 */

/** What the gateway knows of one key. `fingerprint` identifies the input it was first used with. */
export type SendRecord =
  | { state: 'PENDING'; fingerprint: string }
  | { state: 'SENT'; fingerprint: string; message: MessageRecord }
  | { state: 'UNKNOWN'; fingerprint: string; errorCode: string };

export interface IdempotencyStore {
  /**
   * Reserves `key` for a send of `fingerprint`, atomically across replicas. Answers null when
   * this call reserved it (the caller must `settle` it), else the record already there (PENDING,
   * SENT or UNKNOWN, possibly with another fingerprint). Throws `IdempotencyStoreUnavailableError`
   * when the store cannot be reached: the caller must then not send.
   */
  reserve(key: string, fingerprint: string): Promise<SendRecord | null>;
  /** Settles a reserved key: SENT or UNKNOWN is kept; null (proven not sent) releases it. */
  settle(key: string, record: Exclude<SendRecord, { state: 'PENDING' }> | null): Promise<void>;
  /** The record of `key`, if any (a duplicate reads it while waiting for the first's outcome). */
  get(key: string): Promise<SendRecord | null>;
  close(): Promise<void>;
}

/** The store could not be reached: exactly-once cannot be promised, so nothing is sent. */
export class IdempotencyStoreUnavailableError extends Error {
  override readonly name = 'IdempotencyStoreUnavailableError';
}
