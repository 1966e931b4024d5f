import type { SchemaTypes } from '@pothos/core';
import { resolveNodes } from '@pothos/plugin-relay';
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.ts';

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
