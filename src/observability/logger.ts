import { createRequire } from 'node:module';
import { GraphQLError } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import { type DestinationStream, type Logger, pino, stdSerializers } from 'pino';
import type pretty from 'pino-pretty';
import { UpstreamError } from '../http/errors.ts';
import type { LogLevel } from './log-settings.ts';
import { requestIdOfError } from './request-scope.ts';

export type { Logger } from 'pino';
export { LOG_LEVELS, type LogLevel, loggerOptionsFromEnv } from './log-settings.ts';

/** Keys whose values never reach a log line, at any of the first four levels of nesting. */
const SECRET_KEYS = [
  'apiKey',
  'api_key',
  'authorization',
  'Authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'password',
  'secret',
  'webhookSecret',
  'sha256',
];

const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
  return ['', '*', '*.*', '*.*.*'].map((prefix) =>
    prefix === '' ? segment.replace(/^\./, '') : `${prefix}${segment}`,
  );
});

const CENSOR = '[redacted]';

/**
 * The same logger, redacting secret keys at the top level of a line only: for lines built field
 * by field from typed records (the request line), whose keys are all known and none of them a
 * credential. Deep redaction walks every object of a line, and an overview's request line lists
 * 67 vendor calls: it cost 5–9% of the gateway's CPU per request.
 */
export function withShallowRedaction(logger: Logger): Logger {
  return logger.child(
    {},
    { redact: { paths: REDACT_PATHS.filter((path) => !path.startsWith('*')), censor: CENSOR } },
  );
}

/** Credentials that can hide inside text: bearer tokens, `key=value` pairs, sandbox-style keys. */
const SECRET_TEXT: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [
    /\b(api[_-]?key|access[_-]?token|token|secret|password)(["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi,
    '$1$2[redacted]',
  ],
];

/** Takes credentials out of free text (messages, stacks) that redaction by key cannot reach. */
export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const [pattern, replacement] of SECRET_TEXT)
    scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}

export interface LoggerOptions {
  /**
   * The lowest level written: fatal, error, warn, info, debug, trace or silent.
   * @default 'info'
   */
  level?: LogLevel;
  /**
   * Human-readable, colored lines instead of one JSON object per line.
   * @default false
   */
  pretty?: boolean;
  /**
   * Where lines go (through pino-pretty when `pretty`).
   * @default stdout
   */
  destination?: DestinationStream;
}

/**
 * pino-pretty, loaded on first use: only human-readable logs (a terminal) need it, and JSON logs,
 * production's, then do not hold it (some 3 MB).
 */
function loadPretty(): typeof pretty {
  const require = createRequire(import.meta.url);
  return require('pino-pretty') as typeof pretty;
}

/**
 * The gateway's logger: pino, JSON lines (or pretty ones in a terminal). Keys that name
 * credentials are redacted wherever they sit in a logged object, and bearer tokens and
 * `key=value` secrets are scrubbed from messages and error stacks.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const { level = 'info', pretty: human = false, destination } = options;
  const stream = human
    ? loadPretty()({
        // Colors only on the terminal itself, not in a file or a test's stream.
        colorize: destination === undefined,
        sync: true,
        translateTime: 'SYS:HH:MM:ss.l',
        destination: (destination as NodeJS.WritableStream | undefined) ?? 1,
      })
    : (destination ?? pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level,
      base: { service: 'chatgraph' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      serializers: {
        err: (error: Error) => {
          const serialized = stdSerializers.err(error);
          return {
            ...serialized,
            message: scrubSecrets(serialized.message ?? ''),
            stack: scrubSecrets(serialized.stack ?? ''),
          };
        },
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) =>
            typeof arg === 'string' ? scrubSecrets(arg) : arg,
          ) as typeof args;
          method.apply(this, scrubbed);
        },
      },
    },
    stream,
  );
}

/** The vendor failure behind an error yoga reports, if that is what it is. */
function upstreamBehind(error: unknown): UpstreamError | null {
  for (let current = error; current instanceof Error; ) {
    if (current instanceof UpstreamError) return current;
    current =
      current instanceof GraphQLError ? (current.originalError ?? current.cause) : current.cause;
  }
  return null;
}

/**
 * Yoga's own logger backed by pino: the errors yoga masks in responses go to the gateway's log,
 * redacted and tagged with the id of the request whose operation raised them; bugs at `error`
 * with their stacks, vendor failures (expected, and already in the request's line and the
 * metrics) at `warn`, without a stack.
 */
export function yogaLoggerFor(logger: Logger): YogaLogger {
  // Yoga logs an error it masks outside execution twice (its masking function, then its error
  // handler): one line per error.
  const logged = new WeakSet<object>();
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error', message: string) =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (first instanceof Error) {
        if (logged.has(first)) return;
        logged.add(first);
      }
      const upstream = level === 'error' ? upstreamBehind(first) : null;
      const requestId = requestIdOfError(first);
      const tagged = requestId === undefined ? {} : { requestId };
      if (upstream) {
        logger.warn(
          {
            ...tagged,
            vendor: upstream.vendor,
            route: upstream.route,
            account: upstream.externalId,
            code: upstream.code,
            status: upstream.status,
          },
          `vendor failure: ${upstream.message}`,
        );
      } else if (first instanceof Error) {
        logger[level]({ ...tagged, err: first }, message);
      } else if (typeof first === 'string') {
        logger[level](rest.length > 0 ? { details: rest } : {}, first);
      } else {
        logger[level]({ details: args }, message);
      }
    };
  return {
    debug: forward('debug', 'yoga'),
    info: forward('info', 'yoga'),
    warn: forward('warn', 'yoga'),
    error: forward('error', 'unexpected error, masked in the response'),
  };
}
