import type { ConnectedAccountRecord } from '../../domain.ts';
import {
  idOrNull,
  nonEmptyStringOrNull,
  objectOrNull,
  requireId,
  requireObject,
  type VendorJsonContext,
} from '../onlyfans-shared/onlyfans-json.ts';

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
  };
}
