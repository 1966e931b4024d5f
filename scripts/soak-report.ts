/** Counting and formatting shared by the soak's modes. */

export type Tally = Map<string | number, number>;

export const add = (map: Tally, key: string | number, count = 1) =>
  map.set(key, (map.get(key) ?? 0) + count);

/** The value below which `fraction` of `sorted` (ascending) lies; NaN when empty. */
export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

/** `key count, key count…`, most frequent first; `none` when empty. */
export const list = (map: Tally) =>
  [...map]
    .sort((left, right) => right[1] - left[1])
    .map(([key, count]) => `${key} ${count}`)
    .join(', ') || 'none';

export const mb = (value: number | undefined | null) =>
  value === undefined || value === null ? '?' : `${value.toFixed(1)} MiB`;

/** The `extensions.code` of every error of a GraphQL answer's text; `NO_CODE` when one has none. */
export function errorCodes(text: string): string[] | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  const answers = Array.isArray(body) ? body : [body];
  const codes: string[] = [];
  for (const answer of answers) {
    if (answer === null || typeof answer !== 'object') return null;
    if (!('data' in answer) && !('errors' in answer)) return null;
    for (const error of (answer as { errors?: Array<{ extensions?: { code?: unknown } }> })
      .errors ?? []) {
      codes.push(typeof error.extensions?.code === 'string' ? error.extensions.code : 'NO_CODE');
    }
  }
  return codes;
}
