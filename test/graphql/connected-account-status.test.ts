import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxRoute } from '../../src/sandbox/index.ts';
import { type GatewayHarness, startGatewayHarness } from '../support/gateway-harness.ts';

/** How long a status read from an accounts list holds (AccountsList `statusMaxAgeMs`). */
const STATUS_MAX_AGE_MS = 30_000;
const LIST_ROUTES: SandboxRoute[] = [
  'onlyfansapi.accounts',
  'fansly.accounts',
  'ofauth.connections',
];

let harness: GatewayHarness;
let clock = 1_000_000;

beforeAll(async () => {
  harness = await startGatewayHarness({ connect: { now: () => clock } });
});
afterAll(() => harness.close());
afterEach(() => {
  harness.sandbox.clearFaults();
  for (const account of harness.sandbox.dataset.accounts) {
    harness.sandbox.setSessionExpired(account.handle, false);
  }
});

/** Lets every status read so far go stale, so that the next ask reads the lists again. */
function listsGoStale(): void {
  clock += STATUS_MAX_AGE_MS;
}

async function statuses(): Promise<Record<string, string>> {
  const result = await harness.query<{
    connectedAccounts: Array<{ externalId: string; status: string }>;
  }>('{ connectedAccounts { externalId status } }');
  expect(result.errors).toBeUndefined();
  return Object.fromEntries(
    result.data!.connectedAccounts.map((account) => [account.externalId, account.status]),
  );
}

function listCalls(): Record<string, number> {
  return Object.fromEntries(LIST_ROUTES.map((route) => [route, harness.calls(route)]));
}

describe('ConnectedAccount.status', () => {
  it('is CONNECTED for every sandbox account, from the lists read at start-up (no call)', async () => {
    harness.sandbox.resetStats();
    const answer = await statuses();
    expect(Object.keys(answer)).toHaveLength(harness.sandbox.dataset.accounts.length);
    expect(new Set(Object.values(answer))).toEqual(new Set(['CONNECTED']));
    expect(harness.calls()).toBe(0);
  });

  it('reads each accounts list once per request when stale, then not again while fresh', async () => {
    listsGoStale();
    harness.sandbox.resetStats();
    await statuses();
    expect(listCalls()).toEqual({
      'onlyfansapi.accounts': 1,
      'fansly.accounts': 1,
      'ofauth.connections': 1,
    });
    expect(harness.calls()).toBe(3);
    clock += STATUS_MAX_AGE_MS - 1;
    await statuses();
    expect(harness.calls()).toBe(3);
  });

  it('is EXPIRED on every vendor once the vendor reports the session expired', async () => {
    const expired = ['onlyfansapi', 'ofauth'].flatMap((vendor) =>
      (['onlyfans', 'fansly'] as const).flatMap(
        (platform) =>
          harness.sandbox.dataset.accountsOf(vendor as 'onlyfansapi' | 'ofauth', platform)[0] ?? [],
      ),
    );
    expect(expired).toHaveLength(3);
    for (const account of expired) harness.sandbox.setSessionExpired(account.handle, true);
    // Within the window the last read still answers; after it, the lists are read again.
    expect(Object.values(await statuses())).not.toContain('EXPIRED');
    listsGoStale();
    harness.sandbox.resetStats();
    const answer = await statuses();
    for (const account of harness.sandbox.dataset.accounts) {
      const wanted = expired.includes(account) ? 'EXPIRED' : 'CONNECTED';
      expect(answer[account.handle], account.handle).toBe(wanted);
    }
    expect(harness.calls()).toBe(3);
  });

  it('is UNKNOWN, without an error, for the accounts of a list that fails; the rest answer', async () => {
    listsGoStale();
    harness.sandbox.addFault({
      route: 'fansly.accounts',
      kind: 'status',
      status: 403,
      times: -1,
    });
    harness.sandbox.resetStats();
    const answer = await statuses();
    for (const account of harness.sandbox.dataset.accounts) {
      const wanted = account.platform === 'fansly' ? 'UNKNOWN' : 'CONNECTED';
      expect(answer[account.handle], account.handle).toBe(wanted);
    }
    expect(listCalls()).toEqual({
      'onlyfansapi.accounts': 1,
      'fansly.accounts': 1,
      'ofauth.connections': 1,
    });
    // The failure is remembered briefly: the next request does not ask the failing list again.
    await statuses();
    expect(harness.calls('fansly.accounts')).toBe(1);
  });

  it('answers a status recorded by the vendor adapter until the list is read again', async () => {
    listsGoStale();
    await statuses();
    const entry = harness.connectedAccounts.accounts[0]!;
    entry.vendorAdapter.recordAccountStatus(entry.connectedAccount, 'EXPIRED');
    expect((await statuses())[entry.connectedAccount.externalId]).toBe('EXPIRED');
    listsGoStale();
    expect((await statuses())[entry.connectedAccount.externalId]).toBe('CONNECTED');
  });
});
