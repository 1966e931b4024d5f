import { deepFreeze } from './deep-freeze.ts';

/**
 * Variants of one kept body converted at most: a body is converted per page window or per
 * caller-independent input that differs (a chat's partner, the creator's id), a handful at most.
 * Past this, a body is converted on every read rather than keep an unbounded set beside it.
 */
export const MAX_VARIANTS_PER_BODY = 4;

/**
 * The conversions of kept vendor answers, by the kept body they came from: a WeakMap, so a
 * conversion lives exactly as long as the answer it was made from, and dies with it when an event,
 * an expiry or an eviction drops that answer.
 */
const conversionsByBody = new WeakMap<object, Map<string, unknown>>();

/**
 * `convert()` of a vendor body, made once per kept body and `variant` and then shared by every
 * request that reads the same kept answer: the warm path converts nothing.
 *
 * A body is kept when the response cache froze it (every kept answer is deep-frozen, in memory
 * and from the shared tier); any other body is converted on every call, as before. The result is
 * deep-frozen too, so no request can change what another reads.
 *
 * `variant` must name every input of `convert` besides the body that may differ between reads of
 * the same answer; none may depend on the caller (the cache's key never names the caller).
 */
export function convertKeptBody<T>(body: unknown, variant: string, convert: () => T): T {
  if (body === null || typeof body !== 'object' || !Object.isFrozen(body)) return convert();
  let conversions = conversionsByBody.get(body);
  if (conversions?.has(variant)) return conversions.get(variant) as T;
  const converted = deepFreeze(convert());
  if (conversions === undefined) {
    conversions = new Map();
    conversionsByBody.set(body, conversions);
  }
  if (conversions.size < MAX_VARIANTS_PER_BODY) conversions.set(variant, converted);
  return converted;
}
