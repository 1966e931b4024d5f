import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROFILE_DIR } from './options.ts';
import { reportSvg } from './plot-svg.ts';
import { REPO_ROOT } from './processes.ts';
import { summarizeProfileFile } from './profile-summary.ts';
import { type BenchReport, markdown } from './report.ts';

/** The commit measured, and whether src/ differs from it (results of a dirty tree say so). */
export function sourceVersion(): { commit: string; srcChanged: boolean } {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      srcChanged: git('status', '--porcelain', '--', 'src', 'package.json') !== '',
    };
  } catch {
    return { commit: 'unknown', srcChanged: false };
  }
}

/**
 * The gateway's main-thread profile. Node writes one per thread, named
 * `CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile`; thread 0 is the main one (tsx's module loader
 * runs in another).
 */
function newestProfile(directory: string): string | null {
  try {
    const files = readdirSync(directory)
      .filter((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name))
      .map((name) => join(directory, name))
      .sort((left, right) => statSync(right).mtimeMs - statSync(left).mtimeMs);
    return files[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * Prints where the gateways' (cold and warm) and the floor's time went, from the profiles they
 * wrote on exit.
 */
export function printProfiles(): void {
  for (const name of ['gateway', 'warm-gateway', 'floor']) {
    const profile = newestProfile(join(PROFILE_DIR, name));
    console.log(
      profile
        ? `\n${name}: ${profile}\n${summarizeProfileFile(profile, name === 'floor' ? 12 : 30)}`
        : `\n${name}: no CPU profile was written`,
    );
  }
}

/**
 * Writes the report as Markdown, JSON and its plot (SVG, linked from the Markdown). Full runs are the committed results; quick runs only
 * show the benchmark still works, and go to test/output/.
 */
export function writeReport(report: BenchReport): void {
  const base =
    report.mode === 'quick'
      ? join(REPO_ROOT, 'test/output/bench/quick')
      : join(REPO_ROOT, 'test/bench/results/latest');
  mkdirSync(dirname(base), { recursive: true });
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdown(report));
  writeFileSync(`${base}.svg`, reportSvg(report));
  console.log(`\nwrote ${base}.md, ${base}.json and ${base}.svg`);
}
