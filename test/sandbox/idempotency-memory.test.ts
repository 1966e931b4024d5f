import { describe, expect, it } from 'vitest';
import { IdempotencyMemory } from '../../src/sandbox/idempotency-memory.ts';

const scope = (key: string) => ({ apiKey: 'api-key', account: 'acct_1', key });

describe('IdempotencyMemory', () => {
  describe('bounded', () => {
    it('keeps the newest keys only, forgetting the oldest first', () => {
      const memory = new IdempotencyMemory(3);
      let applied = 0;
      const apply = () => ({ applied: ++applied });
      for (const key of ['a', 'b', 'c', 'd']) memory.run(scope(key), 'POST /x', apply);
      expect(memory.size).toBe(3);
      expect(memory.run(scope('d'), 'POST /x', apply)).toEqual({ applied: 4 });
      // `a` was forgotten: applied again.
      expect(memory.run(scope('a'), 'POST /x', apply)).toEqual({ applied: 5 });
    });
  });

  describe('scoped', () => {
    it('keeps the same key apart per account and per API key', () => {
      const memory = new IdempotencyMemory();
      let applied = 0;
      const apply = () => ++applied;
      memory.run(scope('k'), 'POST /x', apply);
      memory.run({ ...scope('k'), account: 'acct_2' }, 'POST /x', apply);
      memory.run({ ...scope('k'), apiKey: 'other' }, 'POST /x', apply);
      expect(applied).toBe(3);
    });
  });
});
