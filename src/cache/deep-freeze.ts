/**
 * Freezes a parsed JSON value and everything in it: a kept vendor answer is read by every later
 * request, so a converter that changed it would change what others read. Frozen, such a change
 * throws (modules run in strict mode) where it happens, instead of corrupting answers quietly.
 * Linear in the value's size, once per answer kept.
 */
export function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === null || typeof next !== 'object' || Object.isFrozen(next)) continue;
    Object.freeze(next);
    if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else {
      for (const key in next) pending.push((next as Record<string, unknown>)[key]);
    }
  }
  return value;
}
