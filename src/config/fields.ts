import { z } from 'zod';
import { unknownKeyProblem } from './problems.ts';

/**
 * The building blocks of the config schema. Each carries the message a problem line shows
 * (`path: what is expected`); none of them ever quotes the value it refused, which may be a secret.
 */

export type Env = Record<string, string | undefined>;

/** An object that refuses keys it does not know, naming the closest known one. */
export function closedObject<Shape extends z.ZodRawShape>(shape: Shape, noun = 'key') {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      // One issue lists every unknown key of the object: one line each (see problemLines).
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => unknownKeyProblem(key, known, noun)).join('\n');
      }
      return issue.code === 'invalid_type' ? 'expected an object' : undefined;
    },
  });
}

export function integer(min: number, max: number) {
  const error = `expected an integer from ${min} to ${max}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** A duration in whole milliseconds, 0 or more: flags and variables such as SHUTDOWN_GRACE_MS. */
export function milliseconds() {
  const error = 'expected a whole number of milliseconds, 0 or more';
  return z.int({ error }).min(0, { error });
}

export function nonEmptyString(error = 'expected a non-empty string') {
  return z.string({ error }).min(1, { error });
}

export function boolean() {
  return z.boolean({ error: 'expected true or false' });
}

/** One of a few strings, listed quoted in the message. */
export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  const quoted = values.map((value) => `"${value}"`);
  const error = `expected ${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return z.enum(values, { error });
}

export function httpUrl() {
  const error = 'expected an http(s) URL';
  return z.string({ error }).refine((text) => {
    try {
      const url = new URL(text);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, error);
}

/**
 * A vendor id: the documented prefix, then any URL-safe text. Vendor ids are opaque (the docs'
 * own examples differ in length and alphabet): nothing more may be assumed of them.
 */
export function vendorIdPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}[A-Za-z0-9_-]{1,128}$`);
}

export function vendorIdProblem(what: string, prefix: string): string {
  return `expected ${what}: ${prefix} then 1 to 128 letters, digits, "_" or "-"`;
}

/**
 * A secret, inline or `{"env": "NAME"}` read from `env`; `minLength` counts the secret itself.
 * Problems name the variable, never the value.
 */
export function secret(env: Env, minLength = 1) {
  const error = 'expected a string or {"env": "NAME"}';
  return z
    .union([nonEmptyString(error), closedObject({ env: nonEmptyString() })], { error })
    .transform((value, context) => {
      if (typeof value === 'string') return value;
      const fromEnv = env[value.env];
      if (fromEnv) return fromEnv;
      context.issues.push({
        code: 'custom',
        message: `environment variable ${value.env} is not set`,
        input: undefined,
      });
      return z.NEVER;
    })
    .refine((value) => value.length >= minLength, {
      error: `expected a secret of at least ${minLength} characters`,
    });
}
