/**
 * `npm run build` (and before every `npm start`): bundles src/ into dist/ with esbuild, about a
 * second. The gateway then runs as plain JavaScript: no TypeScript loader in the process, whose
 * module-loading thread alone held some 35 MB. Dependencies stay in node_modules (not bundled);
 * modules imported dynamically (the app behind the CLI, the tracing SDK, the sandbox) stay
 * separate chunks, loaded only when used.
 * The standalone sandbox (`npm run sandbox`) is a second entry, dist/sandbox.js, so that the image
 * can run it too (docker-compose.yml): it shares its chunks with the gateway's sandbox mode.
 * Plain JavaScript, so it runs before anything is built; tests, the benchmark and the soak run
 * this same script (test/support/start-command.ts).
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: { main: 'src/main.ts', sandbox: 'src/sandbox/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // No keepNames: it wraps every function made at run time (each closure, per request) in a call
  // that sets its name. Unminified, esbuild keeps names as written, renaming a function only when
  // two modules declare the same name (`invalid2`); error names come from `constructor.name`,
  // so an error class's name must stay unique across src/.
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
