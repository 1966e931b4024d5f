import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin, { resolveNodes } from '@pothos/plugin-relay';
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { decodeGlobalId, encodeGlobalId } from '../ids.ts';

type NodeLoader = (
  id: string,
  context: GatewayContext,
  info: GraphQLResolveInfo,
) => Promise<object | null>;

/**
 * Node loaders that want the query's resolve info (a Chat's existence probe loads the messages
 * page the query selects, so the probe costs nothing extra). Types register here; the others load
 * through the relay plugin's `loadWithoutCache`.
 */
export const nodeLoadersWithInfo = new Map<string, NodeLoader>();

/**
 * One object by its decoded id, loaded the way `node(id)` loads it: through the type's loader in
 * `nodeLoadersWithInfo`, else the relay plugin's `loadWithoutCache`. `node`, `nodes` and
 * federation's `_entities` all come through here, so they share the request's DataLoaders and
 * cost the same vendor calls.
 */
export async function loadNode(
  id: { typename: string; id: string },
  context: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<unknown> {
  const load = nodeLoadersWithInfo.get(id.typename);
  if (!load) return (await resolveNodes(builder, context, info, [id]))[0];
  const value = await load(id.id, context, info);
  return value && { ...value, __typename: id.typename };
}

/** Configures the schema builder only: context, scalars, plugins. Types live in their own files. */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    DateTime: { Input: string; Output: string };
    ID: { Input: string; Output: string };
  };
}>({
  // Federation (entities, `@key`) reads the directives the directives plugin records.
  plugins: [RelayPlugin, DirectivePlugin, FederationPlugin],
  defaultFieldNullability: false,
  relay: {
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    encodeGlobalID: (typename, id) => encodeGlobalId(typename, id),
    decodeGlobalID: (globalId) => decodeGlobalId(globalId),
    nodeQueryOptions: {
      description:
        'Any object by its id. A well-formed id of something that no longer exists (or of an account not connected here) answers null.',
      resolve: (_root, args, context, info) => loadNode(args.id, context, info),
    },
    nodesQueryOptions: {
      description: 'Several objects by id, in the order asked; unknown ones are null.',
      resolve: (_root, args, context, info) => args.ids.map((id) => loadNode(id, context, info)),
    },
  },
});

builder.scalarType('DateTime', {
  description: 'ISO-8601 in UTC, e.g. "2026-10-01T12:00:00.000Z"',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
      throw new TypeError('DateTime must be an ISO-8601 string');
    }
    return new Date(value).toISOString();
  },
});

builder.queryType({});
