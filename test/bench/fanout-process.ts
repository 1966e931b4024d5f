import { FanOutSubscribers, type FanOutTally } from './fanout-client.ts';
import { type LatencyMeasurement, summarizeLatency } from './measure.ts';

/**
 * The fan-out's subscribers in a process of their own (forked by measure-fanout.ts), so that
 * reading a thousand streams does not share the event loop that sends the webhooks and times
 * them. Driven over the IPC channel: `open`, then `tally` as often as asked, then `close`.
 */

export type FanOutCommand =
  | {
      kind: 'open';
      graphqlUrl: string;
      count: number;
      query: string;
      accountIds: string[] | null;
    }
  | { kind: 'tally'; resetLatencies?: boolean }
  | { kind: 'close' };

export type FanOutReply =
  | { kind: 'opened' }
  | {
      kind: 'tally';
      tally: Omit<FanOutTally, 'latenciesMs'> & {
        latency: LatencyMeasurement;
        maxMs: number;
        /** This process's CPU time so far (user + system), ms: the load generator's own cost. */
        cpuMs: number;
      };
    }
  | { kind: 'failed'; error: string };

const subscribers = new FanOutSubscribers();

function reply(message: FanOutReply): void {
  process.send?.(message);
}

async function handle(command: FanOutCommand): Promise<void> {
  if (command.kind === 'open') {
    await subscribers.open(command.graphqlUrl, command.count, command.query, command.accountIds);
    reply({ kind: 'opened' });
  } else if (command.kind === 'tally') {
    const { latenciesMs, ...counts } = subscribers.tally();
    const cpu = process.cpuUsage();
    reply({
      kind: 'tally',
      tally: {
        ...counts,
        latency: summarizeLatency(latenciesMs),
        maxMs: latenciesMs.reduce((max, each) => Math.max(max, each), 0),
        cpuMs: (cpu.user + cpu.system) / 1000,
      },
    });
    if (command.resetLatencies) subscribers.resetLatencies();
  } else {
    subscribers.close();
    process.disconnect();
  }
}

process.on('message', (command: FanOutCommand) => {
  handle(command).catch((error: unknown) =>
    reply({ kind: 'failed', error: error instanceof Error ? error.message : String(error) }),
  );
});
