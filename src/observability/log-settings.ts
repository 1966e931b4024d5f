/** Logger settings from the environment, apart from pino so that reading them costs nothing. */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type Env = Record<string, string | undefined>;

/**
 * `LOG_LEVEL` (default `info`) and `LOG_FORMAT` (`json` or `pretty`; default pretty on a
 * terminal, JSON otherwise). Throws on a value it does not know.
 */
export function loggerOptionsFromEnv(
  env: Env,
  isTerminal: boolean,
): { level: LogLevel; pretty: boolean } {
  const level = (env.LOG_LEVEL || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new Error(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}`);
  }
  const format = (env.LOG_FORMAT || (isTerminal ? 'pretty' : 'json')).toLowerCase();
  if (format !== 'json' && format !== 'pretty') {
    throw new Error('LOG_FORMAT: expected json or pretty');
  }
  return { level: level as LogLevel, pretty: format === 'pretty' };
}
