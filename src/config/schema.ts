import { z } from 'zod';
import { CACHE_KINDS, DEFAULT_CACHE_MAX_BYTES } from '../cache/cache-kind.ts';
import {
  boolean,
  closedObject,
  type Env,
  httpUrl,
  integer,
  nonEmptyString,
  oneOf,
  secret,
  vendorIdPattern,
  vendorIdProblem,
} from './fields.ts';

/**
 * The config file's one definition: every key, its type, range, default and message. The types
 * (GatewayConfig) are inferred from it. Defaults that depend on the environment (production turns
 * GraphiQL, introspection and cross-origin access off) make it a function of `env`.
 */

/** The connected-account handles a vendor may issue: a documented prefix, then opaque text. */
export const HANDLE_PATTERNS = {
  onlyfans: vendorIdPattern('acct_'),
  fansly: vendorIdPattern('fansly_acct_'),
  connection: vendorIdPattern('conn_'),
} as const;

const HANDLE_PROBLEMS = {
  onlyfans: vendorIdProblem('an OnlyFansAPI account id', 'acct_'),
  fansly: vendorIdProblem('a Fansly account id', 'fansly_acct_'),
  connection: vendorIdProblem('an OFAuth connection id', 'conn_'),
} as const;

function nonEmptyArray<Item extends z.ZodType>(item: Item, error = 'expected a non-empty array') {
  return z.array(item, { error }).min(1, { error });
}

/** Per-call settings every vendor shares. */
const vendorCallSettings = {
  /** Per-call timeout in milliseconds. */
  timeoutMs: integer(100, 120_000).default(10_000),
  /** Retries of a failed idempotent call (429, 502–504, timeouts, connection failures). */
  retries: integer(0, 10).default(2),
  /** Keep-alive connections of the vendor's pool: the most calls in flight to it at once. */
  poolConnections: integer(1, 1024).default(32),
  /** Vendor calls one connected account may have in flight at once (of `poolConnections`). */
  maxInFlightPerAccount: integer(1, 1000).default(8),
  /**
   * The client-side rate budget, per API key (OnlyFansAPI) or connection (OFAuth), shared by the
   * replicas when `redis` is configured; absent: the vendor's documented limit, following the
   * figures its answers carry. Given, it is a ceiling the vendor's figures only ever lower.
   */
  rateLimit: closedObject({
    requestsPerMinute: integer(1, 1_000_000),
    burst: integer(1, 1_000_000),
  }).optional(),
};

const onlyFansApiAccount = closedObject({
  id: nonEmptyString('expected an account id (acct_… or fansly_acct_…)'),
  platform: oneOf(['onlyfans', 'fansly']),
}).superRefine((account, context) => {
  if (!HANDLE_PATTERNS[account.platform].test(account.id)) {
    context.addIssue({ code: 'custom', path: ['id'], message: HANDLE_PROBLEMS[account.platform] });
  }
});

const connection = closedObject({
  id: nonEmptyString(HANDLE_PROBLEMS.connection).regex(HANDLE_PATTERNS.connection, {
    error: HANDLE_PROBLEMS.connection,
  }),
});

const SHA256_PROBLEM = 'expected the lowercase hex sha256 of the token';
const SCOPE_PROBLEM = 'expected a non-empty list of account handles, or ["*"]';

const token = closedObject({
  /** Who holds it, for logs. */
  name: nonEmptyString(),
  sha256: z.string({ error: SHA256_PROBLEM }).regex(/^[0-9a-f]{64}$/, { error: SHA256_PROBLEM }),
  /** Connected account handles, or `["*"]` for all. */
  accounts: nonEmptyArray(nonEmptyString(SCOPE_PROBLEM), SCOPE_PROBLEM),
  /** Vendor calls this token's requests may cause per minute; absent: unlimited. */
  upstreamCallsPerMinute: integer(1, 1_000_000).optional(),
});

const ORIGIN_PROBLEM = 'expected an origin like https://inbox.example.com, or "*"';

/** `scheme://host[:port]` exactly as a browser sends it in `Origin`, or `*`. */
const origin = z.string({ error: ORIGIN_PROBLEM }).refine((text) => {
  if (text === '*') return true;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
}, ORIGIN_PROBLEM);

const limits = closedObject(
  {
    maxDepth: integer(2, 100).optional(),
    maxAliases: integer(0, 1000).optional(),
    maxDirectives: integer(0, 1000).optional(),
    maxCost: integer(1, 10_000_000).optional(),
    maxTokens: integer(10, 1_000_000).optional(),
    maxBodyBytes: integer(1024, 100 * 1024 * 1024).optional(),
    maxBatch: integer(1, 100).optional(),
    /** Largest webhook delivery body, in bytes (413 PAYLOAD_TOO_LARGE beyond); default 262144. */
    maxWebhookBodyBytes: integer(1024, 10 * 1024 * 1024).optional(),
    /** Largest response body, in bytes (RESPONSE_TOO_LARGE beyond). */
    maxResponseBytes: integer(1024, 1_073_741_824).default(8_388_608),
    /** Estimated vendor calls one operation may cause; its default is the query limits'. */
    maxUpstreamCalls: integer(1, 100_000).optional(),
    /** Events a subscriber may leave unread before it is ended (SUBSCRIBER_TOO_SLOW). */
    maxQueuedEvents: integer(1, 100_000).optional(),
    /** Subscriptions one replica serves at once (TOO_MANY_SUBSCRIPTIONS beyond). */
    maxSubscriptions: integer(1, 1_000_000).optional(),
  },
  'limit',
);

/** The server settings; a missing `server` (or key) takes the defaults. */
export function serverSchema(env: Env) {
  const production = env.NODE_ENV === 'production';
  return closedObject({
    host: nonEmptyString().default('127.0.0.1'),
    port: integer(0, 65535).default(4000),
    graphiql: boolean().default(!production),
    introspection: boolean().default(!production),
    /** How long one GraphQL request may wait for vendors, in ms. */
    requestTimeoutMs: integer(100, 600_000).default(30_000),
    /** Which schema to serve (README "Use it in a larger graph"). */
    mode: oneOf(['plain', 'subgraph', 'both']).default('plain'),
    cors: closedObject({
      /** Exact origins allowed cross-origin access, or `["*"]`. */
      origins: z
        .array(origin, { error: ORIGIN_PROBLEM })
        .refine((origins) => !origins.includes('*') || origins.length === 1, {
          error: '"*" allows every origin: list it alone',
        })
        .default(() => (production ? [] : ['*'])),
    }).prefault({}),
    /** Signs paging cursors; absent: a random secret per process. */
    cursorSecret: secret(env, 32).optional(),
  });
}

/** Seconds one kind of vendor answer is kept: 0 keeps none; at most a day. */
const ttlSeconds = closedObject(
  Object.fromEntries(CACHE_KINDS.map((kind) => [kind, integer(0, 86_400).optional()])),
  'cache kind',
);

/**
 * The cache of vendor answers (README "Caching"): on by default, in memory; shared by every
 * replica when `redis` is configured. Absent kinds keep their defaults (src/cache/cache-kind.ts).
 */
const cache = closedObject({
  enabled: boolean().default(true),
  /** Bytes of vendor answers one replica keeps in memory (their JSON text). */
  maxBytes: integer(1024 * 1024, 16 * 1024 * 1024 * 1024).default(DEFAULT_CACHE_MAX_BYTES),
  ttlSeconds: ttlSeconds.prefault({}),
});

const REDIS_URL_PROBLEM = 'expected a redis:// or rediss:// URL';
const KEY_PREFIX_PROBLEM = 'expected 1 to 64 characters, no spaces';

function isRedisUrl(text: string): boolean {
  try {
    const { protocol, hostname } = new URL(text);
    return (protocol === 'redis:' || protocol === 'rediss:') && hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Redis, which replicas share (the idempotency store of writes, live events, vendor answers and
 * rate budgets). `url` is a secret, since it may carry a password. Without it in the file, the `REDIS_URL` variable gives it: the file wins, so a
 * platform that sets `REDIS_URL` for its own purposes cannot move a configured gateway elsewhere
 * (and the file may name any variable with `{"env": "NAME"}`). Neither: no Redis, state stays in
 * the process.
 */
export function redisSchema(env: Env) {
  return closedObject({
    url: secret(env).refine(isRedisUrl, { error: REDIS_URL_PROBLEM }).optional(),
    /** Put before every key the gateway writes, so several gateways can share one Redis. */
    keyPrefix: z
      .string({ error: KEY_PREFIX_PROBLEM })
      .regex(/^\S{1,64}$/, { error: KEY_PREFIX_PROBLEM })
      .default('chatgraph:'),
    /**
     * Replicas sharing the vendors' rate budgets: while Redis is unreachable each keeps
     * 1/`replicas` of every budget, so that together they still stay within it.
     */
    replicas: integer(1, 1000).default(1),
  }).transform((redis, context) => {
    if (redis.url !== undefined) return redis;
    const fromEnv = env.REDIS_URL;
    if (!fromEnv) return redis;
    if (isRedisUrl(fromEnv)) return { ...redis, url: fromEnv };
    context.issues.push({
      code: 'custom',
      path: ['url'],
      message: `environment variable REDIS_URL: ${REDIS_URL_PROBLEM}`,
      input: undefined,
    });
    return z.NEVER;
  });
}

export function gatewayConfigSchema(env: Env) {
  return closedObject({
    server: serverSchema(env).prefault({}),
    vendors: closedObject(
      {
        onlyfansapi: closedObject({
          baseUrl: httpUrl().default('https://app.onlyfansapi.com'),
          apiKey: secret(env),
          /** Signs webhook deliveries; absent: the vendor's webhook path stays closed. */
          webhookSecret: secret(env).optional(),
          accounts: nonEmptyArray(onlyFansApiAccount),
          ...vendorCallSettings,
        }).optional(),
        ofauth: closedObject({
          baseUrl: httpUrl().default('https://api.ofauth.com'),
          apiKey: secret(env),
          /** Signs OFAuth's webhook deliveries; absent: its webhook path is closed. */
          webhookSecret: secret(env).optional(),
          connections: nonEmptyArray(connection),
          ...vendorCallSettings,
        }).optional(),
      },
      'vendor',
    ),
    /** Gateway tokens; none means the gateway runs open. */
    auth: closedObject({ tokens: nonEmptyArray(token) }).default(() => ({ tokens: [] })),
    /** Query limits; absent ones take the defaults of the code that applies them. */
    limits: limits.prefault({}),
    redis: redisSchema(env).prefault({}),
    cache: cache.prefault({}),
  });
}

export type GatewayConfig = z.output<ReturnType<typeof gatewayConfigSchema>>;
