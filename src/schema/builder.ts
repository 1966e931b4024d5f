import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import type { GatewayContext } from '../context.ts';
import { decodeGlobalId, encodeGlobalId } from '../ids.ts';
import { loadNode } from '../resolvers/node.ts';

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
    // `node`, `nodes` and `_entities` load through one path (loadNode). The resolvers' return types
    // are spelled out because they name `builder` inside its own initializer.
    nodeQueryOptions: {
      description:
        'Any object by its id. A well-formed id of something that no longer exists (or of an account not connected here) answers null.',
      resolve: (_root, args, context, info): Promise<unknown> =>
        loadNode(builder, context, info, args.id),
    },
    nodesQueryOptions: {
      description: 'Several objects by id, in the order asked; unknown ones are null.',
      resolve: (_root, args, context, info): Promise<unknown>[] =>
        args.ids.map((id) => loadNode(builder, context, info, id)),
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
builder.mutationType({});
builder.subscriptionType({});
