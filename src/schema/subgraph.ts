import { builder } from './builder.ts';
import './index.ts';

/**
 * The same types as `schema`, as an Apollo Federation v2 subgraph: `_service { sdl }` and
 * `_entities` on Query, `@key(fields: "id")` on ConnectedAccount, Chat, Message, Account and
 * Media (see ./entities.ts). `schema` (./index.ts) stays the published contract, without them.
 */
export const subgraphSchema = builder.toSubGraphSchema({
  linkUrl: 'https://specs.apollo.dev/federation/v2.6',
  federationDirectives: ['@key'],
});
