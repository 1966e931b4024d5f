import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  UpstreamInvalidResponseError,
  UpstreamUnauthenticatedError,
  UpstreamUnavailableError,
} from '../../../src/http/errors.ts';
import { OnlyFansApiClient } from '../../../src/providers/onlyfansapi/onlyfansapi-client.ts';
import { startSandbox } from '../../../src/sandbox/index.ts';
import { caught, expectUpstreamError } from '../onlyfans/upstream-assertions.ts';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

let sandbox: Sandbox;
let client: OnlyFansApiClient;

beforeAll(async () => {
  sandbox = await startSandbox();
  client = new OnlyFansApiClient({ apiKey: sandbox.keys.onlyfansapi, baseUrl: sandbox.url });
});

afterAll(async () => {
  await client?.close();
  await sandbox?.close();
});

beforeEach(() => {
  sandbox.clearFaults();
  sandbox.resetStats();
});

describe('OnlyFansApiClient', () => {
  describe('listConnectedAccounts', () => {
    it('lists the OnlyFans and the Fansly accounts, one call each', async () => {
      const accounts = await client.listConnectedAccounts();
      const onlyFans = sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans');
      const fansly = sandbox.dataset.accountsOf('onlyfansapi', 'fansly');
      expect(accounts).toEqual([
        ...onlyFans.map((account) => ({
          route: {
            vendor: 'ONLYFANSAPI',
            platform: 'ONLYFANS',
            connectedAccountId: account.handle,
          },
          platformUserId: account.creator.id,
          username: account.creator.username,
          displayName: account.creator.displayName || null,
        })),
        ...fansly.map((account) => ({
          route: { vendor: 'ONLYFANSAPI', platform: 'FANSLY', connectedAccountId: account.handle },
          platformUserId: account.creator.id,
          username: account.creator.username,
          displayName: account.creator.displayName || null,
        })),
      ]);
      const stats = sandbox.stats().routes;
      expect(stats['onlyfansapi.accounts'].calls).toBe(1);
      expect(stats['fansly.accounts'].calls).toBe(1);
    });

    it('keeps Fansly creator ids exact (snowflakes beyond 2^53)', async () => {
      const accounts = await client.listFanslyAccounts();
      for (const account of accounts) {
        expect(account.platformUserId).toMatch(/^\d{16,20}$/);
      }
    });

    it('remembers the creator ids it listed', async () => {
      await client.listOnlyFansAccounts();
      sandbox.resetStats();
      const account = sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
      expect(await client.creatorUserId(account.handle)).toBe(account.creator.id);
      expect(await client.creatorUserId('acct_unknown')).toBeNull();
      expect(sandbox.stats().routes['onlyfansapi.accounts'].calls).toBe(0);
    });
  });

  describe('errors', () => {
    it('maps a 401 on onlyfansapi.accounts without a connected account', async () => {
      sandbox.addFault({ route: 'onlyfansapi.accounts', kind: 'status', status: 401 });
      const error = await caught(() => client.listConnectedAccounts());
      expectUpstreamError(error, {
        type: UpstreamUnauthenticatedError,
        route: 'onlyfansapi.accounts',
        connectedAccountId: null,
        status: 401,
        apiKey: sandbox.keys.onlyfansapi,
      });
    });

    it('maps a 503 on fansly.accounts', async () => {
      sandbox.addFault({ route: 'fansly.accounts', kind: 'status', status: 503 });
      const error = await caught(() => client.listConnectedAccounts());
      expectUpstreamError(error, {
        type: UpstreamUnavailableError,
        route: 'fansly.accounts',
        connectedAccountId: null,
        status: 503,
        apiKey: sandbox.keys.onlyfansapi,
      });
    });

    it('answers a malformed accounts body with UpstreamInvalidResponseError', async () => {
      sandbox.addFault({ route: 'onlyfansapi.accounts', kind: 'malformed' });
      const error = await caught(() => client.listOnlyFansAccounts());
      expectUpstreamError(error, {
        type: UpstreamInvalidResponseError,
        route: 'onlyfansapi.accounts',
        connectedAccountId: null,
        status: 200,
        apiKey: sandbox.keys.onlyfansapi,
      });
    });
  });
});
