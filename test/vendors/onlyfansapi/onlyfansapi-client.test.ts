import { describe, expect, it } from 'vitest';
import {
  UpstreamInvalidResponseError,
  UpstreamUnauthenticatedError,
  UpstreamUnavailableError,
} from '../../../src/http/errors.ts';
import { OnlyFansApiClient } from '../../../src/vendors/onlyfansapi/onlyfansapi-client.ts';
import { connectedAccountOf, sandboxClientOptions, useSandboxClient } from '../adapter-harness.ts';
import { expectFailure } from '../upstream-assertions.ts';

const env = useSandboxClient(
  (sandbox) => new OnlyFansApiClient(sandboxClientOptions(sandbox, 'onlyfansapi')),
);

describe('OnlyFansApiClient', () => {
  describe('listConnectedAccounts', () => {
    it('lists the OnlyFans and the Fansly accounts, one call each', async () => {
      const accounts = await env.client.listConnectedAccounts();
      const onlyFans = env.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans');
      const fansly = env.sandbox.dataset.accountsOf('onlyfansapi', 'fansly');
      expect(accounts).toEqual([
        ...onlyFans.map((account) => connectedAccountOf('ONLYFANSAPI', 'ONLYFANS', account)),
        ...fansly.map((account) => connectedAccountOf('ONLYFANSAPI', 'FANSLY', account)),
      ]);
      expect(env.calls('onlyfansapi.accounts')).toBe(1);
      expect(env.calls('fansly.accounts')).toBe(1);
    });

    it('keeps Fansly creator ids exact (snowflakes beyond 2^53)', async () => {
      const accounts = await env.client.listFanslyAccounts();
      for (const account of accounts) {
        expect(account.platformUserId).toMatch(/^\d{16,20}$/);
      }
    });

    it('remembers the creator ids it listed', async () => {
      await env.client.listOnlyFansAccounts();
      env.sandbox.resetStats();
      const account = env.sandbox.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
      expect(await env.client.creatorUserId(account.handle)).toBe(account.creator.id);
      expect(await env.client.creatorUserId('acct_unknown')).toBeNull();
      expect(env.calls('onlyfansapi.accounts')).toBe(0);
    });
  });

  describe('errors', () => {
    it('maps a 401 on onlyfansapi.accounts without a connected account', async () => {
      env.sandbox.addFault({ route: 'onlyfansapi.accounts', kind: 'status', status: 401 });
      await expectFailure(() => env.client.listConnectedAccounts(), {
        type: UpstreamUnauthenticatedError,
        route: 'onlyfansapi.accounts',
        externalId: null,
        status: 401,
        apiKey: env.sandbox.keys.onlyfansapi,
      });
    });

    it('maps a 503 on fansly.accounts', async () => {
      env.sandbox.addFault({ route: 'fansly.accounts', kind: 'status', status: 503 });
      await expectFailure(() => env.client.listConnectedAccounts(), {
        type: UpstreamUnavailableError,
        route: 'fansly.accounts',
        externalId: null,
        status: 503,
        apiKey: env.sandbox.keys.onlyfansapi,
      });
    });

    it('answers a malformed accounts body with UpstreamInvalidResponseError', async () => {
      env.sandbox.addFault({ route: 'onlyfansapi.accounts', kind: 'malformed' });
      await expectFailure(() => env.client.listOnlyFansAccounts(), {
        type: UpstreamInvalidResponseError,
        route: 'onlyfansapi.accounts',
        externalId: null,
        status: 200,
        apiKey: env.sandbox.keys.onlyfansapi,
      });
    });
  });
});
