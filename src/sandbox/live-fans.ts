import type { SandboxDataset } from './dataset.ts';
import type { Random } from './random.ts';
import type { SimulateMessageInput } from './simulate-message.ts';

/**
 * `--live`: every `intervalMs` a fan of a random account writes in a random chat of it, through
 * the simulate path, so the sandbox's webhooks flow with no one driving them.
 */
export function startLiveFans(options: {
  intervalMs: number;
  dataset: SandboxDataset;
  random: Random;
  simulate: (input: SimulateMessageInput) => unknown;
}): { stop(): void } {
  const { intervalMs, dataset, random, simulate } = options;
  if (!(Number.isInteger(intervalMs) && intervalMs > 0)) {
    throw new TypeError('live.intervalMs must be a positive integer');
  }
  const timer = setInterval(() => {
    const account = random.pick(dataset.accounts);
    if (account.chats.length > 0) simulate({ account: account.handle });
  }, intervalMs);
  // The sandbox's server keeps the process alive, not the fans.
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
