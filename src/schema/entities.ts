import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { decodeGlobalIdOf, type NodeTypename } from '../ids.ts';
import { loadNode } from '../resolvers/node.ts';
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

async function loadEntity<Shape>(
  typename: NodeTypename,
  reference: { id: string },
  context: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<Shape | null> {
  const { id } = decodeGlobalIdOf(reference.id, typename);
  const value = await loadNode(builder, context, info, { typename, id });
  // @apollo/subgraph stamps `__typename` on what we return; a copy keeps that off the shared
  // objects a loader may hand out (a connected account's entry lives as long as the gateway).
  return value ? ({ ...value } as Shape) : null;
}

builder.asEntity(ConnectedAccountRef, {
  key: KEY,
  resolveReference: (reference, context, info) =>
    loadEntity('ConnectedAccount', reference, context, info),
});

builder.asEntity(ChatRef, {
  key: KEY,
  resolveReference: (reference, context, info) => loadEntity('Chat', reference, context, info),
});

builder.asEntity(MessageRef, {
  key: KEY,
  resolveReference: (reference, context, info) => loadEntity('Message', reference, context, info),
});

builder.asEntity(AccountRef, {
  key: KEY,
  resolveReference: (reference, context, info) => loadEntity('Account', reference, context, info),
});

builder.asEntity(MediaRef, {
  key: KEY,
  resolveReference: (reference, context, info) => loadEntity('Media', reference, context, info),
});
