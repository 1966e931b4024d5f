import { readFile } from 'node:fs/promises';
import type { GatewayTokenConfig } from './auth/tokens.ts';
import type { QueryLimits } from './limits/query-limits.ts';

/**
 * The gateway's configuration file (JSON). Secrets are given inline or as `{"env": "NAME"}`;
 * an invalid file yields one problem per line, each naming its path and what is expected.
 */

export interface OnlyFansApiAccountConfig {
  id: string;
  platform: 'onlyfans' | 'fansly';
}

export interface OnlyFansApiConfig {
  baseUrl: string;
  apiKey: string;
  accounts: OnlyFansApiAccountConfig[];
  /** Per-call timeout in milliseconds. */
  timeoutMs: number;
  /** Retries of a failed idempotent call (429, 502–504, timeouts, connection failures). @default 2 */
  retries?: number;
  /**
   * Vendor calls one connected account may have in flight at once (the pool holds 32).
   * @default 8
   */
  maxInFlightPerAccount?: number;
}

export interface OfAuthConfig {
  baseUrl: string;
  apiKey: string;
  connections: Array<{ id: string }>;
  timeoutMs: number;
  /** Retries of a failed idempotent call (429, 502–504, timeouts, connection failures). @default 2 */
  retries?: number;
  /**
   * Vendor calls one connected account may have in flight at once (the pool holds 32).
   * @default 8
   */
  maxInFlightPerAccount?: number;
}

export interface ServerConfig {
  host: string;
  port: number;
  /** @default true, false when NODE_ENV=production */
  graphiql: boolean;
  /** @default true, false when NODE_ENV=production */
  introspection: boolean;
  /** How long one GraphQL request may wait for vendors, in ms. @default 30000 */
  requestTimeoutMs: number;
  /** Which schema to serve (see README "Use it in a larger graph"). @default 'plain' */
  mode: 'plain' | 'subgraph' | 'both';
}

export interface GatewayConfig {
  server: ServerConfig;
  /** Gateway tokens; none means the gateway runs open. */
  auth: { tokens: GatewayTokenConfig[] };
  /** Query limits; absent ones take the defaults. */
  limits: Partial<QueryLimits> & { maxBodyBytes?: number; maxBatch?: number };
  vendors: { onlyfansapi?: OnlyFansApiConfig; ofauth?: OfAuthConfig };
}

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_MAX_IN_FLIGHT_PER_ACCOUNT = 8;

type Env = Record<string, string | undefined>;

/** Reads the problems of one value while building a typed config. */
class Reader {
  readonly problems: string[] = [];
  readonly env: Env;

  constructor(env: Env) {
    this.env = env;
  }

  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
    this.problems.push(`${path}: expected an object`);
    return undefined;
  }

  string(value: unknown, path: string, pattern?: RegExp, what?: string): string | undefined {
    if (typeof value === 'string' && value !== '' && (!pattern || pattern.test(value)))
      return value;
    this.problems.push(`${path}: expected ${what ?? 'a non-empty string'}`);
    return undefined;
  }

  url(value: unknown, path: string): string | undefined {
    const text = this.string(value, path, undefined, 'an http(s) URL');
    if (text === undefined) return undefined;
    try {
      const url = new URL(text);
      if (url.protocol === 'http:' || url.protocol === 'https:') return text;
    } catch {}
    this.problems.push(`${path}: expected an http(s) URL`);
    return undefined;
  }

  integer(value: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
      return value;
    }
    this.problems.push(`${path}: expected an integer from ${min} to ${max}`);
    return undefined;
  }

  /** A secret inline, or `{"env": "NAME"}` read from the environment; never echoed in problems. */
  secret(value: unknown, path: string): string | undefined {
    if (typeof value === 'string' && value !== '') return value;
    if (
      value !== null &&
      typeof value === 'object' &&
      typeof (value as { env?: unknown }).env === 'string'
    ) {
      const name = (value as { env: string }).env;
      const fromEnv = this.env[name];
      if (fromEnv) return fromEnv;
      this.problems.push(`${path}: environment variable ${name} is not set`);
      return undefined;
    }
    this.problems.push(`${path}: expected a string or {"env": "NAME"}`);
    return undefined;
  }

  /** A per-call timeout in milliseconds; absent means the default. */
  timeout(value: unknown, path: string): number {
    if (value === undefined) return DEFAULT_TIMEOUT_MS;
    return this.integer(value, path, 100, 120_000) ?? 0;
  }

  /** Retries of a failed vendor call; absent means the default. */
  retries(value: unknown, path: string): number {
    if (value === undefined) return DEFAULT_RETRIES;
    return this.integer(value, path, 0, 10) ?? 0;
  }

  /** Vendor calls in flight per connected account; absent means the default. */
  inFlight(value: unknown, path: string): number {
    if (value === undefined) return DEFAULT_MAX_IN_FLIGHT_PER_ACCOUNT;
    return this.integer(value, path, 1, 1000) ?? 0;
  }

  array(value: unknown, path: string): unknown[] {
    if (Array.isArray(value) && value.length > 0) return value;
    this.problems.push(`${path}: expected a non-empty array`);
    return [];
  }
}

const HANDLE = {
  onlyfans: /^acct_[A-Za-z0-9]{1,64}$/,
  fansly: /^fansly_acct_[A-Za-z0-9]{1,64}$/,
  connection: /^conn_[A-Za-z0-9]{1,64}$/,
};

/** The server settings of a config that says nothing about them (sandbox mode uses these). */
export function defaultServerConfig(env: Env = process.env): ServerConfig {
  const production = env.NODE_ENV === 'production';
  return {
    host: '127.0.0.1',
    port: 4000,
    graphiql: !production,
    introspection: !production,
    requestTimeoutMs: 30_000,
    mode: 'plain',
  };
}

/** Validates a parsed config file; throws {@link ConfigError} listing every problem. */
export function parseConfig(input: unknown, env: Env = process.env): GatewayConfig {
  const reader = new Reader(env);
  const root = reader.object(input, '(root)') ?? {};
  const known = new Set(['server', 'vendors', 'auth', 'limits']);
  for (const key of Object.keys(root)) {
    if (!known.has(key))
      reader.problems.push(`${key}: unknown key (expected server, vendors, auth, limits)`);
  }

  const serverInput = root.server === undefined ? {} : (reader.object(root.server, 'server') ?? {});
  const production = env.NODE_ENV === 'production';
  const flag = (key: 'graphiql' | 'introspection'): boolean => {
    const value = serverInput[key];
    if (value === undefined) return !production;
    if (typeof value === 'boolean') return value;
    reader.problems.push(`server.${key}: expected true or false`);
    return false;
  };
  const server: ServerConfig = {
    host:
      serverInput.host === undefined
        ? '127.0.0.1'
        : (reader.string(serverInput.host, 'server.host') ?? ''),
    port:
      serverInput.port === undefined
        ? 4000
        : (reader.integer(serverInput.port, 'server.port', 0, 65535) ?? 0),
    graphiql: flag('graphiql'),
    introspection: flag('introspection'),
    requestTimeoutMs:
      serverInput.requestTimeoutMs === undefined
        ? 30_000
        : (reader.integer(serverInput.requestTimeoutMs, 'server.requestTimeoutMs', 100, 600_000) ??
          0),
    mode: 'plain',
  };
  if (serverInput.mode !== undefined) {
    if (
      serverInput.mode === 'plain' ||
      serverInput.mode === 'subgraph' ||
      serverInput.mode === 'both'
    ) {
      server.mode = serverInput.mode;
    } else {
      reader.problems.push('server.mode: expected "plain", "subgraph" or "both"');
    }
  }

  const auth = { tokens: [] as GatewayTokenConfig[] };
  if (root.auth !== undefined) {
    const authInput = reader.object(root.auth, 'auth') ?? {};
    auth.tokens = reader.array(authInput.tokens, 'auth.tokens').map((entry, index) => {
      const at = `auth.tokens[${index}]`;
      const token = reader.object(entry, at) ?? {};
      const accounts = Array.isArray(token.accounts) ? token.accounts : [];
      if (
        accounts.length === 0 ||
        !accounts.every((handle) => typeof handle === 'string' && handle !== '')
      ) {
        reader.problems.push(
          `${at}.accounts: expected a non-empty list of account handles, or ["*"]`,
        );
      }
      return {
        name: reader.string(token.name, `${at}.name`) ?? '',
        sha256:
          reader.string(
            token.sha256,
            `${at}.sha256`,
            /^[0-9a-f]{64}$/,
            'the lowercase hex sha256 of the token',
          ) ?? '',
        accounts: accounts as string[],
      };
    });
  }

  const limits: GatewayConfig['limits'] = {};
  if (root.limits !== undefined) {
    const limitsInput = reader.object(root.limits, 'limits') ?? {};
    const bounds: Record<string, [number, number]> = {
      maxDepth: [2, 100],
      maxAliases: [0, 1000],
      maxDirectives: [0, 1000],
      maxCost: [1, 10_000_000],
      maxTokens: [10, 1_000_000],
      maxBodyBytes: [1024, 100 * 1024 * 1024],
      maxBatch: [1, 100],
    };
    for (const [key, value] of Object.entries(limitsInput)) {
      const range = bounds[key];
      if (!range) {
        reader.problems.push(
          `limits.${key}: unknown limit (expected ${Object.keys(bounds).join(', ')})`,
        );
        continue;
      }
      const read = reader.integer(value, `limits.${key}`, range[0], range[1]);
      if (read !== undefined) (limits as Record<string, number>)[key] = read;
    }
  }

  const vendorsInput = reader.object(root.vendors, 'vendors') ?? {};
  const vendors: GatewayConfig['vendors'] = {};
  for (const key of Object.keys(vendorsInput)) {
    if (key !== 'onlyfansapi' && key !== 'ofauth') {
      reader.problems.push(`vendors.${key}: unknown vendor (expected onlyfansapi, ofauth)`);
    }
  }
  if (vendorsInput.onlyfansapi === undefined && vendorsInput.ofauth === undefined) {
    reader.problems.push('vendors: configure at least one of onlyfansapi, ofauth');
  }

  if (vendorsInput.onlyfansapi !== undefined) {
    const path = 'vendors.onlyfansapi';
    const vendor = reader.object(vendorsInput.onlyfansapi, path) ?? {};
    const accounts = reader
      .array(vendor.accounts, `${path}.accounts`)
      .map((entry, index): OnlyFansApiAccountConfig => {
        const at = `${path}.accounts[${index}]`;
        const account = reader.object(entry, at) ?? {};
        const platform = account.platform;
        if (platform !== 'onlyfans' && platform !== 'fansly') {
          reader.problems.push(`${at}.platform: expected "onlyfans" or "fansly"`);
          return { id: '', platform: 'onlyfans' };
        }
        const id = reader.string(
          account.id,
          `${at}.id`,
          HANDLE[platform],
          platform === 'onlyfans'
            ? 'an OnlyFansAPI account id like acct_…'
            : 'a Fansly account id like fansly_acct_…',
        );
        return { id: id ?? '', platform };
      });
    vendors.onlyfansapi = {
      baseUrl: reader.url(vendor.baseUrl ?? 'https://app.onlyfansapi.com', `${path}.baseUrl`) ?? '',
      apiKey: reader.secret(vendor.apiKey, `${path}.apiKey`) ?? '',
      accounts,
      timeoutMs: reader.timeout(vendor.timeoutMs, `${path}.timeoutMs`),
      retries: reader.retries(vendor.retries, `${path}.retries`),
      maxInFlightPerAccount: reader.inFlight(
        vendor.maxInFlightPerAccount,
        `${path}.maxInFlightPerAccount`,
      ),
    };
  }

  if (vendorsInput.ofauth !== undefined) {
    const path = 'vendors.ofauth';
    const vendor = reader.object(vendorsInput.ofauth, path) ?? {};
    const connections = reader
      .array(vendor.connections, `${path}.connections`)
      .map((entry, index) => {
        const at = `${path}.connections[${index}]`;
        const connection = reader.object(entry, at) ?? {};
        return {
          id:
            reader.string(
              connection.id,
              `${at}.id`,
              HANDLE.connection,
              'a connection id like conn_…',
            ) ?? '',
        };
      });
    vendors.ofauth = {
      baseUrl: reader.url(vendor.baseUrl ?? 'https://api.ofauth.com', `${path}.baseUrl`) ?? '',
      apiKey: reader.secret(vendor.apiKey, `${path}.apiKey`) ?? '',
      connections,
      timeoutMs: reader.timeout(vendor.timeoutMs, `${path}.timeoutMs`),
      retries: reader.retries(vendor.retries, `${path}.retries`),
      maxInFlightPerAccount: reader.inFlight(
        vendor.maxInFlightPerAccount,
        `${path}.maxInFlightPerAccount`,
      ),
    };
  }

  const handles = [
    ...(vendors.onlyfansapi?.accounts.map((account) => account.id) ?? []),
    ...(vendors.ofauth?.connections.map((connection) => connection.id) ?? []),
  ].filter((handle) => handle !== '');
  const seen = new Set<string>();
  for (const handle of handles) {
    if (seen.has(handle)) reader.problems.push(`vendors: account ${handle} is listed twice`);
    seen.add(handle);
  }

  const tokenNames = new Set<string>();
  for (const token of auth.tokens) {
    if (token.name !== '' && tokenNames.has(token.name)) {
      reader.problems.push(
        `auth.tokens: the name ${token.name} is used twice (names identify callers in logs)`,
      );
    }
    tokenNames.add(token.name);
  }
  for (const [index, token] of auth.tokens.entries()) {
    for (const handle of token.accounts) {
      if (handle !== '*' && !seen.has(handle)) {
        reader.problems.push(
          `auth.tokens[${index}].accounts: ${handle} is not a configured account`,
        );
      }
    }
  }

  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return { server, auth, limits, vendors };
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
