import type {
  ChatUpdatedEvent,
  ConnectedAccountUpdatedEvent,
  MessageAddedEvent,
} from '../events/gateway-event.ts';
import {
  chatOfEvent,
  connectedAccountOfEvent,
  messageOfEvent,
  subscribeToEvents,
} from '../resolvers/subscription.ts';
import { builder } from './builder.ts';
import { ChatRef } from './chat.ts';
import { ConnectedAccountRef } from './connected-account.ts';
import { MessageRef } from './message.ts';

const ACCOUNT_IDS =
  'ConnectedAccount ids; every account the token sees when left out. An id the token may not see is refused as unknown.';

/** What every subscription field says of its stream. */
const STREAM =
  'Each event resolves like a query of its own: fresh loaders, its own deadline and vendor-call budget, and `extensions.cost`. A client that leaves more than `limits.maxQueuedEvents` events unread gets SUBSCRIBER_TOO_SLOW and the stream ends.';

builder.subscriptionFields((t) => ({
  messageAdded: t.field({
    type: MessageRef,
    description: `Messages as they arrive or are sent, in the given accounts (default: every account the caller sees): a fan's message told by the vendor's webhook, the creator's sent through this gateway or elsewhere. Each message comes once, with the id a read of its thread gives it. ${STREAM}`,
    args: { accountIds: t.arg.idList({ required: false, description: ACCOUNT_IDS }) },
    subscribe: (_root, args, context) =>
      subscribeToEvents<MessageAddedEvent>(context, 'messageAdded', args.accountIds),
    resolve: (payload) => messageOfEvent(payload),
  }),
  chatUpdated: t.field({
    type: ChatRef,
    description: `A chat whose unread count, last message or read state changed. What the event settled (its last message, an unread count of 0 once read) answers without a vendor call; other fields load as \`chat(id)\` does. ${STREAM}`,
    args: { accountIds: t.arg.idList({ required: false, description: ACCOUNT_IDS }) },
    subscribe: (_root, args, context) =>
      subscribeToEvents<ChatUpdatedEvent>(context, 'chatUpdated', args.accountIds),
    resolve: (payload) => chatOfEvent(payload),
  }),
  connectedAccountUpdated: t.field({
    type: ConnectedAccountRef,
    description: `A connected account whose vendor session changed (expired, reconnected), with the status the vendor told, in every account the caller sees. ${STREAM}`,
    subscribe: (_root, _args, context) =>
      subscribeToEvents<ConnectedAccountUpdatedEvent>(context, 'connectedAccountUpdated'),
    resolve: (payload, _args, context) => connectedAccountOfEvent(context, payload),
  }),
}));
