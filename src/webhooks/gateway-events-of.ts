import type { ConnectedAccountKey, MessageRecord, Vendor } from '../domain.ts';
import type { GatewayEvent } from '../events/gateway-event.ts';
import type { ConnectedAccounts } from '../vendors/connected-accounts.ts';
import type { VendorEvent } from '../vendors/contract.ts';

/** The account an event belongs to. */
function accountOf(event: VendorEvent): ConnectedAccountKey {
  return event.kind === 'messageAdded' ? event.message.connectedAccount : event.connectedAccount;
}

/**
 * The events of one vendor's delivery that concern accounts configured here, of that vendor: a
 * vendor may name connections the gateway does not read (OFAuth names any of the key's).
 */
export function configuredEvents(
  events: readonly VendorEvent[],
  vendor: Vendor,
  connectedAccounts: ConnectedAccounts,
): VendorEvent[] {
  return events.filter((event) => {
    const { externalId } = accountOf(event);
    const entry = connectedAccounts.byExternalId.get(externalId);
    return entry !== undefined && entry.connectedAccount.vendor === vendor;
  });
}

/**
 * The gateway events of a delivery's vendor events, as subscribers hear them: a message with its
 * partner's username where the account's vendor looks users up by username (so its id is the one
 * reads issue: see docs/architecture.md "Ids"), and a chat change with what the delivery settled
 * (the message that changed it is its last). A username that cannot be found leaves null (the
 * message's id then carries none, as ids issued before usernames did), told to `warn`.
 */
export async function gatewayEventsOf(
  events: readonly VendorEvent[],
  connectedAccounts: ConnectedAccounts,
  warn: (message: string) => void,
): Promise<GatewayEvent[]> {
  const usernames = new Map<string, Promise<string | null>>();
  const usernameOf = (connectedAccount: ConnectedAccountKey, partnerId: string) => {
    const key = `${connectedAccount.externalId}:${partnerId}`;
    let username = usernames.get(key);
    if (username === undefined) {
      username = partnerUsername(connectedAccounts, connectedAccount, partnerId, warn);
      usernames.set(key, username);
    }
    return username;
  };
  const lastMessages = new Map<string, MessageRecord>();
  for (const event of events) {
    if (event.kind === 'messageAdded') {
      const { connectedAccount, chatId } = event.message;
      lastMessages.set(`${connectedAccount.externalId}:${chatId}`, event.message);
    }
  }
  return Promise.all(
    events.map(async (event): Promise<GatewayEvent> => {
      switch (event.kind) {
        case 'messageAdded': {
          const { connectedAccount, partnerId } = event.message;
          return {
            kind: 'messageAdded',
            message: event.message,
            partnerUsername: await usernameOf(connectedAccount, partnerId),
          };
        }
        case 'chatUpdated': {
          const { connectedAccount, chatId, partnerId } = event;
          const lastMessage = lastMessages.get(`${connectedAccount.externalId}:${chatId}`);
          return {
            kind: 'chatUpdated',
            connectedAccount,
            chatId,
            partnerId,
            partnerUsername: await usernameOf(connectedAccount, partnerId),
            written: lastMessage === undefined ? {} : { lastMessage },
          };
        }
        case 'connectedAccountUpdated':
          return event;
      }
    }),
  );
}

/** The partner's username where the account's users are looked up by one; null elsewhere. */
async function partnerUsername(
  connectedAccounts: ConnectedAccounts,
  connectedAccount: ConnectedAccountKey,
  partnerId: string,
  warn: (message: string) => void,
): Promise<string | null> {
  const adapter = connectedAccounts.byExternalId.get(connectedAccount.externalId)?.adapter;
  if (adapter?.capabilities.usersBy !== 'username' || !adapter.partnerUsername) return null;
  try {
    const username = await adapter.partnerUsername(partnerId);
    if (username === null) {
      warn(`no username found for partner ${partnerId} of ${connectedAccount.externalId}`);
    }
    return username;
  } catch (error) {
    warn(
      `username of partner ${partnerId} of ${connectedAccount.externalId} not read: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
}
