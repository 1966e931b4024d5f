// One schema over chatgraph and the agency's graph: both know Account by chatgraph's id, and
// stitching merges it through chatgraph's `nodes(ids:)` and the agency's `agencyAccounts(ids:)`,
// each asked once for every Account of a query.
import { stitchSchemas } from '@graphql-tools/stitch';

/** @param {{ id: string }} account */
const byId = (account) => account.id;
/** @param {readonly string[]} ids */
const asIds = (ids) => ({ ids });

/**
 * @param {{
 *   chatgraph: {
 *     schema: import('graphql').GraphQLSchema,
 *     executor: ReturnType<typeof import('@graphql-tools/executor-http').buildHTTPExecutor>,
 *   },
 *   agency: import('graphql').GraphQLSchema,
 * }} subschemas chatgraph's published schema with an executor over HTTP; the agency's schema
 */
export function stitchWithChatgraph({ chatgraph, agency }) {
  return stitchSchemas({
    subschemas: [
      {
        ...chatgraph,
        batch: true,
        merge: {
          Account: { selectionSet: '{ id }', fieldName: 'nodes', key: byId, argsFromKeys: asIds },
        },
      },
      {
        schema: agency,
        batch: true,
        merge: {
          Account: {
            selectionSet: '{ id }',
            fieldName: 'agencyAccounts',
            key: byId,
            argsFromKeys: asIds,
          },
        },
      },
    ],
  });
}
