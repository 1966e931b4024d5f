import type { Plugin } from 'graphql-yoga';
import { refusalError } from '../errors/coded-errors.ts';

/** What a batch item is, in words, for the message that refuses it. */
function kindOf(item: unknown): string {
  if (item === null) return 'null';
  if (Array.isArray(item)) return 'an array';
  return `a ${typeof item}`;
}

function badBatch(message: string): Error {
  return refusalError('BAD_REQUEST', message);
}

/**
 * Refuses a batch that holds no operations, or an item that is not an operation object
 * (`[null]`, `[1]`, `[[…]]`), with one 400 `BAD_REQUEST` naming the item, before any plugin reads
 * the items as operations. An object item that is not a valid operation (`{}`) is answered in its
 * place in the batch, as yoga does.
 */
export function useBatchItems(): Plugin {
  return {
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          const items: unknown = requestParserResult;
          if (!Array.isArray(items)) return;
          if (items.length === 0)
            throw badBatch('The batch is empty: send at least one operation.');
          const index = items.findIndex(
            (item) => item === null || typeof item !== 'object' || Array.isArray(item),
          );
          if (index === -1) return;
          throw badBatch(
            `Batch item ${index} is ${kindOf(items[index])}: every item of a batch is an operation object ({"query": …, "variables": …}).`,
          );
        },
      };
    },
  };
}
