import type { Plugin } from 'graphql-yoga';
import { createLogger, type Logger, yogaLoggerFor } from '../observability/logger.ts';

export interface YogaLoggerOptions {
  /**
   * The logger yoga's own lines go to: the errors it masks in responses, with their stacks.
   * @default createLogger()
   */
  logger?: Logger;
}

/**
 * Sends yoga's own logging through the gateway's pino logger (redacted, tagged with the request
 * id) instead of the console. Yoga reads its `logger` on every error, so replacing it when the
 * app starts covers every masked error.
 */
export function useYogaLogger(options: YogaLoggerOptions = {}): Plugin {
  const { logger = createLogger() } = options;
  return {
    onYogaInit({ yoga }) {
      yoga.logger = yogaLoggerFor(logger);
    },
  };
}
