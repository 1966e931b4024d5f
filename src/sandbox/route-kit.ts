import type { SandboxDataset } from './dataset.ts';
import type {
  SandboxAccount,
  SandboxChat,
  SandboxMessage,
  SandboxPlatform,
  SandboxVendor,
} from './dataset-types.ts';
import type { SandboxWrites } from './dataset-writes.ts';
import type { SandboxRoute } from './types.ts';

/**
 * What a route family declares, and the vendor-neutral failures its handlers throw. Each vendor
 * renders a `RouteError` its own way (OnlyFansAPI: 422 Laravel bodies; OFAuth: 400 typed bodies).
 */

export type RouteErrorKind = 'validation' | 'unauthorized' | 'forbidden' | 'notFound';

export class RouteError extends Error {
  readonly kind: RouteErrorKind;
  /** The query parameter or body field at fault, for validation errors. */
  readonly field: string | null;

  constructor(kind: RouteErrorKind, message: string, field: string | null = null) {
    super(message);
    this.name = 'RouteError';
    this.kind = kind;
    this.field = field;
  }
}

export interface RouteContext {
  dataset: SandboxDataset;
  /** The connected account the call is for; null on routes that list accounts. */
  account: SandboxAccount | null;
  /** Named groups of the route's path pattern, URI-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Handles whose vendor session has expired (a control): the accounts lists say so. */
  expiredSessions: ReadonlySet<string>;
  /** The parsed JSON body of a write (`{}` when empty); undefined on GET routes. */
  body: unknown;
  /** Applies writes to the dataset; only write routes call it. */
  writes: SandboxWrites;
  /**
   * Tells the vendor's webhooks of a message a write added; they deliver it if the vendor would.
   * Answers the event id, or null when nothing is delivered.
   */
  announceMessage(
    account: SandboxAccount,
    chat: SandboxChat,
    message: SandboxMessage,
  ): string | null;
}

export type RouteMethod = 'GET' | 'POST' | 'DELETE';

/** Where a route finds its connected account. */
export type AccountSource =
  | { from: 'path'; platform: SandboxPlatform }
  | { from: 'connection' }
  | { from: 'none' };

export interface RouteDefinition {
  name: SandboxRoute;
  vendor: SandboxVendor;
  /** @default 'GET' */
  method?: RouteMethod;
  /** Matched against the path; named groups become `params` (`account` names the handle). */
  pattern: RegExp;
  account: AccountSource;
  /**
   * Honours an `Idempotency-Key` header: the first answer with a key is remembered and a repeat
   * answers it again without applying anything (OnlyFansAPI's POST routes).
   * @default false
   */
  idempotencyKey?: boolean;
  /** The JSON body of a 200 (OnlyFansAPI's `_meta` is added by the server). */
  handle(context: RouteContext): unknown;
}

/** Whether the route changes the dataset (anything but GET). */
export function isWrite(route: RouteDefinition): boolean {
  return (route.method ?? 'GET') !== 'GET';
}

export function accountOf(context: RouteContext): SandboxAccount {
  if (context.account === null) throw new Error('route declared no account');
  return context.account;
}

/** The chat named by the path, or the 404 every vendor answers for an unknown one. */
export function chatOf(
  account: SandboxAccount,
  chatId: string | undefined,
  message: string,
): SandboxChat {
  const chat = account.chatById.get(chatId ?? '');
  if (chat === undefined) throw new RouteError('notFound', message);
  return chat;
}

/** The vendor's public host: `next_page` URLs point there, never at the sandbox. */
export const ONLYFANSAPI_ORIGIN = 'https://app.onlyfansapi.com';

/** Case-insensitive substring match on any of the values. */
export function matchesSearch(search: string, ...values: (string | null)[]): boolean {
  const needle = search.toLowerCase();
  return values.some((value) => value?.toLowerCase().includes(needle) ?? false);
}
