import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { START_ARGS } from '../test/support/start-command.ts';

/**
 * The soak's child processes (vendor sandbox, gateway). Each runs as `node --import tsx <script>`
 * (the gateway: `node` on its built bundle, as `npm start` runs it),
 * which is what `tsx <script>` does minus the wrapper process: the pid is the process doing the
 * work, so its /proc status is the gateway's own memory.
 */

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ChildService {
  name: string;
  /** The URL the ready line named. */
  url: string;
  pid: number;
  /** Set when the process exits before `stop()` asked it to: a crash. */
  unexpectedExit: { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Called with every chunk the process writes to stdout or stderr. */
  onOutput(listener: (text: string, stream: 'stdout' | 'stderr') => void): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface ChildOptions {
  name: string;
  /** Script path from the repository root. */
  script: string;
  args?: string[];
  env?: Record<string, string>;
  /** Matched against stdout; group 1 is the service's URL. */
  ready: RegExp;
  /** @default 60000 */
  startTimeoutMs?: number;
}

/** Every child started, so an interrupted soak can still kill them all. */
const children = new Set<ChildProcess>();

/** Kills every child still running (SIGKILL): the last resort on exit or interrupt. */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

export function startChild(options: ChildOptions): Promise<ChildService> {
  const { name, script, args = [], env = {}, ready, startTimeoutMs = 60_000 } = options;
  // TypeScript runs through tsx's loader; the gateway runs its built bundle, as `npm start` does.
  const runner = script.endsWith('.ts')
    ? ['--import', 'tsx', script]
    : [...START_ARGS.slice(0, -1), script];
  const child = spawn(process.execPath, [...runner, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const listeners: Array<(text: string, stream: 'stdout' | 'stderr') => void> = [];
  let stopping = false;
  let early = '';
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      children.delete(child);
      resolve();
    }),
  );
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      early = (early + text).slice(-8000);
      for (const listener of listeners) listener(text, stream);
    });
  }

  const service: ChildService = {
    name,
    url: '',
    pid: child.pid ?? -1,
    unexpectedExit: null,
    onOutput: (listener) => listeners.push(listener),
    async stop(graceMs = 10_000) {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  child.once('exit', (code, signal) => {
    if (!stopping) service.unexpectedExit = { code, signal };
  });

  return new Promise<ChildService>((resolve, reject) => {
    const timer = setTimeout(() => {
      void service.stop(1_000);
      reject(new Error(`${name} did not start within ${startTimeoutMs} ms:\n${early}`));
    }, startTimeoutMs);
    let pending = '';
    const onStdout = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const match = ready.exec(pending);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout.off('data', onStdout);
        child.off('exit', onEarlyExit);
        service.url = match[1];
        resolve(service);
      }
    };
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? code}) before it was ready:\n${early}`));
    };
    child.stdout.on('data', onStdout);
    child.once('exit', onEarlyExit);
  });
}

/** Resident and peak resident memory of a process, in MiB, from /proc/<pid>/status. */
export function memoryOf(pid: number): { rssMb: number; peakRssMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rssMb: kib('VmRSS') / 1024, peakRssMb: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

export interface MemoryAfterGc {
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
}

/**
 * Asks a process started with the soak's GC hook (scripts/soak-gc-hook.mjs) for two full garbage
 * collections and returns the memory it reports after them; null when it does not answer in time.
 */
export function forceGc(service: ChildService, timeoutMs = 15_000): Promise<MemoryAfterGc | null> {
  return new Promise((resolve) => {
    let settled = false;
    let pending = '';
    const finish = (value: MemoryAfterGc | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    service.onOutput((text, stream) => {
      if (stream !== 'stderr' || settled) return;
      pending = (pending + text).slice(-4000);
      const match = /soak-gc (\{[^\n]*\})\n/.exec(pending);
      if (match) finish(JSON.parse(match[1]!) as MemoryAfterGc);
    });
    try {
      process.kill(service.pid, 'SIGUSR2');
    } catch {
      finish(null);
    }
  });
}
