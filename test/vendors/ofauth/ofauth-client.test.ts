import { describe, expect, it } from 'vitest';
import {
  UpstreamInvalidResponseError,
  UpstreamRateLimitedError,
} from '../../../src/http/errors.ts';
import { OfAuthClient } from '../../../src/vendors/ofauth/ofauth-client.ts';
import { connectedAccountOf, sandboxClientOptions, useSandboxClient } from '../adapter-harness.ts';
import { expectFailure } from '../upstream-assertions.ts';

const env = useSandboxClient(
  (sandbox) => new OfAuthClient(sandboxClientOptions(sandbox, 'ofauth')),
);

describe('OfAuthClient', () => {
  describe('listConnectedAccounts', () => {
    it('lists the connections in one call', async () => {
      const accounts = await env.client.listConnectedAccounts();
      expect(accounts).toEqual(
        env.sandbox.dataset
          .accountsOf('ofauth', 'onlyfans')
          .map((account) => connectedAccountOf('OFAUTH', 'ONLYFANS', account)),
      );
      expect(env.calls('ofauth.connections')).toBe(1);
    });
  });

  describe('errors', () => {
    it('maps a 429 on ofauth.connections', async () => {
      env.sandbox.addFault({
        route: 'ofauth.connections',
        kind: 'status',
        status: 429,
        retryAfter: 30,
      });
      // A 429's Retry-After holds the client's rate budget for 30 s: a client of its own.
      const held = new OfAuthClient(sandboxClientOptions(env.sandbox, 'ofauth'));
      const error = await expectFailure(
        () => held.listConnectedAccounts().finally(() => held.close()),
        {
          type: UpstreamRateLimitedError,
          route: 'ofauth.connections',
          externalId: null,
          status: 429,
          apiKey: env.sandbox.keys.ofauth,
        },
      );
      expect((error as UpstreamRateLimitedError).retryAfterSeconds).toBe(30);
    });

    it('answers a truncated body with UpstreamInvalidResponseError', async () => {
      env.sandbox.addFault({ route: 'ofauth.connections', kind: 'truncate' });
      await expectFailure(() => env.client.listConnectedAccounts(), {
        type: UpstreamInvalidResponseError,
        route: 'ofauth.connections',
        externalId: null,
        status: 200,
        apiKey: env.sandbox.keys.ofauth,
      });
    });
  });
});
