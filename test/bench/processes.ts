import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The benchmark's other processes (sandbox, gateway, floor): each a plain `node` process (with
 * `--import tsx` for a TypeScript script), so its pid is the process that does the work (the `tsx` CLI would put a wrapper process
 * in between, whose memory says nothing), and node flags such as `--cpu-prof` reach it.
 */

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Service {
  name: string;
  /** What the ready line named, e.g. `http://127.0.0.1:40123`. */
  url: string;
  pid: number;
  /** SIGTERM (each service exits cleanly on it, writing any CPU profile), SIGKILL after 10 s. */
  stop(): Promise<void>;
  /**
   * The process warnings Node printed on its stderr so far, by name (e.g.
   * `MaxListenersExceededWarning`): a gateway under load should print none.
   */
  warnings(): Record<string, number>;
}

export interface ServiceOptions {
  name: string;
  /** Script path from the repository root. */
  script: string;
  args?: string[];
  env?: Record<string, string>;
  nodeFlags?: string[];
  /** Matched against each stdout line; group 1 is the service's URL. */
  ready: RegExp;
  /** @default 60000 */
  timeoutMs?: number;
}

/** How Node prints a process warning: `(node:1234) MaxListenersExceededWarning: …`. */
const NODE_WARNING = /^\(node:\d+\) (\w+Warning):/;

export function startService(options: ServiceOptions): Promise<Service> {
  const { name, script, args = [], env = {}, nodeFlags = [], ready, timeoutMs = 60_000 } = options;
  // TypeScript runs through tsx's loader; the gateway runs its built bundle, as `npm start` does.
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, ...nodeFlags, script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const warnings: Record<string, number> = {};
  // Whole lines only: a warning's line may arrive in two chunks.
  let partialLine = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-4000);
    const lines = (partialLine + text).split('\n');
    partialLine = lines.pop()!.slice(-4000);
    for (const line of lines) {
      const name = NODE_WARNING.exec(line)?.[1];
      if (name !== undefined) warnings[name] = (warnings[name] ?? 0) + 1;
    }
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<Service>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    let pending = '';
    let started = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (started) return;
      pending += chunk.toString();
      output = (output + chunk.toString()).slice(-4000);
      const match = ready.exec(pending);
      if (match?.[1] && child.pid !== undefined) {
        started = true;
        clearTimeout(timer);
        resolve({ name, url: match[1], pid: child.pid, stop, warnings: () => ({ ...warnings }) });
      }
    });
    child.once('exit', (code, signal) => {
      if (started) return;
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? code}) before it was ready:\n${output}`));
    });
  });
}

/**
 * Resets a process's peak resident set to its current size (Linux `clear_refs` 5), so the next
 * reading is the peak of what ran since. False where that is not possible.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
    return kilobytes === undefined ? null : Number(kilobytes) / 1024;
  } catch {
    return null;
  }
}

/** Peak resident set (`VmHWM`) in MB, or null where /proc is not there (not Linux). */
export function peakRssMb(pid: number): number | null {
  return statusMb(pid, 'VmHWM');
}

/** Resident set now (`VmRSS`) in MB, or null where /proc is not there. */
export function rssMb(pid: number): number | null {
  return statusMb(pid, 'VmRSS');
}

/**
 * CPU time the process has used, user and system, in milliseconds (`/proc/<pid>/stat` utime and
 * stime, in clock ticks of 10 ms); null where /proc is not there.
 */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

/** A process's command line (`/proc/<pid>/cmdline`), or null where /proc is not there. */
export function commandLine(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((part) => part !== '');
  } catch {
    return null;
  }
}
