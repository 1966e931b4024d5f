import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxConfig } from '../../src/app/sandbox-mode.ts';
import { defaultServerConfig } from '../../src/config.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.ts';
import { connectAccounts } from '../../src/vendors/connect-accounts.ts';
import { OfAuthOnlyFansAccount } from '../../src/vendors/ofauth/ofauth-onlyfans-account.ts';
import { OnlyFansApiFanslyAccount } from '../../src/vendors/onlyfansapi/fansly/onlyfansapi-fansly-account.ts';
import { OnlyFansApiOnlyFansAccount } from '../../src/vendors/onlyfansapi/onlyfansapi-onlyfans-account.ts';

const ADAPTER_CLASSES: Record<string, abstract new (...args: never[]) => unknown> = {
  'ONLYFANSAPI/ONLYFANS': OnlyFansApiOnlyFansAccount,
  'ONLYFANSAPI/FANSLY': OnlyFansApiFanslyAccount,
  'OFAUTH/ONLYFANS': OfAuthOnlyFansAccount,
};

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

function configOf(vendors?: 'onlyfansapi') {
  const config = sandboxConfig(sandbox, { ...defaultServerConfig({}), port: 0 });
  if (vendors === undefined) return config;
  return { ...config, vendors: { onlyfansapi: config.vendors.onlyfansapi } };
}

describe('connectAccounts', () => {
  describe('every vendor configured', () => {
    it('builds one adapter per configured account, in config order', async () => {
      const connected = await connectAccounts(configOf());
      try {
        const config = configOf();
        expect(connected.accounts.map((entry) => entry.connectedAccount.externalId)).toEqual([
          ...config.vendors.onlyfansapi!.accounts.map((account) => account.id),
          ...config.vendors.ofauth!.connections.map((connection) => connection.id),
        ]);
        for (const { connectedAccount, adapter } of connected.accounts) {
          expect(adapter.connectedAccount).toEqual(connectedAccount);
          expect(connected.byExternalId.get(connectedAccount.externalId)?.adapter).toBe(adapter);
          expect(adapter).toBeInstanceOf(
            ADAPTER_CLASSES[`${connectedAccount.vendor}/${connectedAccount.platform}`],
          );
        }
      } finally {
        await connected.close();
      }
    });

    it('learns the creators’ ids from each vendor’s accounts list at start-up', async () => {
      sandbox.resetStats();
      const connected = await connectAccounts(configOf());
      try {
        const stats = sandbox.stats().routes;
        expect(stats['onlyfansapi.accounts'].calls).toBe(1);
        expect(stats['fansly.accounts'].calls).toBe(1);
        expect(stats['ofauth.connections'].calls).toBe(1);
        const fansly = sandbox.dataset.accountsOf('onlyfansapi', 'fansly')[0]!;
        const adapter = connected.byExternalId.get(fansly.handle)!.adapter;
        expect((adapter as OnlyFansApiFanslyAccount).creatorAccountId).toBe(fansly.creator.id);
      } finally {
        await connected.close();
      }
    });
  });

  describe('a vendor left out of the config', () => {
    it('connects only the configured ones and calls no other', async () => {
      sandbox.resetStats();
      const connected = await connectAccounts(configOf('onlyfansapi'));
      try {
        expect(
          connected.accounts.every((entry) => entry.connectedAccount.vendor === 'ONLYFANSAPI'),
        );
        expect(sandbox.stats().routes['ofauth.connections'].calls).toBe(0);
      } finally {
        await connected.close();
      }
    });
  });

  describe('a vendor that does not answer at start-up', () => {
    it('is only warned about, and its accounts are still connected', async () => {
      sandbox.addFault({ route: 'ofauth.connections', kind: 'status', status: 500, times: 3 });
      const warnings: string[] = [];
      const connected = await connectAccounts(configOf(), {
        warn: (message) => warnings.push(message),
      });
      try {
        expect(warnings).toEqual([expect.stringMatching(/^OFAuth connections list unavailable/)]);
        const ofAuth = sandbox.dataset.accountsOf('ofauth', 'onlyfans');
        for (const account of ofAuth) expect(connected.byExternalId.has(account.handle)).toBe(true);
      } finally {
        sandbox.clearFaults();
        await connected.close();
      }
    });
  });
});
