// Bundles the page's TypeScript (src/, with the typed documents in generated/) into dist/app.js,
// one ES module the browser loads. Types are checked by `tsc` before (see package.json).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

await build({
  entryPoints: [fileURLToPath(new URL('src/main.ts', import.meta.url))],
  outfile: fileURLToPath(new URL('dist/app.js', import.meta.url)),
  bundle: true,
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
});
