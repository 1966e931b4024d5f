import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../errors/error-codes.ts';

type Stringify = (result: unknown) => string;

/** Whether a text of this many UTF-16 units could take more than `bytes` bytes in UTF-8. */
function overBytes(text: string, bytes: number): boolean {
  // A UTF-16 unit is 1 to 3 bytes: count them only when the text is near the limit.
  if (text.length * 3 <= bytes) return false;
  return text.length > bytes || Buffer.byteLength(text, 'utf8') > bytes;
}

/**
 * Caps a response's size (`limits.maxResponseBytes`): an answer whose body would be larger is
 * replaced by a RESPONSE_TOO_LARGE error. The body is measured as it is serialized (yoga
 * serializes each result with its `stringify`), never serialized twice; the operations of one
 * batched request share one cap. Each event of a subscription has a cap of its own.
 */
export function useResponseLimit(options: { maxBytes: number }): Plugin {
  const { maxBytes } = options;
  const leftFor = new WeakMap<Request, { bytes: number }>();
  const cap = (result: ExecutionResult, budget: { bytes: number }) => {
    const answer = result as ExecutionResult & { stringify?: Stringify };
    const stringify: Stringify = answer.stringify ?? JSON.stringify;
    answer.stringify = (sanitized) => {
      const text = stringify(sanitized);
      if (!overBytes(text, budget.bytes)) {
        budget.bytes -= text.length;
        return text;
      }
      return JSON.stringify({
        errors: [
          {
            message: `The response would be larger than ${maxBytes} bytes: ask for fewer or smaller pages.`,
            extensions: { code: 'RESPONSE_TOO_LARGE' satisfies ErrorCode },
          },
        ],
      });
    };
  };
  return {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      return {
        onExecuteDone({ result }) {
          if (!result || Symbol.asyncIterator in result) return;
          let left = request && leftFor.get(request);
          if (!left) {
            left = { bytes: maxBytes };
            if (request) leftFor.set(request, left);
          }
          cap(result as ExecutionResult, left);
        },
      };
    },
    onSubscribe() {
      return {
        onSubscribeResult() {
          return {
            onNext({ result }) {
              cap(result, { bytes: maxBytes });
            },
          };
        },
      };
    },
  };
}
