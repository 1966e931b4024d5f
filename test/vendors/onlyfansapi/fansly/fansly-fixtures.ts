import type { ConnectedAccountKey } from '../../../../src/domain.ts';
import type { AccountCallContext } from '../../../../src/vendors/account-call.ts';

export const connectedAccount: ConnectedAccountKey = {
  vendor: 'ONLYFANSAPI',
  platform: 'FANSLY',
  externalId: 'fansly_acct_test',
};

export function contextFor(routeName: string): AccountCallContext {
  return { connectedAccount: connectedAccount, routeName };
}

/** Ids shaped like Fansly snowflakes, all beyond 2^53. */
export const ids = {
  creator: '100000000000000001',
  partner: '300000000000000001',
  group: '200000000000000001',
  message: '918197866982297601',
  accountMedia: '700000000000000001',
  media: '800000000000000001',
  bundle: '750000000000000001',
};
