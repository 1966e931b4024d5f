import { readFile } from 'node:fs/promises';

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
}

export interface OfAuthConfig {
  baseUrl: string;
  apiKey: string;
  connections: Array<{ id: string }>;
  timeoutMs: number;
}

export interface GatewayConfig {
  server: { host: string; port: number; graphiql: boolean };
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

/** Validates a parsed config file; throws {@link ConfigError} listing every problem. */
export function parseConfig(input: unknown, env: Env = process.env): GatewayConfig {
  const reader = new Reader(env);
  const root = reader.object(input, '(root)') ?? {};
  const known = new Set(['server', 'vendors']);
  for (const key of Object.keys(root)) {
    if (!known.has(key)) reader.problems.push(`${key}: unknown key (expected server, vendors)`);
  }

  const serverInput = root.server === undefined ? {} : (reader.object(root.server, 'server') ?? {});
  const server = {
    host:
      serverInput.host === undefined
        ? '127.0.0.1'
        : (reader.string(serverInput.host, 'server.host') ?? ''),
    port:
      serverInput.port === undefined
        ? 4000
        : (reader.integer(serverInput.port, 'server.port', 0, 65535) ?? 0),
    graphiql: true,
  };
  if (serverInput.graphiql !== undefined) {
    if (typeof serverInput.graphiql === 'boolean') server.graphiql = serverInput.graphiql;
    else reader.problems.push('server.graphiql: expected true or false');
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

  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return { server, vendors };
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
    throw new ConfigError([`${path}: not valid JSON (${(error as Error).message})`]);
  }
  return parseConfig(parsed, env);
}
