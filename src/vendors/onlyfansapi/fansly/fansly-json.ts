import type { AccountCallContext } from '../../account-call.ts';
/**
 * Readers for Fansly JSON as OnlyFansAPI relays it. Every converter goes through these, so a body
 * of the wrong shape ends as an {@link UpstreamInvalidResponseError}, never a TypeError.
 *
 * Fansly ids are snowflakes beyond 2^53: they arrive as JSON strings and stay strings. A numeric id
 * is accepted with `String(value)`, but by then `JSON.parse` has already rounded it to the nearest
 * double, so such an id may be wrong in its last digits; the vendor documents string ids only.
 */

import { UpstreamInvalidResponseError } from '../../../http/errors.ts';

export type JsonObject = Record<string, unknown>;

export function invalidResponse(
  context: AccountCallContext,
  detail: string,
): UpstreamInvalidResponseError {
  return new UpstreamInvalidResponseError(
    `${context.connectedAccount.vendor} ${context.routeName}: unexpected response, ${detail}`,
    {
      vendor: context.connectedAccount.vendor,
      route: context.routeName,
      externalId: context.connectedAccount.externalId,
      status: 200,
    },
  );
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The object itself, or an invalid-response error naming what was expected. */
export function expectObject(
  value: unknown,
  context: AccountCallContext,
  what: string,
): JsonObject {
  if (!isObject(value)) throw invalidResponse(context, `${what} is not an object`);
  return value;
}

/** An array, `[]` for null/absent, an error for anything else. */
export function optionalArray(
  value: unknown,
  context: AccountCallContext,
  what: string,
): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidResponse(context, `${what} is not an array`);
  return value;
}

/** A snowflake id as a string; null when absent or not id-like. */
export function optionalId(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  // Precision is already lost for ids beyond 2^53 here (see the file comment).
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return null;
}

export function requiredId(value: unknown, context: AccountCallContext, what: string): string {
  const id = optionalId(value);
  if (id === null) throw invalidResponse(context, `${what} is missing`);
  return id;
}

export function optionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A string with content, or null (Fansly sends `""` for "none" in several fields). */
export function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function optionalNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  return null;
}

function isoFromMilliseconds(milliseconds: number): string | null {
  const date = new Date(Math.round(milliseconds));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Fansly message times: seconds since the epoch, possibly fractional → ISO-8601 UTC with ms. */
export function isoFromSeconds(value: unknown): string | null {
  const seconds = optionalNumber(value);
  return seconds === null ? null : isoFromMilliseconds(seconds * 1000);
}

/** Fansly account times: milliseconds since the epoch → ISO-8601 UTC with ms. */
export function isoFromMillis(value: unknown): string | null {
  const milliseconds = optionalNumber(value);
  return milliseconds === null ? null : isoFromMilliseconds(milliseconds);
}

/** Fansly money is in thousandths of a dollar: 15000 → 15. Zero, absent or invalid → null. */
export function dollarsFromThousandths(value: unknown): number | null {
  const thousandths = optionalNumber(value);
  if (thousandths === null || thousandths <= 0) return null;
  // One division of a whole number of thousandths gives the closest double: 1999 → 1.999.
  return Math.round(thousandths) / 1000;
}

/** The first usable `location` of a Fansly `locations` array. */
export function firstLocation(locations: unknown): string | null {
  if (!Array.isArray(locations)) return null;
  for (const entry of locations) {
    if (isObject(entry)) {
      const location = nonEmptyString(entry.location);
      if (location !== null) return location;
    }
  }
  return null;
}
