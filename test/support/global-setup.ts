import type { TestProject } from 'vitest/node';
import { provideRedis, serviceSummary } from './services.ts';
import { buildDist } from './start-command.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's Redis (`redis://host:port`), or '' when there is none: see services.ts. */
    redisUrl: string;
  }
}

/**
 * Once per test run: the processes tests start run the bundle built from the sources under test,
 * and the services tests need are found or started (test/support/services.ts), with one line
 * saying which.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildDist();
  const redis = await provideRedis();
  console.log(serviceSummary('Redis', redis));
  project.provide('redisUrl', redis?.url ?? '');
  return async () => {
    await redis?.stop();
  };
}
