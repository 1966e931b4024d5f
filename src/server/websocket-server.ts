import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  GraphQLError,
  type GraphQLFormattedError,
} from 'graphql';
import type { Context, OperationResult } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { admitCaller } from '../auth/request-caller.ts';
import { authenticate, type Caller, type GatewayTokenConfig, OPEN_CALLER } from '../auth/tokens.ts';
import type { ErrorCode } from '../errors/error-codes.ts';
import type { Chatgraph } from './create-chatgraph.ts';

export interface WebSocketOptions {
  /**
   * The gateway tokens, as given to `createChatgraph`. Empty: every socket is admitted.
   * @default []
   */
  tokens?: readonly GatewayTokenConfig[];
  /**
   * Largest message a client may send, in bytes: past it the socket is closed (1009).
   * @default 1048576
   */
  maxMessageBytes?: number;
  /**
   * Operations one socket may run at once: past it one is refused with TOO_MANY_SUBSCRIPTIONS.
   * @default 100
   */
  maxSubscriptionsPerSocket?: number;
  /**
   * Largest result of one operation or event, in bytes (`limits.maxResponseBytes`): a larger one
   * is replaced by a RESPONSE_TOO_LARGE error.
   * @default 8388608
   */
  maxResponseBytes?: number;
  /** Aborts when the server shuts down: every socket is then closed (1001, going away). */
  closeSignal?: AbortSignal;
}

/** Who a connection acts for, from `connectionParams`: `authorization` ("Bearer …") or `token`. */
function callerOfParams(
  params: Record<string, unknown> | undefined,
  tokens: readonly GatewayTokenConfig[],
): Caller | null {
  if (tokens.length === 0) return OPEN_CALLER;
  const { authorization, token } = params ?? {};
  if (typeof authorization === 'string') return authenticate(authorization, tokens);
  if (typeof token === 'string') return authenticate(`Bearer ${token}`, tokens);
  return null;
}

/**
 * An error as the client reads it: its code always there, and none of the HTTP details yoga keeps
 * for the answers it writes itself (`extensions.http`: the status and headers of a refusal).
 */
function formatted(error: GraphQLError, defaultCode: ErrorCode): GraphQLFormattedError {
  const { http: _http, ...extensions } = (error.toJSON().extensions ?? {}) as Record<
    string,
    unknown
  >;
  return { ...error.toJSON(), extensions: { code: defaultCode, ...extensions } };
}

function errorResult(code: ErrorCode, message: string): FormattedExecutionResult {
  return { errors: [{ message, extensions: { code } }] };
}

/** What one operation of a socket runs with: yoga's execution, with its plugins. */
interface Operation {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

/**
 * Serves GraphQL over WebSocket (the graphql-ws protocol) on the app's endpoint, beside SSE on
 * the same path: each operation runs through yoga's parse, validation, context and execution,
 * with the gateway's plugins, as an HTTP request would. The token is checked once, when the socket
 * connects (`connectionParams.authorization` or `.token`): without a valid one, when tokens are
 * configured, the socket is closed with 4403 Forbidden before any operation. What yoga does for
 * HTTP alone (authentication, the token count, codes on its own refusals, the response cap) is
 * done here. Returns a function that closes every socket.
 */
export function serveWebSockets(
  server: Server,
  yoga: Chatgraph,
  options: WebSocketOptions = {},
): { close(): Promise<void> } {
  const {
    tokens = [],
    maxMessageBytes = 1_048_576,
    maxSubscriptionsPerSocket = 100,
    maxResponseBytes = 8 * 1024 * 1024,
    closeSignal,
  } = options;
  const endpoint = yoga.graphqlEndpoint;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  const callers = new WeakMap<Context, Caller>();
  // The running operations of each socket, each with what ends its lifetime.
  const running = new WeakMap<Context, Map<string, AbortController>>();
  const operations = new WeakMap<object, Operation>();

  server.on('upgrade', (request, socket: Duplex, head) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== endpoint || closeSignal?.aborted) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      sockets.emit('connection', webSocket, request);
    });
  });

  const operationOf = (args: ExecutionArgs): Operation => {
    const operation = operations.get(args.contextValue as object);
    if (!operation) throw new Error('an operation without its execution');
    return operation;
  };

  useServer(
    {
      execute: (args) => operationOf(args).execute(args) as OperationResult,
      subscribe: (args) => operationOf(args).subscribe(args) as OperationResult,
      onConnect(context) {
        const caller = callerOfParams(context.connectionParams, tokens);
        if (!caller) return false;
        callers.set(context, caller);
        running.set(context, new Map());
        return true;
      },
      async onSubscribe(context, id, payload) {
        const caller = callers.get(context);
        const operationsOfSocket = running.get(context);
        if (!caller || !operationsOfSocket) return [new GraphQLError('Not connected.')];
        if (operationsOfSocket.size >= maxSubscriptionsPerSocket) {
          return [
            new GraphQLError(
              `A WebSocket runs at most ${maxSubscriptionsPerSocket} operations at once: complete one, or open another socket.`,
              { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' satisfies ErrorCode } },
            ),
          ];
        }
        const lifetime = new AbortController();
        // What the context factory and the plugins read: who it acts for, and when it ends.
        const request = new Request(`http://localhost${endpoint}`, {
          method: 'POST',
          signal: lifetime.signal,
        });
        admitCaller(request, caller);
        const enveloped = yoga.getEnveloped({ request, params: payload });
        let document: DocumentNode;
        try {
          document = enveloped.parse(payload.query);
        } catch (error) {
          return [
            new GraphQLError(error instanceof Error ? error.message : 'The query is not GraphQL.', {
              extensions: { code: 'GRAPHQL_PARSE_FAILED' satisfies ErrorCode },
            }),
          ];
        }
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors;
        const contextValue = await enveloped.contextFactory();
        operations.set(contextValue, enveloped);
        operationsOfSocket.set(id, lifetime);
        return {
          schema: enveloped.schema,
          document,
          contextValue,
          variableValues: payload.variables,
          operationName: payload.operationName,
        };
      },
      onError(_context, _id, _payload, errors) {
        return errors.map((error) => formatted(error, 'GRAPHQL_VALIDATION_FAILED'));
      },
      onNext(_context, _id, _payload, _args, result: ExecutionResult) {
        const answer: FormattedExecutionResult = {
          ...result,
          errors: result.errors?.map((error) => formatted(error, 'INTERNAL_SERVER_ERROR')),
        };
        if (!answer.errors) delete answer.errors;
        // Measured as sent: graphql-ws serializes it again, the price of a bounded message.
        if (Buffer.byteLength(JSON.stringify(answer)) <= maxResponseBytes) return answer;
        return errorResult(
          'RESPONSE_TOO_LARGE',
          `The response would be larger than ${maxResponseBytes} bytes: ask for fewer or smaller pages.`,
        );
      },
      onComplete(context, id) {
        const operationsOfSocket = running.get(context);
        operationsOfSocket?.get(id)?.abort();
        operationsOfSocket?.delete(id);
      },
    },
    sockets,
  );

  const close = async () => {
    for (const client of sockets.clients) client.close(1001, 'The server is shutting down.');
    await new Promise<void>((resolve) => sockets.close(() => resolve()));
  };
  closeSignal?.addEventListener('abort', () => void close(), { once: true });
  return { close };
}
