/**
 * `npm run build` (and before every `npm start`): bundles src/ into dist/ with esbuild, about a
 * second. The gateway then runs as plain JavaScript: no TypeScript loader in the process, whose
 * module-loading thread alone held some 35 MB. Dependencies stay in node_modules (not bundled);
 * modules main.ts imports dynamically stay separate chunks, loaded only when used.
 * Plain JavaScript, so it runs before anything is built. `import { buildDist }` from tests and
 * the benchmark builds the same way.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What `npm start` runs. */
export const DIST_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export async function buildDist() {
  rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/main.ts'],
    outdir: 'dist',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // Stack traces name our functions and classes as written; `npm start` maps them back to src/.
    keepNames: true,
    sourcemap: true,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildDist();
}
