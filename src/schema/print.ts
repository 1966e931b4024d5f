import { printSubgraphSchema } from '@apollo/subgraph';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './index.ts';
import { subgraphSchema } from './subgraph.ts';

/** The published SDL: sorted, so the file changes only when the schema does. */
export function printPublishedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** The subgraph SDL, as `_service { sdl }` answers it (sorted too). */
export function printSubgraphSdl(): string {
  return `${printSubgraphSchema(subgraphSchema())}\n`;
}
