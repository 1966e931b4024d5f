import type { ExecutionResult } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import { upstreamExtensions } from '../errors/mask-error.ts';
import { UpstreamError } from '../http/errors.ts';

/**
 * Reports on every response what it cost upstream (`extensions.cost`), vendor failures of part
 * of a field that still answered (in `errors`), and failures that did not fail a field at all
 * (`extensions.warnings`). A subscription reports on each event what that event cost: its
 * context's cost is renewed before each one (resolvers/subscription.ts).
 */
export function useCostReport(): Plugin<GatewayContext> {
  return {
    onExecute() {
      return {
        onExecuteDone({ args, result, setResult }) {
          if (!result || Symbol.asyncIterator in result) return;
          setResult(withCost(args.contextValue as GatewayContext, result));
        },
      };
    },
    onSubscribe() {
      return {
        onSubscribeResult() {
          return {
            onNext({ args, result, setResult }) {
              setResult(withCost(args.contextValue as GatewayContext, result));
            },
          };
        },
      };
    },
  };
}

function withCost(context: GatewayContext, result: ExecutionResult): ExecutionResult {
  const warnings = context.warnings.map((warning) =>
    warning instanceof UpstreamError
      ? { message: warning.message, ...upstreamExtensions(warning) }
      : { message: 'a lookup failed' },
  );
  const partial = context.partialErrors.map(({ error, path }) =>
    createGraphQLError(error.message, { path, extensions: upstreamExtensions(error) }),
  );
  return {
    ...result,
    ...(partial.length > 0 ? { errors: [...(result.errors ?? []), ...partial] } : {}),
    extensions: {
      ...result.extensions,
      cost: { ...context.cost },
      ...(warnings.length > 0 ? { warnings } : {}),
    },
  };
}
