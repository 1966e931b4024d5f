import { loadEntity } from '../resolvers/node.ts';
import { AccountRef } from './account.ts';
import { builder } from './builder.ts';
import { ChatRef } from './chat.ts';
import { ConnectedAccountRef } from './connected-account.ts';
import { MediaRef } from './media.ts';
import { MessageRef } from './message.ts';

/**
 * Apollo Federation entities: every Node type, keyed by its global id. The id routes itself
 * (src/ids.ts), so a representation `{ __typename, id }` loads exactly like `node(id)`, through the
 * same per-request DataLoaders: N representations cost what `nodes(ids:)` of the same ids costs.
 * Only the subgraph schema (./subgraph.ts) serves `_entities`; in the plain schema this only
 * records `@key` on the types, which the published SDL does not print.
 */
const KEY = builder.selection<{ id: string }>('id');

builder.asEntity(ConnectedAccountRef, {
  key: KEY,
  resolveReference: (reference, context, info) =>
    loadEntity(builder, context, info, 'ConnectedAccount', reference),
});

builder.asEntity(ChatRef, {
  key: KEY,
  resolveReference: (reference, context, info) =>
    loadEntity(builder, context, info, 'Chat', reference),
});

builder.asEntity(MessageRef, {
  key: KEY,
  resolveReference: (reference, context, info) =>
    loadEntity(builder, context, info, 'Message', reference),
});

builder.asEntity(AccountRef, {
  key: KEY,
  resolveReference: (reference, context, info) =>
    loadEntity(builder, context, info, 'Account', reference),
});

builder.asEntity(MediaRef, {
  key: KEY,
  resolveReference: (reference, context, info) =>
    loadEntity(builder, context, info, 'Media', reference),
});
