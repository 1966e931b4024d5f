import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
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

async function loadNode(
  id: { typename: string; id: string },
  context: GatewayContext,
  info: GraphQLResolveInfo,
  resolveNode: (id: { typename: string; id: string }) => unknown,
): Promise<unknown> {
  const load = nodeLoadersWithInfo.get(id.typename);
  if (!load) return resolveNode(id);
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
  plugins: [RelayPlugin],
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
      resolve: (_root, args, context, info, resolveNode) =>
        loadNode(args.id, context, info, resolveNode),
    },
    nodesQueryOptions: {
      description: 'Several objects by id, in the order asked; unknown ones are null.',
      resolve: (_root, args, context, info, resolveNodes) =>
        args.ids.map((id) =>
          loadNode(id, context, info, async (single) => (await resolveNodes([single]))[0]),
        ),
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
