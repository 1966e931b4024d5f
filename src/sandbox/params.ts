import { RouteError } from './route-kit.ts';

/**
 * Query parameter readers. Messages follow Laravel's wording (OnlyFansAPI is a Laravel app);
 * OFAuth reuses them in its 400 bodies. An empty value counts as absent.
 */

function raw(query: URLSearchParams, name: string): string | null {
  const value = query.get(name);
  return value === null || value === '' ? null : value;
}

function invalid(name: string, message: string): never {
  throw new RouteError('validation', message, name);
}

export function readInteger(
  query: URLSearchParams,
  name: string,
  bounds: { min: number; max?: number; fallback: number },
): number {
  const value = raw(query, name);
  if (value === null) return bounds.fallback;
  if (!/^-?\d+$/.test(value)) invalid(name, `The ${name} field must be an integer.`);
  const number = Number(value);
  if (bounds.max !== undefined && (number < bounds.min || number > bounds.max)) {
    invalid(name, `The ${name} field must be between ${bounds.min} and ${bounds.max}.`);
  }
  if (number < bounds.min) invalid(name, `The ${name} field must be at least ${bounds.min}.`);
  return number;
}

/** An integer that must be one of `choices` (OnlyFans chat page sizes). */
export function readIntegerChoice(
  query: URLSearchParams,
  name: string,
  choices: readonly number[],
  fallback: number,
): number {
  const value = raw(query, name);
  if (value === null) return fallback;
  if (!/^\d+$/.test(value) || !choices.includes(Number(value))) {
    invalid(name, `The ${name} field must be one of ${choices.join(', ')}.`);
  }
  return Number(value);
}

export function readEnum<T extends string>(
  query: URLSearchParams,
  name: string,
  values: readonly T[],
  fallback: T,
): T {
  const value = raw(query, name);
  if (value === null) return fallback;
  if (!(values as readonly string[]).includes(value)) {
    invalid(name, `The selected ${name} is invalid.`);
  }
  return value as T;
}

export function readOptionalEnum<T extends string>(
  query: URLSearchParams,
  name: string,
  values: readonly T[],
): T | null {
  const value = raw(query, name);
  if (value === null) return null;
  return readEnum(query, name, values, value as T);
}

export function readString(query: URLSearchParams, name: string, maxLength = 255): string | null {
  const value = raw(query, name);
  if (value !== null && value.length > maxLength) {
    invalid(name, `The ${name} field must not be greater than ${maxLength} characters.`);
  }
  return value;
}

/** A decimal id (OnlyFans integers or Fansly snowflakes), kept as a string. */
export function readId(query: URLSearchParams, name: string): string | null {
  const value = raw(query, name);
  if (value !== null && !/^\d{1,20}$/.test(value))
    invalid(name, `The ${name} field must be an id.`);
  return value;
}

/** A comma-separated list of decimal ids, at most `max`. */
export function parseIdList(value: string | null, name: string, max: number): string[] {
  if (value === null || value === '') invalid(name, `The ${name} field is required.`);
  const ids = value.split(',').map((id) => id.trim());
  if (ids.length > max) invalid(name, `The ${name} field must not have more than ${max} items.`);
  ids.forEach((id, index) => {
    if (!/^\d{1,20}$/.test(id)) invalid(name, `The ${name}.${index} field must be an integer.`);
  });
  return ids;
}
