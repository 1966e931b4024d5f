/**
 * Every `extensions.code` the gateway answers, with the HTTP status of the answer that carries it
 * and what it means. The README's error table is this list (test/errors/error-codes.test.ts keeps
 * them equal), and every producer names its code by the {@link ErrorCode} type, so a code
 * missing here fails the typecheck. Status 200: the error comes in a GraphQL result, beside the
 * data that could be had.
 */
export const ERROR_CODES = {
  // The request itself.
  BAD_REQUEST: {
    status: 400,
    meaning:
      'not a GraphQL request: a body that is not JSON, a missing query, an empty batch or a batch item that is not an operation object (named by its index), malformed HTTP; a mutation sent with GET is refused with 405',
  },
  UNAUTHENTICATED: {
    status: 401,
    meaning: 'no valid gateway token (see Access control), with `WWW-Authenticate: Bearer`',
  },
  FORBIDDEN: { status: 403, meaning: '`/metrics` with a token scoped to some accounts' },
  CSRF_HEADER_REQUIRED: {
    status: 403,
    meaning:
      'a request a browser form could send (a GET, a POST not of JSON) without the `x-graphql-yoga-csrf` or `apollo-require-preflight` header',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    meaning: 'a method graphql-yoga refuses without a code of its own',
  },
  NOT_ACCEPTABLE: {
    status: 406,
    meaning: 'an `Accept` header graphql-yoga refuses without a code of its own',
  },
  REQUEST_TIMEOUT: { status: 408, meaning: 'the request did not arrive in time' },
  LENGTH_REQUIRED: { status: 411, meaning: 'a request body without `Content-Length`' },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    meaning:
      'a request body over `limits.maxBodyBytes`, or a webhook delivery over `limits.maxWebhookBodyBytes`',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    meaning: 'a content type graphql-yoga refuses without a code of its own',
  },
  REQUEST_HEADER_FIELDS_TOO_LARGE: {
    status: 431,
    meaning:
      'request line and headers over 16 KB, typically a long query in a GET URL: send it with POST',
  },
  // The document.
  GRAPHQL_PARSE_FAILED: {
    status: 400,
    meaning: 'the query is not GraphQL (200 under `Accept: application/json`)',
  },
  GRAPHQL_VALIDATION_FAILED: {
    status: 400,
    meaning:
      'the document does not validate against the schema, such as an unknown field (200 under `Accept: application/json`)',
  },
  OPERATION_RESOLUTION_FAILURE: {
    status: 400,
    meaning: 'several operations and no `operationName` naming one of them',
  },
  OPERATION_NOT_SUPPORTED: {
    status: 200,
    meaning: 'a subscription: the schema has none',
  },
  // Limits (see Limits): refused before the operation runs, no vendor call made.
  QUERY_TOO_DEEP: { status: 200, meaning: 'fields nested deeper than `limits.maxDepth`' },
  TOO_MANY_ALIASES: { status: 200, meaning: 'more aliases than `limits.maxAliases`' },
  TOO_MANY_DIRECTIVES: { status: 200, meaning: 'more directives than `limits.maxDirectives`' },
  TOO_MANY_TOKENS: { status: 200, meaning: 'more lexical tokens than `limits.maxTokens`' },
  QUERY_TOO_COMPLEX: {
    status: 200,
    meaning: 'an estimated cost over `limits.maxCost`, or a document too repetitive',
  },
  TOO_MANY_UPSTREAM_CALLS: {
    status: 200,
    meaning:
      'the operation could cause more vendor calls than `limits.maxUpstreamCalls`; at run time, the fields whose calls would pass it',
  },
  UPSTREAM_BUDGET_EXCEEDED: {
    status: 429,
    meaning:
      "the token's `upstreamCallsPerMinute` has too little left for the operation; `extensions.retryAfter` and `Retry-After` in seconds",
  },
  RESPONSE_TOO_LARGE: {
    status: 200,
    meaning: 'the answer would be over `limits.maxResponseBytes`: it is replaced by this error',
  },
  // Input.
  BAD_USER_INPUT: {
    status: 200,
    meaning:
      'an argument outside what is allowed (`first` outside 1–100, a malformed id or cursor, too many `ids`, a write input breaking a rule: `extensions.field` names the field); a variable of the wrong type refuses the request with 400',
  },
  // Writes (see Replying).
  NOT_SUPPORTED: {
    status: 200,
    meaning:
      "a write the chat's vendor does not offer (`markChatRead` on OFAuth): refused before any vendor call; `Chat.capabilities` tells beforehand",
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 200,
    meaning:
      '`sendMessage` with an `idempotencyKey` already used for a different message (other chat, text, price, media or reply): nothing is sent',
  },
  IDEMPOTENCY_STORE_UNAVAILABLE: {
    status: 200,
    meaning:
      'the record of idempotency keys (memory or Redis) cannot be reached, so sending exactly once cannot be promised: nothing is sent, try again later with the same key',
  },
  SEND_OUTCOME_UNKNOWN: {
    status: 200,
    meaning:
      '`sendMessage` outcome `UNKNOWN` (on `sendMessage.message`): the vendor may have sent it (a timeout, a 5xx). Do not send again with a new key: read the thread to find out',
  },
  WRITE_OUTCOME_UNKNOWN: {
    status: 200,
    meaning:
      '`markChatRead` or `unsendMessage` may or may not have been applied (a timeout, a 5xx); doing either again is harmless',
  },
  // Vendors: the error names the vendor, the connected account and the route.
  UPSTREAM_UNAUTHENTICATED: { status: 200, meaning: 'the vendor rejected the API key (401)' },
  UPSTREAM_FORBIDDEN: { status: 200, meaning: 'the key may not read that account (403)' },
  NOT_FOUND: { status: 200, meaning: 'the vendor does not know it (404)' },
  UPSTREAM_BAD_REQUEST: { status: 200, meaning: 'the vendor rejected the request (400/422)' },
  UPSTREAM_RATE_LIMITED: {
    status: 200,
    meaning: '429; `extensions.retryAfter` in seconds when the vendor says',
  },
  UPSTREAM_UNAVAILABLE: { status: 200, meaning: '5xx, or the vendor could not be reached' },
  UPSTREAM_TIMEOUT: { status: 200, meaning: 'no complete answer in time' },
  UPSTREAM_INVALID_RESPONSE: {
    status: 200,
    meaning: 'a body that is not JSON, breaks off, or has the wrong shape',
  },
  // Webhook deliveries (see Webhooks): refused before anything is published.
  WEBHOOK_NOT_CONFIGURED: {
    status: 404,
    meaning:
      'a delivery to the webhook path of a vendor without a `webhookSecret`: the path is closed',
  },
  WEBHOOK_SIGNATURE_INVALID: {
    status: 401,
    meaning:
      "a delivery whose signature is missing, malformed or does not match the vendor's `webhookSecret`",
  },
  WEBHOOK_TIMESTAMP_STALE: {
    status: 401,
    meaning:
      'a correctly signed delivery whose timestamp is more than 5 minutes from the clock (OFAuth): a replay or a clock adrift',
  },
  WEBHOOK_MALFORMED: {
    status: 400,
    meaning: 'a correctly signed delivery whose body is not JSON',
  },
  WEBHOOK_BUSY: {
    status: 503,
    meaning:
      'too many deliveries still being published: the delivery is not taken (nor remembered), the vendor delivers it again later; `Retry-After` in seconds',
  },
  // Anything else.
  INTERNAL_SERVER_ERROR: {
    status: 200,
    meaning: 'anything unexpected: the message is masked, the log has the details',
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes a failed vendor call carries (UpstreamError's `code`). */
export const UPSTREAM_ERROR_CODES = [
  'UPSTREAM_UNAUTHENTICATED',
  'UPSTREAM_FORBIDDEN',
  'NOT_FOUND',
  'UPSTREAM_BAD_REQUEST',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_INVALID_RESPONSE',
  // Made by the gateway, not the vendor: the request's calls are spent (TooManyUpstreamCallsError).
  'TOO_MANY_UPSTREAM_CALLS',
] as const satisfies readonly ErrorCode[];

export type UpstreamErrorCode = (typeof UPSTREAM_ERROR_CODES)[number];
