import { createRequire } from 'node:module';

/**
 * graphql-jit memoizes helpers with lodash.memoize, whose default cache is a Map that keeps every
 * key for ever: arrays and nodes made while compiling each document, some KB per distinct query,
 * never freed. lodash lets its cache class be replaced (`memoize.Cache`, read when a function is
 * memoized): this one keeps object keys weakly and does not keep primitive keys at all (their
 * results are recomputed). It must run before graphql-jit is loaded, which is why
 * use-compiled-execution.ts imports this module before @envelop/graphql-jit.
 */
class WeakKeyCache {
  readonly #entries = new WeakMap<object, unknown>();

  has(key: unknown): boolean {
    return typeof key === 'object' && key !== null && this.#entries.has(key);
  }

  get(key: unknown): unknown {
    return typeof key === 'object' && key !== null ? this.#entries.get(key) : undefined;
  }

  set(key: unknown, value: unknown): this {
    if (typeof key === 'object' && key !== null) this.#entries.set(key, value);
    return this;
  }
}

const fromJit = createRequire(createRequire(import.meta.url).resolve('@envelop/graphql-jit'));
const memoize = createRequire(fromJit.resolve('graphql-jit'))('lodash.memoize') as {
  Cache: unknown;
};
memoize.Cache = WeakKeyCache;
