import { afterEach, describe, expect, it } from 'vitest';
import { sandboxConfig } from '../../src/app/sandbox-mode.ts';
import { defaultServerConfig } from '../../src/config.ts';
import { encodeGlobalId } from '../../src/ids.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.ts';
import { createChatgraph } from '../../src/server/create-chatgraph.ts';
import { connectAccounts } from '../../src/vendors/connect-accounts.ts';
import type { ConnectedAccounts } from '../../src/vendors/connected-accounts.ts';
import { codesOf, expectWellFormedAnswer, post, type RawAnswer, send } from './security-support.ts';

/**
 * Issue 12, finding 6: 40 hung calls of one connected account filled the vendor's shared pool
 * (32 connections), so another tenant's query on another account waited for them to time out.
 * Each account now has at most `maxInFlightPerAccount` (8) calls in flight; the rest of its calls
 * wait their turn in the gateway, and other accounts keep the rest of the pool.
 */

const CHATS = `query Chats($id: ID!) {
  connectedAccount(id: $id) { externalId chats(first: 2) { edges { node { id } } } }
}`;

let sandbox: Sandbox | null = null;
let connectedAccounts: ConnectedAccounts | null = null;

afterEach(async () => {
  sandbox?.clearFaults();
  await connectedAccounts?.close();
  await sandbox?.close();
  connectedAccounts = null;
  sandbox = null;
});

/** Resolves once `condition` holds, checking after each turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('calls in flight per connected account', () => {
  describe('40 requests of one account hang at the vendor', () => {
    it('sends at most 8 of them, and another account on the same pool still answers', async () => {
      sandbox = await startSandbox();
      const metrics = createMetrics({ defaultMetrics: false });
      const config = sandboxConfig(sandbox, { ...defaultServerConfig({}), port: 0 });
      connectedAccounts = await connectAccounts(config, { events: metrics.vendorHttpEvents() });
      const yoga = createChatgraph({ connectedAccounts: connectedAccounts });
      const [stalled, other] = sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans');
      const route = 'onlyfans.chats';
      sandbox.addFault({
        route,
        externalId: stalled!.handle,
        kind: 'hang',
        times: Number.POSITIVE_INFINITY,
      });
      const sentFor = (externalId: string) =>
        sandbox!.stats().routes[route].byAccount[externalId] ?? 0;

      const aborts = Array.from({ length: 40 }, () => new AbortController());
      const body = JSON.stringify({
        query: CHATS,
        variables: { id: encodeGlobalId('ConnectedAccount', stalled!.handle) },
      });
      const hung: Array<Promise<RawAnswer>> = aborts.map((abort) =>
        send(yoga, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body,
          signal: abort.signal,
        }),
      );
      await until(() => sentFor(stalled!.handle) >= 8);

      const answer = await post(yoga, CHATS, {
        id: encodeGlobalId('ConnectedAccount', other!.handle),
      });
      expectWellFormedAnswer(answer, 'the other account');
      expect(answer.body?.errors).toBeUndefined();
      const data = answer.body!.data as { connectedAccount: { chats: { edges: unknown[] } } };
      expect(data.connectedAccount.chats.edges).toHaveLength(2);
      // Every call of the stalled account is still hung: only 8 of them ever reached the vendor.
      expect(sentFor(stalled!.handle)).toBe(8);

      // The waiting calls end with their requests, without ever reaching the vendor.
      for (const abort of aborts) abort.abort();
      const settled = await Promise.allSettled(hung);
      for (const outcome of settled) {
        if (outcome.status === 'fulfilled') {
          expect(codesOf(outcome.value.body)).toContain('UPSTREAM_TIMEOUT');
        }
      }
      expect(sentFor(stalled!.handle)).toBe(8);
      // Every call past the first 8 waited for its turn, and metrics say so.
      const waits = (await metrics.accountSlotWaits.get()).values;
      expect(waits).toEqual([
        expect.objectContaining({
          labels: { vendor: 'ONLYFANSAPI', account: stalled!.handle },
          value: 32,
        }),
      ]);
    });
  });
});
