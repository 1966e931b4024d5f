import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './index.ts';

/** The published SDL: sorted, so the file changes only when the schema does. */
export function printPublishedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
