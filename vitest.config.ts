import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * The unit tests (`npm run test:unit`): pure functions and modules, run with no sandbox, server,
 * child process, network, browser or Redis, and without the build the other tests need. A test
 * that starts any of these belongs in the other project, whatever its name.
 */
const UNIT_TESTS = [
  // The config schema, the error-code list, text conversion.
  'test/config.test.ts',
  'test/errors/**/*.test.ts',
  'test/text/**/*.test.ts',
  // Vendor JSON to records, and the readers of vendor bodies.
  'test/vendors/**/convert-*.test.ts',
  'test/vendors/**/*-{json,envelope,media-index}.test.ts',
  'test/vendors/paging.test.ts',
  // The HTTP layer's pure parts: the error taxonomy, the retry policy, abort listeners, rate-limit
  // figures.
  'test/http/{errors,retry-policy,abort-listeners,rate-limit-figures}.test.ts',
  // The idempotency store kept in the process.
  'test/writes/memory-idempotency-store.test.ts',
  // Live events within the process: subscriber queues, the memory bus, announcing once, metrics.
  'test/events/{subscriber-queue,memory-event-bus,live-events,event-metrics}.test.ts',
  'test/observability/throttled-warnings.test.ts',
  // The printed schema against the code.
  'test/graphql/schema.test.ts',
  // The cache's memory tier, and the conversions kept beside its answers.
  'test/cache/memory-tier.test.ts',
  'test/cache/kept-conversions.test.ts',
  // Loader keys.
  'test/loaders/keys.test.ts',
];

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (`main`) and ESM (`module`) without an exports map: Node, and so
    // every dependency, loads the CommonJS build, while Vite would give our sources the ESM one.
    // Two copies of graphql break `instanceof`; one alias keeps a single copy, as at run time.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    testTimeout: 20_000,
    // Vitest's default leaves a core free, which on a two-core machine runs every file one after
    // another; the integration files mostly wait on sockets and child processes, so two workers
    // keep both cores busy (the suite's wall time: 371 s with one worker, 249 s with two).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    hookTimeout: 30_000,
    // `vitest run` runs both; `--project unit` only the first.
    projects: [
      // Pure modules hold no state between files: one module graph per worker, not per file,
      // takes the run from seconds of loading to seconds in all.
      { extends: true, test: { name: 'unit', include: UNIT_TESTS, isolate: false } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT_TESTS],
          // Builds dist/ and finds or starts Redis (test/support/global-setup.ts).
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
