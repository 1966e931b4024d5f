import { ConfigError, parseConfig } from '../../src/config.ts';

/** The problems parseConfig reports for `input`, one line each; [] when it is valid. */
export function problemsOf(input: unknown, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(input, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
