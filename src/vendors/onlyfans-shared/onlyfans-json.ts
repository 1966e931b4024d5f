import type { AccountCallContext } from '../account-call.ts';
/**
 * Reading OnlyFans JSON, as both vendors relay it. Every reader takes `unknown` and answers a
 * value or `null`, so a converter tolerates any optional field being absent, null or mistyped;
 * only the `require…` helpers throw, and they throw {@link UpstreamInvalidResponseError}.
 */

import type { Vendor } from '../../domain.ts';
import { UpstreamInvalidResponseError } from '../../http/errors.ts';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectOrNull(value: unknown): JsonObject | null {
  return isJsonObject(value) ? value : null;
}

/** Any string, empty included. */
export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A string with something in it; `''` (which OnlyFans sends for "not set") is null. */
export function nonEmptyStringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** A finite number, or a string holding one (some relays quote prices). */
export function numberOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

export function booleanOrNull(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/**
 * An id as a string: integers through `String(n)` (never arithmetic), strings as sent.
 * Anything else (a fraction, a boolean, an empty string) is not an id.
 */
export function idOrNull(value: unknown): string | null {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  return null;
}

const OFFSET_OR_ZONE = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/**
 * ISO-8601 in UTC with milliseconds (`2025-01-01T01:01:01+00:00` → `2025-01-01T01:01:01.000Z`).
 * A date-time without an offset is read as UTC, not as the server's local time. Numbers are epoch
 * seconds, or milliseconds when too large to be seconds.
 */
export function isoUtcOrNull(value: unknown): string | null {
  let time: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    time = Math.abs(value) < 1e11 ? value * 1000 : value;
  } else if (typeof value === 'string' && value.trim() !== '') {
    const trimmed = value.trim();
    const withZone =
      ISO_DATE_TIME.test(trimmed) && !OFFSET_OR_ZONE.test(trimmed) ? `${trimmed}Z` : trimmed;
    time = Date.parse(withZone);
  } else {
    return null;
  }
  if (Number.isNaN(time)) return null;
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Where JSON read outside any one connected account came from (the accounts lists). */
export interface VendorJsonContext {
  vendor: Vendor;
  /** The vendor route's name, e.g. `onlyfansapi.accounts`. */
  routeName: string;
  status?: number | null;
}

export type JsonContext = AccountCallContext | VendorJsonContext;

/** The error for vendor JSON this gateway cannot use. */
export function invalidResponse(
  context: JsonContext,
  detail: string,
): UpstreamInvalidResponseError {
  const vendor = 'connectedAccount' in context ? context.connectedAccount.vendor : context.vendor;
  const externalId = 'connectedAccount' in context ? context.connectedAccount.externalId : null;
  return new UpstreamInvalidResponseError(`${vendor} ${context.routeName}: ${detail}`, {
    vendor,
    route: context.routeName,
    externalId,
    status: context.status ?? null,
  });
}

export function requireObject(value: unknown, what: string, context: JsonContext): JsonObject {
  if (isJsonObject(value)) return value;
  throw invalidResponse(context, `${what} is not an object`);
}

export function requireId(value: unknown, what: string, context: JsonContext): string {
  const id = idOrNull(value);
  if (id !== null) return id;
  throw invalidResponse(context, `${what} is missing or not an id`);
}

/**
 * The entries of an array the vendor must send. Each entry is checked by the converter it goes
 * to, so a `null` entry fails there with a message naming it.
 */
export function requireArray(value: unknown, what: string, context: JsonContext): unknown[] {
  if (Array.isArray(value)) return value;
  throw invalidResponse(context, `${what} is not an array`);
}
