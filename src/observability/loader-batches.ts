import type DataLoader from 'dataloader';

/** The batch function DataLoader 2 keeps on each instance and calls once per batch. */
type WithBatchFunction = {
  _batchLoadFn?: (keys: readonly unknown[]) => PromiseLike<ArrayLike<unknown>>;
};

const observed = new WeakSet<object>();

/**
 * Reports the size of every batch the given loaders dispatch. DataLoader has no hook for it, so
 * the instance's batch function is wrapped (DataLoader 2 reads `_batchLoadFn` at every dispatch;
 * `test/ops/metrics.test.ts` fails if a DataLoader upgrade changes that). A loader is wrapped once
 * however often it is passed.
 */
export function observeLoaderBatches(
  loaders: Record<string, DataLoader<never, unknown, unknown>>,
  onBatch: (loader: string, size: number) => void,
): void {
  for (const [name, loader] of Object.entries(loaders)) {
    const target = loader as unknown as WithBatchFunction;
    const batch = target._batchLoadFn;
    if (observed.has(loader) || typeof batch !== 'function') continue;
    observed.add(loader);
    target._batchLoadFn = (keys) => {
      try {
        onBatch(name, keys.length);
      } catch {
        // Metrics never fail a batch.
      }
      return batch.call(loader, keys);
    };
  }
}
