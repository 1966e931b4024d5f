import type { IdempotencyStore, SendRecord } from './idempotency-store.ts';

/**
 * The record of keys in this process's memory: enough for one replica. Replicas share one only
 * through Redis.
 */
export function createMemoryIdempotencyStore(): IdempotencyStore {
  const records = new Map<string, SendRecord>();
  return {
    async reserve(key, fingerprint) {
      const found = records.get(key);
      if (found) return found;
      records.set(key, { state: 'PENDING', fingerprint });
      return null;
    },
    async settle(key, record) {
      if (record === null) records.delete(key);
      else records.set(key, record);
    },
    async get(key) {
      return records.get(key) ?? null;
    },
    async close() {
      records.clear();
    },
  };
}
