import type { SchemaTypes } from '@pothos/core';
import { resolveNodes } from '@pothos/plugin-relay';
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { decodeGlobalIdOf, type NodeTypename } from '../ids.ts';

/**
 * One object by its decoded id, loaded the way `node(id)` loads it: through the relay plugin,
 * which calls the type's `loadWithoutCache(id, context, info)` (a Chat's existence probe reads the
 * query's selection from `info`). `node`, `nodes` and federation's `_entities` all come through
 * here, so they share the request's DataLoaders and cost the same vendor calls. One id at a time,
 * so a vendor failure nulls only the object it concerns.
 */
export async function loadNode<Types extends SchemaTypes>(
  builder: PothosSchemaTypes.SchemaBuilder<Types>,
  context: GatewayContext,
  info: GraphQLResolveInfo,
  id: { typename: string; id: string },
): Promise<unknown> {
  return (await resolveNodes(builder, context, info, [id]))[0];
}

/** A federation entity by its representation: its global id, loaded as `node(id)` loads it. */
export async function loadEntity<Types extends SchemaTypes, Shape>(
  builder: PothosSchemaTypes.SchemaBuilder<Types>,
  context: GatewayContext,
  info: GraphQLResolveInfo,
  typename: NodeTypename,
  reference: { id: string },
): Promise<Shape | null> {
  const { id } = decodeGlobalIdOf(reference.id, typename);
  const value = await loadNode(builder, context, info, { typename, id });
  // @apollo/subgraph stamps `__typename` on what we return; a copy keeps that off the shared
  // objects a loader may hand out (a connected account's entry lives as long as the gateway).
  return value ? ({ ...value } as Shape) : null;
}
