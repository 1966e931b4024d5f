import { describe, expect, it } from 'vitest';
import { startGatewayHarness } from '../support/gateway-harness.ts';
import { post } from './security-support.ts';

/**
 * Found by the soak: each attempt's timeout used to start before the call waited for one of the
 * vendor pool's 32 connections, so under load calls that never left the gateway timed out in its
 * own queue and opened every account's circuit. Calls now wait for a connection first (bounded by
 * the request's deadline), and only then start their timeout.
 */

describe('a burst larger than the connection pool', () => {
  // 40 inbox queries at once, 6 accounts each, a vendor that answers in 100 ms, a 300 ms
  // timeout: OnlyFansAPI's 160 calls need 5 rounds of 32.
  it('opens no circuit when the vendor answers every call in time', async () => {
    const loaded = await startGatewayHarness({ timeoutMs: 300 });
    try {
      loaded.sandbox.setLatency(100);
      const query =
        '{ connectedAccounts { externalId chats(first: 2) { edges { node { id } } } } }';
      const answers = await Promise.all(Array.from({ length: 40 }, () => post(loaded.yoga, query)));
      const circuitErrors = answers.flatMap((answer) =>
        (answer.body?.errors ?? []).filter((error) => /circuit open/.test(error.message)),
      );
      expect(circuitErrors).toEqual([]);
    } finally {
      await loaded.close();
    }
  });
});
