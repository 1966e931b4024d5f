import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import './index.ts';

let built: GraphQLSchema | undefined;

/**
 * The same types as `schema`, as an Apollo Federation v2 subgraph: `_service { sdl }` and
 * `_entities` on Query, `@key(fields: "id")` on ConnectedAccount, Chat, Message, Account and
 * Media (see ./entities.ts). `schema` (./index.ts) stays the published contract, without them.
 * Built on first call: a gateway in mode plain never builds this second copy of every type.
 */
export function subgraphSchema(): GraphQLSchema {
  built ??= builder.toSubGraphSchema({
    linkUrl: 'https://specs.apollo.dev/federation/v2.6',
    federationDirectives: ['@key'],
  });
  return built;
}
