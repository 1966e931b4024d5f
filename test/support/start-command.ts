import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../../', import.meta.url);

/**
 * What `npm start` runs after its `prestart` build, read from package.json: node's flags, then the
 * bundle in dist/ (as an absolute path). Tests, the benchmark and the soak that start the gateway
 * as a process run exactly this.
 */
export const START_ARGS: readonly string[] = (() => {
  const manifest = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as {
    scripts: { start: string };
  };
  const [command, ...args] = manifest.scripts.start.split(' ');
  const script = args.pop();
  if (command !== 'node' || !script?.endsWith('.js')) {
    throw new Error(`npm start is not "node [flags] <bundle>.js": ${manifest.scripts.start}`);
  }
  return [...args, fileURLToPath(new URL(script, ROOT))];
})();

/** Builds dist/ from src/ as `npm start` does (vitest's global setup, the benchmark, the soak). */
export function buildDist(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('scripts/build.mjs', ROOT))], {
    stdio: 'inherit',
  });
}
