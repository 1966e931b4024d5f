import { RouteError } from './route-kit.ts';

/**
 * JSON body readers for the write routes, worded like `params.ts` (Laravel's messages, which
 * OFAuth's 400 bodies reuse). A field that is absent or null counts as absent.
 */

export type JsonObject = Record<string, unknown>;

function invalid(name: string, message: string): never {
  throw new RouteError('validation', message, name);
}

/** The raw body text as JSON: `{}` when empty, a validation error when malformed. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return invalid('body', 'The request body must be valid JSON.');
  }
}

export function readObject(body: unknown): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    invalid('body', 'The request body must be a JSON object.');
  }
  return body as JsonObject;
}

function present(body: JsonObject, name: string): unknown {
  const value = body[name];
  return value === null ? undefined : value;
}

/** A string field; '' when absent. */
export function readText(body: JsonObject, name: string): string {
  const value = present(body, name);
  if (value === undefined) return '';
  if (typeof value !== 'string') invalid(name, `The ${name} field must be a string.`);
  return value;
}

export function readNumber(body: JsonObject, name: string, fallback: number): number {
  const value = present(body, name);
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    invalid(name, `The ${name} field must be a number.`);
  }
  return value;
}

export function readInteger(
  body: JsonObject,
  name: string,
  bounds: { min: number; max: number },
): number | null {
  const value = present(body, name);
  if (value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    invalid(name, `The ${name} field must be an integer.`);
  }
  if (value < bounds.min || value > bounds.max) {
    invalid(name, `The ${name} field must be between ${bounds.min} and ${bounds.max}.`);
  }
  return value;
}

export function readBoolean(body: JsonObject, name: string): boolean {
  const value = present(body, name);
  if (value === undefined) return false;
  if (typeof value !== 'boolean') invalid(name, `The ${name} field must be true or false.`);
  return value;
}

/** Fails when the vendor takes no such field (a price on a Fansly message). */
export function rejectField(body: JsonObject, name: string): void {
  if (present(body, name) !== undefined) invalid(name, `The ${name} field is prohibited.`);
}

/**
 * An id: a decimal string, or an integer number when `integers` allows it (OnlyFans ids fit a
 * number; Fansly snowflakes do not, so a number there has already lost digits).
 */
export function readId(
  body: JsonObject,
  name: string,
  integers: boolean,
  label: string = name,
): string | null {
  const value = present(body, name);
  if (value === undefined) return null;
  return idOf(value, label, integers);
}

function idOf(value: unknown, label: string, integers: boolean): string {
  if (integers && typeof value === 'number' && Number.isSafeInteger(value) && value > 0) {
    return String(value);
  }
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return value;
  return invalid(label, `The ${label} field must be ${integers ? 'an integer' : 'a string'} id.`);
}

/**
 * A list of at most `max` entries (empty when absent), each read by `entry`, which returns the
 * id or null when the entry is not one the vendor takes.
 */
export function readList(
  body: JsonObject,
  name: string,
  max: number,
  entry: (value: unknown) => string | null,
): string[] {
  const value = present(body, name);
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid(name, `The ${name} field must be an array.`);
  if (value.length > max) invalid(name, `The ${name} field must not have more than ${max} items.`);
  return value.map((item, index) => {
    const id = entry(item);
    if (id === null) invalid(`${name}.${index}`, `The ${name}.${index} field is invalid.`);
    return id;
  });
}

/** A decimal id, or an integer number when `integers` allows it; null for anything else. */
export function idEntry(integers: boolean): (value: unknown) => string | null {
  return (value) => {
    try {
      return idOf(value, 'id', integers);
    } catch {
      return null;
    }
  };
}
