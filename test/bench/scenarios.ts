import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { encodeGlobalId } from '../../src/ids.ts';
import type { SandboxAccount, SandboxChat, SandboxDataset } from '../../src/sandbox/index.ts';
import {
  fanslyThreadMinimum,
  inboxAfterMessageMinimum,
  inboxMinimum,
  type Minimum,
  newestChat,
  ofAuthInboxMinimum,
  onlyFansInboxMinimum,
  overviewAfterMessageMinimum,
  overviewMinimum,
} from './minimum.ts';

/**
 * The benchmark's screens: for each, the GraphQL query the gateway answers, the floor's route
 * that answers the same data from raw vendor calls, and the fewest vendor calls that can do it.
 * Shared by the runner (`run.ts`) and the calls test (`calls.test.ts`).
 */

export interface Scenario {
  name: string;
  title: string;
  query: string;
  variables: Record<string, unknown>;
  /** Path and query of the floor server's route for the same screen. */
  floorPath: string;
  minimum: Minimum;
  /** Present for the screens also measured warm, on the gateway whose cache is on. */
  warm?: WarmScreen;
}

/**
 * A screen refreshed with its answers kept: refreshes cost no vendor call until a fan writes in
 * `message.chat` (a signed webhook tells the gateway); the next refresh costs `afterMessage`.
 */
export interface WarmScreen {
  /** The account's handle and the native id of the chat the fan writes in. */
  message: { account: string; chat: string };
  afterMessage: Minimum;
}

export interface SkippedScenario {
  name: string;
  title: string;
  reason: string;
}

const CHAT_NODE = `id unreadCount lastActivityAt
  partner { platformId username displayName avatarUrl }
  lastMessage { platformId text createdAt isFromCreator }`;

const ONLYFANS_INBOX = `query OnlyFansInbox($accountId: ID!, $first: Int!) {
  connectedAccount(id: $accountId) {
    chats(first: $first) { edges { node { ${CHAT_NODE} } } pageInfo { hasNextPage } }
  }
}`;

const OFAUTH_INBOX = `query OfAuthInbox($accountId: ID!, $first: Int!) {
  connectedAccount(id: $accountId) {
    chats(first: $first) {
      edges { node { id unreadCount lastActivityAt partner { platformId username displayName } } }
      pageInfo { hasNextPage }
    }
  }
}`;

const FANSLY_THREAD = `query FanslyThread($chatId: ID!, $first: Int!) {
  chat(id: $chatId) {
    messages(first: $first) {
      edges { node {
        id platformId text createdAt isFromCreator price
        sender { platformId username }
        media { id platformId type url thumbnailUrl isAccessible price }
      } }
      pageInfo { hasNextPage }
    }
  }
}`;

const OVERVIEW = `query Overview($chats: Int!, $messages: Int!) {
  connectedAccounts {
    platform vendor
    chats(first: $chats) { edges { node {
      id unreadCount partner { platformId username }
      messages(first: $messages) { edges { node {
        platformId text createdAt isFromCreator
        media { platformId type url isAccessible }
      } } }
    } } }
  }
}`;

export const INBOX_QUERY = `query UnifiedInbox($first: Int!) {
  inbox(first: $first) { edges { node { ${CHAT_NODE} } } pageInfo { hasNextPage } }
}`;

const INBOX_TITLE = '5. Unified inbox: 50 chats across all accounts';

/** Why the unified inbox cannot run yet, or null when the published schema accepts its query. */
export function inboxUnavailable(schemaPath = 'schema/schema.graphql'): string | null {
  const schema = buildSchema(readFileSync(schemaPath, 'utf8'));
  if (!schema.getQueryType()?.getFields().inbox) {
    return `skipped: ${schemaPath} has no Query.inbox yet`;
  }
  const errors = validate(schema, parse(INBOX_QUERY));
  return errors.length === 0
    ? null
    : `skipped: the inbox query does not validate (${errors.map((error) => error.message).join('; ')})`;
}

function accountOf(dataset: SandboxDataset, vendor: string, platform: string): SandboxAccount {
  const account = dataset.accounts.find(
    (candidate) => candidate.vendor === vendor && candidate.platform === platform,
  );
  if (!account) throw new Error(`the sandbox has no ${vendor} ${platform} account`);
  return account;
}

function longestChat(account: SandboxAccount): SandboxChat {
  return account.chats.reduce((longest, chat) =>
    chat.messages.length > longest.messages.length ? chat : longest,
  );
}

/** The scenarios over this dataset; the unified inbox only when `withInbox`. */
export function buildScenarios(
  dataset: SandboxDataset,
  options: { withInbox: boolean; inboxNote?: string },
): { scenarios: Scenario[]; skipped: SkippedScenario[] } {
  const onlyFans = accountOf(dataset, 'onlyfansapi', 'onlyfans');
  const ofAuth = accountOf(dataset, 'ofauth', 'onlyfans');
  const fansly = accountOf(dataset, 'onlyfansapi', 'fansly');
  const thread = longestChat(fansly);
  // A warm screen's webhook: a fan writes in the OnlyFans account's newest chat (OnlyFansAPI
  // charges credits for its calls, so its re-reads are the ones the credits report shows).
  const message = { account: onlyFans.handle, chat: newestChat(onlyFans).id };
  const scenarios: Scenario[] = [
    {
      name: 'onlyfans-inbox',
      title: '1. OnlyFans inbox via OnlyFansAPI: 25 chats, partner profile, last message',
      query: ONLYFANS_INBOX,
      variables: { accountId: encodeGlobalId('ConnectedAccount', onlyFans.handle), first: 25 },
      floorPath: `/onlyfans-inbox?account=${onlyFans.handle}&first=25`,
      minimum: onlyFansInboxMinimum(25),
    },
    {
      name: 'ofauth-inbox',
      title: '2. OFAuth inbox: 20 chats, partner username and name',
      query: OFAUTH_INBOX,
      variables: { accountId: encodeGlobalId('ConnectedAccount', ofAuth.handle), first: 20 },
      floorPath: `/ofauth-inbox?account=${ofAuth.handle}&first=20`,
      minimum: ofAuthInboxMinimum(ofAuth, 20),
    },
    {
      name: 'fansly-thread',
      title: `3. Fansly thread (${thread.messages.length} messages): newest 100 with sender and media`,
      query: FANSLY_THREAD,
      variables: {
        // Fansly chat ids carry the partner's username (its users are looked up by username).
        chatId: encodeGlobalId(
          'Chat',
          `${fansly.handle}:${thread.id}:${thread.partner.id}:${thread.partner.username}`,
        ),
        first: 100,
      },
      floorPath: `/fansly-thread?account=${fansly.handle}&chat=${thread.id}&partner=${thread.partner.id}&username=${thread.partner.username}&first=100`,
      minimum: fanslyThreadMinimum(thread, 100),
    },
    {
      name: 'overview',
      title: `4. Overview: ${dataset.accounts.length} accounts × 10 chats × 5 newest messages with media`,
      query: OVERVIEW,
      variables: { chats: 10, messages: 5 },
      floorPath: '/overview?chats=10&messages=5',
      minimum: overviewMinimum(dataset, 10, 5),
      warm: { message, afterMessage: overviewAfterMessageMinimum(onlyFans, 10, 5) },
    },
  ];
  const skipped: SkippedScenario[] = [];
  if (options.withInbox) {
    scenarios.push({
      name: 'inbox',
      title: INBOX_TITLE,
      query: INBOX_QUERY,
      variables: { first: 50 },
      floorPath: '/inbox?first=50',
      minimum: inboxMinimum(dataset, 50),
      warm: { message, afterMessage: inboxAfterMessageMinimum(dataset, 50, onlyFans) },
    });
  } else {
    skipped.push({
      name: 'inbox',
      title: INBOX_TITLE,
      reason: options.inboxNote ?? 'skipped: Query.inbox is not in the schema',
    });
  }
  return { scenarios, skipped };
}
