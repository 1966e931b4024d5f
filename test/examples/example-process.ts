import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The examples' folders under examples/, each run with its own one command. */
export const EXAMPLE_NAMES = ['federation', 'stitching', 'typed-client', 'web-inbox'] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

export function exampleFolder(name: ExampleName): string {
  return join(ROOT, 'examples', name);
}

export interface RunningExample {
  /** Resolves with the match once the example's output matches; rejects if it exits first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Resolves with the exit code and the whole output once the command ends by itself. */
  finished(): Promise<{ code: number | null; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

/**
 * Copies an example's folder to a scratch folder outside the repository, as a reader would, and
 * starts its one command there (`npm start`). Its node_modules links to the repository's install
 * (the packages its package.json declares are checked to be the ones installed there): what runs
 * is the folder alone, with nothing reached through the repository's files.
 */
export async function startExample(
  name: ExampleName,
  env: Record<string, string>,
): Promise<RunningExample> {
  const scratch = await mkdtemp(join(tmpdir(), `chatgraph-example-${name}-`));
  await cp(exampleFolder(name), scratch, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|dist)$/.test(source),
  });
  await symlink(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  // Its own process group, so that stopping npm also stops the node process npm started.
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: scratch,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = stdout.match(pattern);
          if (match) {
            child.stdout!.off('data', check);
            resolve(match);
          }
        };
        child.stdout!.on('data', check);
        check();
        void exit.then((code) =>
          reject(new Error(`examples/${name} exited with ${code}:\n${stdout}\n${stderr}`)),
        );
      }),
    finished: async () => ({ code: await exit, stdout, stderr }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(-child.pid!, 'SIGTERM');
        await exit;
      }
      const stayed = await lingering(child.pid!);
      await rm(scratch, { recursive: true, force: true });
      if (stayed) throw new Error(`examples/${name} kept running after SIGTERM (killed)`);
    },
  };
}

/**
 * Whether a process of the group outlived npm's exit for 50 checks, 100 ms apart; it is then
 * killed, so that no example outlives its test.
 */
async function lingering(group: number): Promise<boolean> {
  for (let check = 0; check < 50; check++) {
    try {
      process.kill(-group, 0);
    } catch {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(-group, 'SIGKILL');
  return true;
}

/** Starts a server example and reads, from what it prints, the URL it serves its graph on. */
export async function startServerExample(
  name: ExampleName,
  env: Record<string, string>,
  announcement: RegExp,
): Promise<{ example: RunningExample; url: string }> {
  const example = await startExample(name, { ...env, PORT: '0' });
  const [, url] = await example.waitFor(announcement);
  return { example, url: url! };
}
