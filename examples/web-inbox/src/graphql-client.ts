import type { TypedDocumentString } from '../generated/graphql.js';
import { readEventStream } from './event-stream.js';

interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

interface GraphQLResult<Data> {
  data?: Data | null;
  errors?: GraphQLError[];
}

/** What chatgraph refused or failed, with its `extensions.code` (or the HTTP status). */
export class GatewayError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
  }
}

function errorOf(errors: GraphQLError[] | undefined, status: number): GatewayError {
  const first = errors?.[0];
  return new GatewayError(
    first?.extensions?.code ?? `HTTP_${status}`,
    first?.message ?? `chatgraph answered HTTP ${status}`,
  );
}

/**
 * chatgraph over HTTP, with nothing but `fetch`: queries and mutations as JSON, subscriptions as
 * Server-Sent Events on the same `/graphql` (GraphQL over SSE, which chatgraph serves), so that
 * one bearer header and one CORS policy cover both.
 */
export class GraphQLClient {
  /**
   * @param url chatgraph's `/graphql`.
   * @param token The gateway token (`auth.tokens`) to send, or '' when chatgraph runs without.
   */
  constructor(
    private readonly url: string,
    private readonly token: () => string,
  ) {}

  private headers(accept: string): Record<string, string> {
    const token = this.token();
    return {
      'content-type': 'application/json',
      accept,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
  }

  /** Runs a query or mutation; an answer with errors (or without data) throws them. */
  async execute<Result, Variables>(
    document: TypedDocumentString<Result, Variables>,
    variables: Variables,
  ): Promise<Result> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: this.headers('application/graphql-response+json, application/json'),
      body: JSON.stringify({ query: document.toString(), variables }),
    });
    const result = (await response.json().catch(() => ({}))) as GraphQLResult<Result>;
    if (result.errors?.length || !result.data) throw errorOf(result.errors, response.status);
    return result.data;
  }

  /**
   * Runs a subscription and hands each event's data to `onData`. `onOpen` is called once chatgraph
   * has accepted it (its events flow from then on). Resolves when chatgraph completes the stream
   * or the connection ends; throws chatgraph's refusal or an error event (a subscriber too slow to
   * keep up is ended that way). `signal` stops it.
   */
  async subscribe<Result, Variables>(
    document: TypedDocumentString<Result, Variables>,
    variables: Variables,
    handlers: { onOpen(): void; onData(data: Result): void },
    signal: AbortSignal,
  ): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: this.headers('text/event-stream'),
      body: JSON.stringify({ query: document.toString(), variables }),
      signal,
    });
    const streaming = response.headers.get('content-type')?.startsWith('text/event-stream');
    if (!response.ok || !streaming || !response.body) {
      const refusal = (await response.json().catch(() => ({}))) as GraphQLResult<Result>;
      throw errorOf(refusal.errors, response.status);
    }
    handlers.onOpen();
    for await (const { event, data } of readEventStream(response.body)) {
      if (event === 'complete') return;
      if (event !== 'next') continue;
      const result = JSON.parse(data) as GraphQLResult<Result>;
      if (result.errors?.length) throw errorOf(result.errors, response.status);
      if (result.data) handlers.onData(result.data);
    }
  }
}
