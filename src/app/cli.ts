import { parseArgs } from 'node:util';
import { milliseconds } from '../config/fields.ts';
import {
  ConfigError,
  defaultServerConfig,
  type GatewayConfig,
  loadConfigFile,
  readServerSetting,
  readSetting,
  type ServerConfig,
} from '../config.ts';
import { type LogLevel, loggerOptionsFromEnv } from '../observability/log-settings.ts';

/**
 * `npm start`'s command line: the flags, the environment variables beside them, and the help.
 * Every flag and variable is checked by the config schema's own rule (`--port` by server.port's),
 * and every problem is reported at once, one line each. Only serving loads the app (./start.ts):
 * `--help` and `--check-config` answer without it.
 */

export const HELP = `chatgraph — one GraphQL API over OnlyFans and Fansly chats

Usage: npm start -- [--config <file>] [options]

Options:
  --config <file>           the gateway's JSON config (see README); without one, sandbox mode
  --check-config            validate the config and the environment, print the problems, and exit
  --mode <mode>             plain (the published schema on /graphql), subgraph (the Apollo
                            Federation subgraph on /graphql) or both (subgraph on /subgraph);
                            overrides server.mode
  --port <port>             where to listen (overrides PORT and server.port; 0 picks a free port)
  --host <host>             the address to listen on (overrides HOST and server.host)
  --shutdown-grace <ms>     on SIGTERM/SIGINT, how long requests in flight may finish (default 10000)
  --sandbox-latency <ms>    sandbox mode: delay every answer of the embedded sandbox (default 0)
  --sandbox-live            sandbox mode: fans write every few seconds, and their messages arrive
                            by webhook
  -h, --help                this text

Environment:
  CHATGRAPH_CONFIG          path of the config file, when --config is not given
  PORT, HOST                override server.port and server.host (--port and --host win)
  NODE_ENV=production       GraphiQL and introspection off unless the config turns them on
  LOG_LEVEL                 fatal, error, warn, info (default), debug, trace or silent
  LOG_FORMAT                json (default when stdout is not a terminal) or pretty (default on one)
  SHUTDOWN_GRACE_MS         as --shutdown-grace
  SANDBOX_LATENCY_MS        as --sandbox-latency
  SANDBOX_LIVE=1            as --sandbox-live
  REDIS_URL                 the Redis replicas share, when the config has no redis.url
  OTEL_EXPORTER_OTLP_ENDPOINT
                            turns tracing on: the OTLP/HTTP collector, e.g. http://collector:4318
                            (also OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS,
                            OTEL_SERVICE_NAME, OTEL_SDK_DISABLED=true); off when unset
  Secrets in the config may be {"env": "NAME"}: they are read from NAME.

Endpoints:
  /graphql   the API (GET also serves GraphiQL when enabled)
  /subgraph  the Apollo Federation subgraph, in mode both (in mode subgraph it is /graphql)
  /health    alive: 200 while the process answers
  /ready     ready for traffic: 200 (with "degraded": true while Redis is down), or 503 with
             the failing check (shutting down, sandbox down)
  /metrics   Prometheus metrics

Sandbox mode (no config): the embedded vendor sandbox starts in-process and every sandbox
account is connected, so the API answers with realistic data and no vendor credits are spent.
Its webhooks are delivered to this gateway, signed with secrets generated at start.
SIGTERM or SIGINT: stop accepting connections, let requests in flight finish (up to the grace
period: those still waiting for vendors near its end answer, unfinished fields with
UPSTREAM_TIMEOUT), close the vendor pools, exit 0.
`;

export type Env = Record<string, string | undefined>;

/** What the flags and the environment ask for, beyond the config file. */
export interface CommandLine {
  /** `--config`, else CHATGRAPH_CONFIG; none: sandbox mode. */
  configPath?: string;
  log: { level?: LogLevel; pretty?: boolean };
  /** `--mode`, when given: overrides `server.mode`. */
  mode?: ServerConfig['mode'];
  /** `--port` and `--host` as given: read over PORT and HOST by {@link listenAddress}. */
  listen: { port?: string; host?: string };
  graceMs: number;
  sandboxLatencyMs: number;
  /** `--sandbox-live` or SANDBOX_LIVE: the embedded sandbox's fans write on their own. */
  sandboxLive: boolean;
}

/** Where to listen: `--port`/`--host`, else `PORT`/`HOST`, else the config's own. */
export function listenAddress(
  server: ServerConfig,
  flags: CommandLine['listen'],
  env: Env,
): ServerConfig {
  const problems: string[] = [];
  const portSource = flags.port === undefined ? 'PORT' : '--port';
  const portText = (flags.port ?? env.PORT)?.trim();
  const hostSource = flags.host === undefined ? 'HOST' : '--host';
  const hostText = flags.host ?? (env.HOST || undefined);
  // An empty or non-decimal port is not a number at all.
  const port =
    portText === undefined
      ? server.port
      : readServerSetting(
          'port',
          /^\d+$/.test(portText) ? Number(portText) : portText,
          portSource,
          problems,
        );
  const host =
    hostText === undefined
      ? server.host
      : readServerSetting('host', hostText, hostSource, problems);
  if (port === undefined || host === undefined) throw new ConfigError(problems);
  return { ...server, host, port };
}

/** A duration from a flag or, without it, its variable; absent or empty: `fallback`. */
function duration(
  flag: string,
  variable: string,
  values: { flag?: string; variable?: string },
  fallback: number,
  problems: string[],
): number {
  const text = values.flag ?? values.variable;
  if (text === undefined || text === '') return fallback;
  const source = values.flag === undefined ? variable : flag;
  return readSetting(milliseconds(), Number(text), source, problems) ?? fallback;
}

/** A variable that turns something on: 1 or true; absent, empty, 0 or false: off. */
function switchVariable(name: string, env: Env, problems: string[]): boolean {
  const text = env[name]?.trim().toLowerCase();
  if (text === undefined || text === '' || text === '0' || text === 'false') return false;
  if (text === '1' || text === 'true') return true;
  problems.push(`environment variable ${name}: expected 1, true, 0 or false, got ${env[name]}`);
  return false;
}

/** The command line; a mistake is a ConfigError (one line, exit 1), never a stack. */
function readFlags(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        config: { type: 'string' },
        'check-config': { type: 'boolean', default: false },
        mode: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'shutdown-grace': { type: 'string' },
        'sandbox-latency': { type: 'string' },
        'sandbox-live': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    const message = (error as Error).message.replace(/\s*\n\s*/g, ' ');
    throw new ConfigError([`${message} (see npm start -- --help)`]);
  }
}

/** What the flags and environment say beyond the config file; every problem at once. */
function readCommandLine(flags: ReturnType<typeof readFlags>, env: Env): CommandLine {
  const problems: string[] = [];
  const mode =
    flags.mode === undefined
      ? undefined
      : readServerSetting('mode', flags.mode, '--mode', problems);
  let log: CommandLine['log'] = {};
  try {
    log = loggerOptionsFromEnv(env, process.stdout.isTTY === true);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const graceMs = duration(
    '--shutdown-grace',
    'SHUTDOWN_GRACE_MS',
    { flag: flags['shutdown-grace'], variable: env.SHUTDOWN_GRACE_MS },
    10_000,
    problems,
  );
  const sandboxLatencyMs = duration(
    '--sandbox-latency',
    'SANDBOX_LATENCY_MS',
    { flag: flags['sandbox-latency'], variable: env.SANDBOX_LATENCY_MS },
    0,
    problems,
  );
  const sandboxLive = flags['sandbox-live'] || switchVariable('SANDBOX_LIVE', env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    configPath: flags.config ?? env.CHATGRAPH_CONFIG,
    log,
    mode,
    listen: { port: flags.port, host: flags.host },
    graceMs,
    sandboxLatencyMs,
    sandboxLive,
  };
}

/** The config file (none in sandbox mode) and the server settings the command line overrides. */
export interface LoadedConfig {
  /** The file's config; null in sandbox mode, whose config names the sandbox once it runs. */
  fromFile: GatewayConfig | null;
  /** What and where to serve: the file's (or the defaults), with `--port`, `--host`, `--mode`. */
  server: ServerConfig;
}

export async function loadConfig(commandLine: CommandLine, env: Env): Promise<LoadedConfig> {
  const { configPath, listen, mode } = commandLine;
  const fromFile = configPath ? await loadConfigFile(configPath, env) : null;
  const server = listenAddress(fromFile?.server ?? defaultServerConfig(env), listen, env);
  return { fromFile, server: mode === undefined ? server : { ...server, mode } };
}

/** Validates the config and the environment, and says so; never starts the server. */
async function checkConfig(commandLine: CommandLine, env: Env): Promise<void> {
  if (!commandLine.configPath) {
    throw new ConfigError([
      '--check-config: no config to check (give --config <file> or CHATGRAPH_CONFIG)',
    ]);
  }
  await loadConfig(commandLine, env);
  process.stdout.write(`${commandLine.configPath}: valid\n`);
}

/**
 * Runs `npm start` with these arguments: the help, a config check, or the gateway until a
 * signal stops it. A problem is printed one line each, and the process exits 1.
 */
export async function runCommandLine(args: string[], env: Env): Promise<void> {
  try {
    const flags = readFlags(args);
    if (flags.help) {
      process.stdout.write(HELP);
      return;
    }
    const commandLine = readCommandLine(flags, env);
    if (flags['check-config']) return await checkConfig(commandLine, env);
    const { startChatgraph } = await import('./start.ts');
    await startChatgraph(commandLine, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) console.error(problem);
    } else {
      console.error(error instanceof Error ? error.message : String(error));
    }
    process.exit(1);
  }
}
