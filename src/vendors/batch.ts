/** Splits ids into runs of at most `size` for a batched lookup, dropping repeats. */
export function chunkIds(ids: readonly string[], size: number): string[][] {
  const unique = [...new Set(ids)];
  const chunks: string[][] = [];
  for (let start = 0; start < unique.length; start += size) {
    chunks.push(unique.slice(start, start + size));
  }
  return chunks;
}

/**
 * Like `Promise.all`, but a failure is thrown only once every call has ended, so no vendor call
 * outlives the method that started it (and none lands after the caller has moved on).
 */
export async function allSettledOrThrow<T>(calls: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(calls);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

/**
 * Looks `ids` up `size` at a time (repeats dropped), the calls in parallel, and concatenates what
 * they found in call order; a failure is thrown once every call has ended.
 */
export async function lookupInChunks<T>(
  ids: readonly string[],
  size: number,
  lookup: (chunk: string[]) => Promise<T[]>,
): Promise<T[]> {
  const found = await allSettledOrThrow(chunkIds(ids, size).map(lookup));
  return found.flat();
}
