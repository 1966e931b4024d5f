import { afterEach, describe, expect, it } from 'vitest';
import { sandboxConfig } from '../../src/app/sandbox-mode.ts';
import { defaultServerConfig } from '../../src/config.ts';
import { encodeGlobalId } from '../../src/ids.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.ts';
import type { SandboxRoute } from '../../src/sandbox/types.ts';
import { createChatgraph } from '../../src/server/create-chatgraph.ts';
import { connectAccounts } from '../../src/vendors/connect-accounts.ts';
import type { ConnectedAccounts } from '../../src/vendors/connected-accounts.ts';
import { expectWellFormedAnswer, post } from './security-support.ts';

/**
 * Issue 12, finding 14: the account adapters learn each creator's own user id from the vendor's
 * accounts list on first use; when that list failed, every request asked for it again. A failure
 * is now remembered for 10 s (the clock is injected here): asks within the window share it, and
 * the first ask after it calls the vendor once more.
 */

const CHATS = `query Chats($id: ID!) {
  connectedAccount(id: $id) { externalId chats(first: 1) { edges { node { id } } } }
}`;

let sandbox: Sandbox | null = null;
let connectedAccounts: ConnectedAccounts | null = null;

afterEach(async () => {
  await connectedAccounts?.close();
  await sandbox?.close();
  connectedAccounts = null;
  sandbox = null;
});

describe('a failing accounts list', () => {
  const cases: Array<{ vendor: 'onlyfansapi' | 'ofauth'; route: SandboxRoute }> = [
    { vendor: 'onlyfansapi', route: 'onlyfansapi.accounts' },
    { vendor: 'ofauth', route: 'ofauth.connections' },
  ];
  for (const { vendor, route } of cases) {
    it(`is asked for once per window (${route})`, async () => {
      sandbox = await startSandbox();
      // 500 is not retried: each ask is exactly one call.
      sandbox.addFault({ route, kind: 'status', status: 500, times: Number.POSITIVE_INFINITY });
      let clock = 1_000_000;
      const config = sandboxConfig(sandbox, { ...defaultServerConfig({}), port: 0 });
      connectedAccounts = await connectAccounts(config, { now: () => clock });
      const yoga = createChatgraph({ connectedAccounts: connectedAccounts });
      const accounts = sandbox.dataset.accountsOf(vendor, 'onlyfans');
      const ask = (index: number) =>
        post(yoga, CHATS, {
          id: encodeGlobalId('ConnectedAccount', accounts[index % accounts.length]!.handle),
        });
      sandbox.resetStats();
      const calls = () => sandbox!.stats().routes[route].calls;

      // Concurrent first uses share one call; later requests in the window make none.
      const concurrent = await Promise.all([0, 1, 2, 3, 4].map(ask));
      for (let index = 0; index < 5; index += 1) concurrent.push(await ask(index));
      expect(calls()).toBe(1);
      for (const answer of concurrent) {
        expectWellFormedAnswer(answer, 'a request in the window');
        // The creator's id is only a hint: the page still answers without it.
        expect(answer.body?.errors).toBeUndefined();
      }

      clock += 9_999;
      await ask(0);
      expect(calls()).toBe(1);

      clock += 2;
      await Promise.all([0, 1, 2].map(ask));
      expect(calls()).toBe(2);
    });
  }
});
