import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  UpstreamInvalidResponseError,
  UpstreamRateLimitedError,
} from '../../../src/http/errors.ts';
import { OfAuthClient } from '../../../src/providers/ofauth/ofauth-client.ts';
import { startSandbox } from '../../../src/sandbox/index.ts';
import { caught, expectUpstreamError } from '../onlyfans/upstream-assertions.ts';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

let sandbox: Sandbox;
let client: OfAuthClient;

beforeAll(async () => {
  sandbox = await startSandbox();
  client = new OfAuthClient({ apiKey: sandbox.keys.ofauth, baseUrl: sandbox.url });
});

afterAll(async () => {
  await client?.close();
  await sandbox?.close();
});

beforeEach(() => {
  sandbox.clearFaults();
  sandbox.resetStats();
});

describe('OfAuthClient', () => {
  describe('listConnectedAccounts', () => {
    it('lists the connections in one call', async () => {
      const accounts = await client.listConnectedAccounts();
      expect(accounts).toEqual(
        sandbox.dataset.accountsOf('ofauth', 'onlyfans').map((account) => ({
          route: { vendor: 'OFAUTH', platform: 'ONLYFANS', connectedAccountId: account.handle },
          platformUserId: account.creator.id,
          username: account.creator.username,
          displayName: account.creator.displayName || null,
        })),
      );
      expect(sandbox.stats().routes['ofauth.connections'].calls).toBe(1);
    });
  });

  describe('errors', () => {
    it('maps a 429 on ofauth.connections', async () => {
      sandbox.addFault({
        route: 'ofauth.connections',
        kind: 'status',
        status: 429,
        retryAfter: 30,
      });
      const error = await caught(() => client.listConnectedAccounts());
      expectUpstreamError(error, {
        type: UpstreamRateLimitedError,
        route: 'ofauth.connections',
        connectedAccountId: null,
        status: 429,
        apiKey: sandbox.keys.ofauth,
      });
      expect((error as UpstreamRateLimitedError).retryAfterSeconds).toBe(30);
    });

    it('answers a truncated body with UpstreamInvalidResponseError', async () => {
      sandbox.addFault({ route: 'ofauth.connections', kind: 'truncate' });
      const error = await caught(() => client.listConnectedAccounts());
      expectUpstreamError(error, {
        type: UpstreamInvalidResponseError,
        route: 'ofauth.connections',
        connectedAccountId: null,
        status: 200,
        apiKey: sandbox.keys.ofauth,
      });
    });
  });
});
