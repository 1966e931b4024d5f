import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Reads a V8 `.cpuprofile` (node `--cpu-prof`) and says where the time went: the top functions by
 * self time, the top by inclusive time, and self time by kind of work (JSON handling, conversion,
 * validation, GraphQL execution, HTTP, …).
 * Standalone: `npx tsx test/bench/profile-summary.ts <file.cpuprofile>`.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Kinds of work, tried in order against a frame's URL (and name, for built-ins). */
const CATEGORIES: Array<[string, (frame: ProfileNode['callFrame']) => boolean]> = [
  ['idle', (frame) => frame.functionName === '(idle)'],
  ['garbage collection', (frame) => frame.functionName === '(garbage collector)'],
  ['V8 (program)', (frame) => frame.functionName === '(program)'],
  ['JSON.parse', (frame) => frame.url === '' && frame.functionName === 'parse'],
  ['JSON.stringify', (frame) => frame.url === '' && frame.functionName === 'stringify'],
  ['graphql: parse', (frame) => /graphql\/language\//.test(frame.url)],
  ['graphql: validation', (frame) => /graphql\/validation\//.test(frame.url)],
  [
    'JSON.stringify (the response)',
    (frame) => frame.functionName === 'jsonStringifyResultWithoutInternals',
  ],
  [
    'graphql: execution (@graphql-tools/executor, graphql-js)',
    (frame) =>
      /@graphql-tools\/(executor|utils)|graphql\/(execution|type|jsutils|utilities)\//.test(
        frame.url,
      ),
  ],
  [
    'yoga / envelop / whatwg-node (HTTP, plugins)',
    (frame) => /(graphql-yoga|@envelop|@whatwg-node|@graphql-yoga)/.test(frame.url),
  ],
  ['pothos', (frame) => /@pothos/.test(frame.url)],
  ['dataloader', (frame) => /dataloader/.test(frame.url)],
  ['undici (vendor HTTP client)', (frame) => /undici/.test(frame.url)],
  ['conversion (src/vendors, src/text)', (frame) => /\/src\/(vendors|text)\//.test(frame.url)],
  // V8 charges built-ins such as JSON.parse to the JS function that calls them.
  [
    'vendor http (src/http), with JSON.parse of vendor bodies',
    (frame) => /\/src\/http\//.test(frame.url),
  ],
  ['resolvers, loaders, ids (src)', (frame) => /\/src\//.test(frame.url)],
  ['the floor (test/bench)', (frame) => /\/test\/bench\//.test(frame.url)],
  ['node http, streams, timers', (frame) => frame.url.startsWith('node:')],
  ['other built-ins', (frame) => frame.url === ''],
  ['other', () => true],
];

/** Frames that only run while modules load: everything under them is start-up, not serving. */
function loadsModules(frame: ProfileNode['callFrame']): boolean {
  return (
    frame.url.startsWith('node:internal/modules/') ||
    /\/tsx\/dist\//.test(frame.url) ||
    (frame.url === '' && frame.functionName === 'evaluate')
  );
}

export interface FrameTime {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Time spent loading modules (under the module loader): counted apart from serving. */
  startupMs: number;
  /** Busy time outside start-up: what the shares are of. */
  busyMs: number;
  topSelf: FrameTime[];
  topInclusive: FrameTime[];
  byCategory: FrameTime[];
}

function frameName(frame: ProfileNode['callFrame']): string {
  const where = frame.url
    ? `${frame.url
        .replace(/^.*\/node_modules\//, '')
        .replace(/^.*\/main\//, '')
        .replace(/^file:\/\//, '')}:${frame.lineNumber + 1}`
    : 'native';
  return `${frame.functionName || '(anonymous)'} ${where}`;
}

/**
 * The gateway runs a bundle (dist/): esbuild writes a `// src/<file>` comment where each source
 * file's code begins, so a frame's line in the bundle names the source file it came from.
 */
function sourceFilesOfBundle(url: string): Array<[number, string]> {
  try {
    const lines = readFileSync(fileURLToPath(url), 'utf8').split('\n');
    const starts: Array<[number, string]> = [];
    lines.forEach((line, index) => {
      const match = /^\/\/ (src\/\S+\.ts)$/.exec(line);
      if (match) starts.push([index, match[1]!]);
    });
    return starts;
  } catch {
    return [];
  }
}

/** Frames of the bundle, given the URL of the source file their code came from. */
function unbundle(profile: CpuProfile): void {
  const bundles = new Map<string, Array<[number, string]>>();
  for (const { callFrame } of profile.nodes) {
    if (!/\/dist\/.*\.js$/.test(callFrame.url)) continue;
    let starts = bundles.get(callFrame.url);
    if (!starts) {
      starts = sourceFilesOfBundle(callFrame.url);
      bundles.set(callFrame.url, starts);
    }
    const start = starts.findLast(([line]) => line <= callFrame.lineNumber);
    if (start) {
      callFrame.url = `${REPO_ROOT_URL}${start[1]}`;
      // Approximate: the line within the file's bundled code, not the source line.
      callFrame.lineNumber -= start[0];
    }
  }
}

const REPO_ROOT_URL = new URL('../../', import.meta.url).href;

/** Self and inclusive time per function (recursion counted once), and self time per kind. */
export function summarizeProfile(profile: CpuProfile, top = 20): ProfileSummary {
  unbundle(profile);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const underLoader = new Map<number, boolean>();
  const startup = (id: number): boolean => {
    const known = underLoader.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const result = loadsModules(byId.get(id)!.callFrame) || (up !== undefined && startup(up));
    underLoader.set(id, result);
    return result;
  };
  const selfById = new Map<number, number>();
  let startupMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    if (startup(id)) startupMs += ms;
    else selfById.set(id, (selfById.get(id) ?? 0) + ms);
  });
  const totalMs = [...selfById.values()].reduce((sum, ms) => sum + ms, startupMs);
  const idleMs = profile.nodes
    .filter((node) => node.callFrame.functionName === '(idle)')
    .reduce((sum, node) => sum + (selfById.get(node.id) ?? 0), 0);
  const busyMs = totalMs - idleMs - startupMs;

  const self = new Map<string, number>();
  const category = new Map<string, number>();
  for (const [id, ms] of selfById) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    self.set(frameName(frame), (self.get(frameName(frame)) ?? 0) + ms);
    const kind = CATEGORIES.find(([, matches]) => matches(frame))![0];
    category.set(kind, (category.get(kind) ?? 0) + ms);
  }

  // Inclusive: walk from the root, adding a node's subtree to its function unless an ancestor
  // already counted that function (recursion).
  const inclusive = new Map<string, number>();
  const subtree = new Map<number, number>();
  const total = (id: number): number => {
    const cached = subtree.get(id);
    if (cached !== undefined) return cached;
    const node = byId.get(id)!;
    const sum =
      (selfById.get(id) ?? 0) + (node.children ?? []).reduce((acc, child) => acc + total(child), 0);
    subtree.set(id, sum);
    return sum;
  };
  const root = profile.nodes[0];
  const walk = (id: number, open: Set<string>) => {
    const node = byId.get(id)!;
    const name = frameName(node.callFrame);
    const counted = open.has(name);
    if (!counted) inclusive.set(name, (inclusive.get(name) ?? 0) + total(id));
    const next = counted ? open : new Set(open).add(name);
    for (const child of node.children ?? []) walk(child, next);
  };
  if (root) for (const child of root.children ?? []) walk(child, new Set());

  const ranked = (times: Map<string, number>, skip: (name: string) => boolean = () => false) =>
    [...times]
      .filter(([name]) => !skip(name))
      .sort((left, right) => right[1] - left[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, share: busyMs > 0 ? ms / busyMs : 0 }));
  return {
    totalMs,
    startupMs,
    busyMs,
    topSelf: ranked(self),
    topInclusive: ranked(inclusive, (name) =>
      /^\((idle|program|garbage collector|root)\)/.test(name),
    ),
    byCategory: ranked(category),
  };
}

export function formatSummary(summary: ProfileSummary): string {
  const line = (entry: FrameTime) =>
    `  ${entry.ms.toFixed(0).padStart(7)} ms  ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}`;
  return [
    `profile: ${(summary.totalMs / 1000).toFixed(1)} s; loading modules ${(summary.startupMs / 1000).toFixed(1)} s, then busy ${(summary.busyMs / 1000).toFixed(1)} s (shares are of that busy time)`,
    'self time by kind of work:',
    ...summary.byCategory.map(line),
    'top functions by self time:',
    ...summary.topSelf.map(line),
    'top functions by inclusive time:',
    ...summary.topInclusive.map(line),
  ].join('\n');
}

export function summarizeProfileFile(path: string, top = 20): string {
  return formatSummary(summarizeProfile(JSON.parse(readFileSync(path, 'utf8')) as CpuProfile, top));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const path = process.argv[2];
  if (!path) {
    console.error('usage: tsx test/bench/profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(summarizeProfileFile(path, Number(process.argv[3] ?? 20)));
}
