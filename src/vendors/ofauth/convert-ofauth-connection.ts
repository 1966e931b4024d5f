import type { ConnectedAccountRecord, ConnectedAccountStatus } from '../../domain.ts';
import {
  idOrNull,
  nonEmptyStringOrNull,
  objectOrNull,
  requireId,
  requireObject,
  type VendorJsonContext,
} from '../onlyfans-shared/onlyfans-json.ts';

/**
 * A connection's `status`: `active` while OFAuth holds a working session, `expired` once it has
 * lost it (its `connection.expired` webhook says the same). Other values (a login still in
 * progress, a state OFAuth adds later) say nothing about the session.
 */
export function ofAuthConnectionStatus(status: unknown): ConnectedAccountStatus {
  const value = typeof status === 'string' ? status.toLowerCase() : null;
  if (value === 'active') return 'CONNECTED';
  if (value === 'expired') return 'EXPIRED';
  return 'UNKNOWN';
}

/**
 * One entry of `GET /v2/account/connections`: `{id: "conn_…", status, userData {id, name,
 * username, avatar}}`. `userData.id` is the creator's own OnlyFans user id (a string there).
 */
export function convertOfAuthConnection(
  raw: unknown,
  context: VendorJsonContext,
): ConnectedAccountRecord {
  const connection = requireObject(raw, 'connection', context);
  const userData = objectOrNull(connection.userData);
  return {
    connectedAccount: {
      vendor: 'OFAUTH',
      platform: 'ONLYFANS',
      externalId: requireId(connection.id, 'connection id', context),
    },
    platformUserId: idOrNull(userData?.id),
    username: nonEmptyStringOrNull(userData?.username),
    displayName: nonEmptyStringOrNull(userData?.name),
    status: ofAuthConnectionStatus(connection.status),
  };
}
