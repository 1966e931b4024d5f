import type { CompiledExecutionCacheSizes } from '../plugins/use-compiled-execution.ts';
import type { QueryLimitCacheSizes } from '../plugins/use-query-limits.ts';
import type { Chatgraph } from './create-chatgraph.ts';

/** Entry counts of the app's per-document caches: each is bounded (see README, Limits). */
export interface CacheSizes extends QueryLimitCacheSizes, CompiledExecutionCacheSizes {
  /** Parsed documents (yoga's parse cache). */
  documents: number;
}

// Kept beside the app rather than on it: the app is yoga's instance, whose type stays yoga's.
const cacheSizesByApp = new WeakMap<object, () => CacheSizes>();

/** Makes an app's cache sizes readable by {@link cacheSizesOf}; createChatgraph calls it. */
export function reportCacheSizes(app: Chatgraph, sizes: () => CacheSizes): void {
  cacheSizesByApp.set(app, sizes);
}

/** How many entries each per-document cache of an app holds now. */
export function cacheSizesOf(app: Chatgraph): CacheSizes {
  const sizes = cacheSizesByApp.get(app);
  if (!sizes) throw new Error('not an app made by createChatgraph');
  return sizes();
}
