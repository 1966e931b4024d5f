import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { crossFieldProblems } from './config/cross-checks.ts';
import type { Env } from './config/fields.ts';
import { problemLines } from './config/problems.ts';
import {
  type GatewayConfig,
  gatewayConfigSchema,
  redisSchema,
  serverSchema,
} from './config/schema.ts';

/**
 * The gateway's configuration file (JSON), defined once by the schema in ./config/schema.ts.
 * Secrets are given inline or as `{"env": "NAME"}`; an invalid file yields one problem per line,
 * each naming its path and what is expected, unknown keys with the known key they likely meant.
 */

export type { GatewayConfig } from './config/schema.ts';
export type ServerConfig = GatewayConfig['server'];
export type RedisConfig = GatewayConfig['redis'];
export type OnlyFansApiConfig = NonNullable<GatewayConfig['vendors']['onlyfansapi']>;
export type OnlyFansApiAccountConfig = OnlyFansApiConfig['accounts'][number];
export type OfAuthConfig = NonNullable<GatewayConfig['vendors']['ofauth']>;

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

/** The server settings of a config that says nothing about them (sandbox mode uses these). */
export function defaultServerConfig(env: Env = process.env): ServerConfig {
  return serverSchema(env).parse({});
}

/**
 * The Redis settings of a config that says nothing about them: `REDIS_URL`, if set (sandbox mode
 * uses these). Throws {@link ConfigError} when `REDIS_URL` is not a Redis URL.
 */
export function defaultRedisConfig(env: Env = process.env): RedisConfig {
  const parsed = redisSchema(env).safeParse({});
  if (!parsed.success) {
    throw new ConfigError(problemLines(parsed.error.issues).map((line) => `redis.${line}`));
  }
  return parsed.data;
}

/** Validates a parsed config file; throws {@link ConfigError} listing every problem. */
export function parseConfig(input: unknown, env: Env = process.env): GatewayConfig {
  const parsed = gatewayConfigSchema(env).safeParse(input);
  const problems = [
    ...(parsed.success ? [] : problemLines(parsed.error.issues)),
    ...crossFieldProblems(input),
  ];
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}

/**
 * One setting given outside the file (a flag, an environment variable), checked by a rule of the
 * config schema; a problem is named after `source` and added to `problems`.
 */
export function readSetting<Output>(
  rule: z.ZodType<Output>,
  value: unknown,
  source: string,
  problems: string[],
): Output | undefined {
  const parsed = rule.safeParse(value);
  if (parsed.success) return parsed.data;
  problems.push(`${source}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return undefined;
}

/** A server setting given outside the file, checked by the file's own rule (see readSetting). */
export function readServerSetting<Key extends 'host' | 'port' | 'mode'>(
  key: Key,
  value: unknown,
  source: string,
  problems: string[],
): ServerConfig[Key] | undefined {
  // Indexed by a generic key, the shape gives the union of the three rules: this key's is meant.
  const rule = serverSchema({}).shape[key] as unknown as z.ZodType<ServerConfig[Key]>;
  return readSetting(rule, value, source, problems);
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** Reads and validates a config file; a file that is not JSON is one problem, not a crash. */
export async function loadConfigFile(path: string, env: Env = process.env): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError([
      `${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // The parser's own message quotes the text around the mistake, which may be a secret:
    // say where it is instead.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new ConfigError([
      `${path}: not valid JSON${position ? ` (${lineAndColumn(text, Number(position))})` : ''}`,
    ]);
  }
  return parseConfig(parsed, env);
}
