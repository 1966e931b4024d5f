/**
 * Keys seen lately, to hear each thing once: a webhook redelivered under the same event id, a
 * message told both by its vendor's webhook and by the write that sent it. Replicas that share
 * one (Redis) drop a repeat whichever replica it lands on.
 */
export interface DedupeStore {
  /**
   * True the first time `key` is seen within `ttlMs`, false for every repeat within it. A store
   * that cannot answer (Redis unreachable) answers from this process's memory instead, so a
   * repeat is still dropped on the replica that saw the first.
   */
  firstSighting(key: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}
