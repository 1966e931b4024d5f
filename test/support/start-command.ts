import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * What `npm start` runs, after its `prestart` build: node on the bundle in dist/, source maps on.
 * Tests that start the gateway as a process run exactly this.
 */
export const START_ARGS: readonly string[] = [
  '--enable-source-maps',
  fileURLToPath(new URL('../../dist/main.js', import.meta.url)),
];

/** Builds dist/ from src/ as `npm start` does (vitest's global setup, the benchmark, the soak). */
export function buildDist(): void {
  execFileSync(
    process.execPath,
    [fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url))],
    {
      stdio: 'inherit',
    },
  );
}
