import { CREATOR_NAMES, CREATOR_USERNAMES } from './content.ts';
import type {
  SandboxAccount,
  SandboxChat,
  SandboxMedia,
  SandboxMessage,
  SandboxPlatform,
  SandboxTotals,
  SandboxUser,
  SandboxVendor,
} from './dataset-types.ts';
import {
  type ChatGenerationContext,
  DATASET_NOW,
  generateChat,
  generateUser,
  sampleMessageCount,
} from './generate-chats.ts';
import { generateFanValue } from './generate-fan-value.ts';
import { compareIds, IdFactory } from './id-factory.ts';
import { createRandom, deriveSeed } from './random.ts';

export type * from './dataset-types.ts';

/** The connected accounts of the busy agency the sandbox simulates. */
const ACCOUNT_PLANS: readonly {
  vendor: SandboxVendor;
  platform: SandboxPlatform;
  chats: number;
  /** Message count of one very long chat, when the account has one. */
  longChat?: number;
}[] = [
  { vendor: 'onlyfansapi', platform: 'onlyfans', chats: 180, longChat: 1300 },
  { vendor: 'onlyfansapi', platform: 'onlyfans', chats: 150 },
  { vendor: 'onlyfansapi', platform: 'fansly', chats: 170, longChat: 2200 },
  { vendor: 'onlyfansapi', platform: 'fansly', chats: 160 },
  { vendor: 'ofauth', platform: 'onlyfans', chats: 175, longChat: 1000 },
  { vendor: 'ofauth', platform: 'onlyfans', chats: 165 },
];

const DAY = 86_400;

export interface SandboxDataset {
  seed: number;
  /** Wall time the generation took, in milliseconds (not part of any response). */
  generatedInMs: number;
  /** The dataset's fixed "now", in seconds. */
  now: number;
  accounts: readonly SandboxAccount[];
  totals: SandboxTotals;
  /** The account with this handle (`acct_…`, `fansly_acct_…`, `conn_…`). */
  account(handle: string): SandboxAccount | undefined;
  /** Accounts of one vendor and platform, in creation order. */
  accountsOf(vendor: SandboxVendor, platform: SandboxPlatform): SandboxAccount[];
}

/**
 * Generates the whole dataset; the same seed always gives the same data. `handles` renames the
 * accounts, in plan order, and changes nothing else.
 */
export function generateDataset(
  seed = 1,
  handles: ReadonlyArray<string | undefined> = [],
): SandboxDataset {
  const started = performance.now();
  const ids = new IdFactory();
  let chatOrdinal = 0;
  const accounts = ACCOUNT_PLANS.map((plan, accountIndex) => {
    const random = createRandom(deriveSeed(seed, accountIndex));
    // Drawn even when renamed, so the rest of the data stays the same.
    const generated =
      plan.vendor === 'ofauth'
        ? `conn_${random.hex(24)}`
        : plan.platform === 'fansly'
          ? `fansly_acct_${random.hex(24)}`
          : `acct_${random.hex(32)}`;
    const handle = handles[accountIndex] ?? generated;
    const creator: SandboxUser = {
      ...generateUser({ random, ids, platform: plan.platform }, accountIndex),
      displayName: CREATOR_NAMES[accountIndex] ?? null,
      username: `${CREATOR_USERNAMES[accountIndex]}`,
    };
    const context: ChatGenerationContext = {
      random,
      ids,
      vendor: plan.vendor,
      platform: plan.platform,
      creator,
      accountIndex,
      nextChatOrdinal: () => chatOrdinal++,
      absentRate: 0.03,
    };
    // Fans' spend draws from a stream of its own, so adding it changed no other value.
    const fanValueRandom = createRandom(deriveSeed(seed, ACCOUNT_PLANS.length + accountIndex));
    const longChatIndex = plan.longChat === undefined ? -1 : random.int(0, plan.chats - 1);
    const chats: SandboxChat[] = [];
    let previousActivity = DATASET_NOW;
    for (let index = 0; index < plan.chats; index += 1) {
      const partner = generateUser(context, (accountIndex + 1) * 1000 + index);
      // Every 40th chat shares the previous one's last activity, so the tiebreak gets exercised.
      const lastActivity =
        index % 40 === 1
          ? previousActivity
          : DATASET_NOW - Math.floor(random.next() ** 1.5 * 150 * DAY) - random.int(0, 3600);
      previousActivity = lastActivity;
      const count = index === longChatIndex ? plan.longChat! : sampleMessageCount(random);
      chats.push({
        ...generateChat(context, partner, lastActivity, count, random.chance(0.2)),
        fanValue: generateFanValue(fanValueRandom),
      });
    }
    return buildAccount(plan.vendor, plan.platform, handle, creator, chats);
  });

  const byHandle = new Map(accounts.map((account) => [account.handle, account]));
  return {
    seed,
    generatedInMs: performance.now() - started,
    now: DATASET_NOW,
    accounts,
    totals: countTotals(accounts),
    account: (handle) => byHandle.get(handle),
    accountsOf: (vendor, platform) =>
      accounts.filter((account) => account.vendor === vendor && account.platform === platform),
  };
}

function buildAccount(
  vendor: SandboxVendor,
  platform: SandboxPlatform,
  handle: string,
  creator: SandboxUser,
  chats: SandboxChat[],
): SandboxAccount {
  chats.sort(compareRecent);
  const userById = new Map<string, SandboxUser>([[creator.id, creator]]);
  const mediaById = new Map<string, SandboxMedia>();
  for (const chat of chats) {
    userById.set(chat.partner.id, chat.partner);
    if (platform !== 'fansly') continue;
    for (const message of chat.messages) {
      for (const media of message.media) mediaById.set(media.id, media);
      for (const bundle of message.bundles) {
        for (const media of bundle.media) mediaById.set(media.id, media);
      }
    }
  }
  return {
    vendor,
    platform,
    handle,
    creator,
    chats,
    chatById: new Map(chats.map((chat) => [chat.id, chat])),
    userById,
    userByUsername: new Map(
      [...userById.values()].map((user) => [user.username.toLowerCase(), user]),
    ),
    mediaById,
  };
}

/** Most recent activity first; equal times put the larger chat id first. */
export function compareRecent(left: SandboxChat, right: SandboxChat): number {
  return right.lastActivity - left.lastActivity || compareIds(right.id, left.id);
}

/** The account's chats in `recent` order, or exactly reversed for `old`. */
export function chatsInOrder(account: SandboxAccount, order: 'recent' | 'old'): SandboxChat[] {
  return order === 'recent' ? [...account.chats] : [...account.chats].reverse();
}

/**
 * The fan messages the creator has not read, oldest first, and the index of the oldest in the
 * chat (the chat's length when none). Scans back from the newest message only as far as the
 * chat's `unreadCount` requires: generated unread messages are the trailing ones.
 */
export function unreadMessages(chat: SandboxChat): { messages: SandboxMessage[]; from: number } {
  const messages: SandboxMessage[] = [];
  let from = chat.messages.length;
  for (let index = chat.messages.length - 1; index >= 0; index -= 1) {
    if (messages.length >= chat.unreadCount) break;
    const message = chat.messages[index]!;
    if (message.fromCreator || message.isRead) continue;
    messages.unshift(message);
    from = index;
  }
  return { messages, from };
}

/** Fansly accountMedia ids that their messages page leaves out (`account-media/{ids}` only). */
export function absentFromPageMediaIds(account: SandboxAccount): string[] {
  return [...account.mediaById.values()]
    .filter((media) => media.absentFromPage)
    .map((media) => media.id);
}

function countTotals(accounts: readonly SandboxAccount[]): SandboxTotals {
  const totals: SandboxTotals = {
    accounts: accounts.length,
    chats: 0,
    messages: 0,
    media: 0,
    bundles: 0,
    absentFromPage: 0,
  };
  for (const account of accounts) {
    totals.chats += account.chats.length;
    for (const chat of account.chats) {
      totals.messages += chat.messages.length;
      for (const message of chat.messages) {
        totals.media += message.media.length;
        totals.bundles += message.bundles.length;
        for (const bundle of message.bundles) totals.media += bundle.media.length;
      }
    }
    totals.absentFromPage += absentFromPageMediaIds(account).length;
  }
  return totals;
}
