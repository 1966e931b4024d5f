import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { START_ARGS } from '../../support/start-command.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;

export interface ChatgraphProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** `http://127.0.0.1:PORT/graphql`. */
  url: string;
  port: number;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** The JSON log lines so far. */
  logLines(): Array<Record<string, unknown>>;
  /** The log lines that match, once there is at least one (they arrive through a pipe). */
  waitForLog(
    match: (line: Record<string, unknown>) => boolean,
  ): Promise<Array<Record<string, unknown>>>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** SIGTERM if still running, and wait for the exit. */
  stop(): Promise<number | null>;
}

/** Runs `npm start`'s entry point as its own process, as an operator would. */
export function runMain(
  args: string[],
  env: Record<string, string> = {},
): ChildProcess & { output: () => string; exited: Promise<number | null> } {
  // As `npm start` and the container run it: one node process on the built bundle, which gets
  // the signals itself.
  const child = spawn(process.execPath, [...START_ARGS, ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      CHATGRAPH_CONFIG: '',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return withOutput(child);
}

/** A child with piped stdout and stderr, with what it wrote so far and its exit code. */
export function withOutput(
  child: ChildProcess,
): ChildProcess & { output: () => string; exited: Promise<number | null> } {
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  // `close`, not `exit`: it comes once stdout and stderr are read to the end.
  const exited = once(child, 'close').then(([code]) => code as number | null);
  return Object.assign(child, { output: () => output, exited });
}

/** Starts chatgraph (sandbox mode unless a config is given) and waits until it listens. */
export async function startChatgraph(
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<ChatgraphProcess> {
  const child = runMain(args, env);
  let url: string | undefined;
  const deadline = Date.now() + 20_000;
  while (!url) {
    const found = /chatgraph listening on (http:\/\/\S+\/graphql)/.exec(child.output());
    if (found) {
      url = found[1]!;
      break;
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`chatgraph did not start:\n${child.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const parsed = new URL(url);
  const logLines = () =>
    child
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    child,
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    output: child.output,
    logLines,
    async waitForLog(match) {
      const until = Date.now() + 5_000;
      for (;;) {
        const found = logLines().filter(match);
        if (found.length > 0 || Date.now() > until) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    exited: child.exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return child.exited;
    },
  };
}

/** Waits until chatgraph has started executing a GraphQL request (its debug log says so). */
export async function untilExecuting(chatgraph: ChatgraphProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!chatgraph.output().includes('Processing GraphQL Parameters')) {
    if (Date.now() > deadline) throw new Error(`no request started:\n${chatgraph.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sandbox mode: the URL of the embedded vendor sandbox, from the start-up log. */
export const sandboxUrlOf = (chatgraph: ChatgraphProcess): string =>
  /the vendor sandbox runs at (http:\/\/\S+),/.exec(chatgraph.output())![1]!;
