import {
  DISPLAY_NAMES,
  EMPTY_TEXT_ID,
  LOCATIONS,
  MESSAGE_TEXTS,
  USERNAME_STEMS,
} from './content.ts';
import type {
  SandboxBundle,
  SandboxChat,
  SandboxMedia,
  SandboxMediaType,
  SandboxMessage,
  SandboxPlatform,
  SandboxUser,
  SandboxVendor,
} from './dataset-types.ts';
import { type IdFactory, onlyfansMessageId } from './id-factory.ts';
import type { Random } from './random.ts';

/** The fixed "now" of every dataset, so output never depends on the clock. 2025-06-01Z. */
export const DATASET_NOW = Date.UTC(2025, 5, 1) / 1000;
const DAY = 86_400;
const EMPTY: readonly never[] = Object.freeze([]);

export interface ChatGenerationContext {
  random: Random;
  ids: IdFactory;
  vendor: SandboxVendor;
  platform: SandboxPlatform;
  creator: SandboxUser;
  /** Fans' usernames get this serial prefix, so they are unique across accounts. */
  accountIndex: number;
  /** Next OnlyFans chat ordinal (shared by all OnlyFans accounts; see `onlyfansMessageId`). */
  nextChatOrdinal: () => number;
  /** Fansly: ~3% of attachment media are absent from their messages page. */
  absentRate: number;
}

/** Mostly 5–80 messages, some 81–250, a few with none or one. */
export function sampleMessageCount(random: Random): number {
  const roll = random.next();
  if (roll < 0.04) return random.int(0, 1);
  if (roll < 0.1) return random.int(81, 250);
  return random.int(5, 80);
}

export function generateUser(
  context: Pick<ChatGenerationContext, 'random' | 'ids' | 'platform'>,
  serial: number,
): SandboxUser {
  const { random, ids, platform } = context;
  const nameIndex = random.int(0, DISPLAY_NAMES.length - 1);
  const createdAtMs = (DATASET_NOW - random.int(30, 2000) * DAY) * 1000 + random.int(0, 999);
  const id = platform === 'fansly' ? ids.snowflake(createdAtMs) : ids.onlyfansUserId(random.next);
  const username =
    platform === 'onlyfans' && random.chance(0.3)
      ? `u${id}`
      : `${USERNAME_STEMS[nameIndex]}${random.chance(0.5) ? '_' : ''}${serial}`;
  return {
    id,
    username,
    displayName: DISPLAY_NAMES[nameIndex] ?? null,
    avatarId: random.chance(0.85)
      ? platform === 'fansly'
        ? ids.snowflake(createdAtMs + 1000)
        : random.hex(12)
      : null,
    isVerified: random.chance(0.1),
    createdAtMs,
    about: random.chance(0.5) ? '' : 'Just here for the vibes ✨ &amp; good chats',
    location: random.pick(LOCATIONS),
    following: random.chance(0.5),
  };
}

/**
 * One chat whose last activity is `lastActivity`: timestamps are drawn backwards from there, so
 * the chat list order is known before its messages exist.
 */
export function generateChat(
  context: ChatGenerationContext,
  partner: SandboxUser,
  lastActivity: number,
  messageCount: number,
  isUnread: boolean,
): Omit<SandboxChat, 'fanValue'> {
  const { random, ids, platform } = context;
  const chatOrdinal = platform === 'onlyfans' ? context.nextChatOrdinal() : 0;
  const id = platform === 'onlyfans' ? partner.id : ids.snowflake(partner.createdAtMs + 5000);
  const times = drawTimes(random, lastActivity, messageCount);
  const unreadCount = isUnread && messageCount > 0 ? random.int(1, Math.min(5, messageCount)) : 0;

  const messages: SandboxMessage[] = [];
  let fromCreator = random.chance(0.5);
  for (let index = 0; index < messageCount; index += 1) {
    if (random.chance(0.55)) fromCreator = !fromCreator;
    const unread = index >= messageCount - unreadCount;
    const sender = unread ? false : fromCreator;
    const createdAt = times[index]!;
    const messageId =
      platform === 'onlyfans'
        ? onlyfansMessageId(createdAt, chatOrdinal)
        : ids.snowflake(createdAt * 1000 + random.int(0, 999));
    messages.push(
      generateMessage(context, messageId, createdAt, sender, sender ? context.creator : partner, {
        isRead: !unread && (sender ? random.chance(0.8) : true),
      }),
    );
  }
  return { id, partner, messages, unreadCount, lastActivity };
}

function drawTimes(random: Random, lastActivity: number, count: number): number[] {
  const times = new Array<number>(count);
  const spanDays = count > 500 ? 100 : random.int(1, 120);
  const meanGap = (spanDays * DAY) / Math.max(1, count);
  let time = lastActivity;
  for (let index = count - 1; index >= 0; index -= 1) {
    times[index] = time;
    time -= Math.max(1, Math.floor(-Math.log(1 - random.next()) * meanGap));
  }
  return times;
}

interface MessageFlags {
  isRead: boolean;
}

function generateMessage(
  context: ChatGenerationContext,
  id: string,
  createdAt: number,
  fromCreator: boolean,
  sender: SandboxUser,
  flags: MessageFlags,
): SandboxMessage {
  const { random } = context;
  let media: readonly SandboxMedia[] = EMPTY;
  let bundles: readonly SandboxBundle[] = EMPTY;
  let price = 0;
  let tipAmount = 0;
  const hasMedia = random.chance(fromCreator ? 0.15 : 0.03);
  if (hasMedia) {
    const payPerView = fromCreator && random.chance(0.35);
    if (context.platform === 'onlyfans') {
      price = payPerView ? random.pick([5, 9.99, 15, 20, 25, 49.99]) : 0;
      media = generateOnlyFansMedia(context, sender, createdAt, payPerView);
    } else if (fromCreator && random.chance(0.3)) {
      bundles = [generateBundle(context, sender, createdAt, payPerView)];
    } else {
      const count = fromCreator ? random.int(1, 3) : 1;
      media = Array.from({ length: count }, () =>
        generateFanslyMedia(
          context,
          sender,
          createdAt,
          payPerView,
          payPerView ? random.pick([5, 15, 30]) : 0,
        ),
      );
    }
  } else if (!fromCreator && random.chance(0.04)) {
    tipAmount = random.pick([5, 10, 20, 50]);
  }
  const textId =
    hasMedia && random.chance(0.3) ? EMPTY_TEXT_ID : random.int(0, MESSAGE_TEXTS.length - 1);
  return {
    id,
    createdAt,
    fromCreator,
    textId,
    price,
    tipAmount,
    isRead: flags.isRead,
    media,
    bundles,
  };
}

function drawMediaType(random: Random, platform: SandboxPlatform): SandboxMediaType {
  const roll = random.next();
  if (roll < 0.6) return 'photo';
  if (roll < 0.88) return 'video';
  if (platform === 'onlyfans' && roll < 0.94) return 'gif';
  return 'audio';
}

function dimensions(random: Random, type: SandboxMediaType) {
  if (type === 'audio') return { width: 0, height: 0, durationSeconds: random.int(5, 180) };
  const portrait = random.chance(0.7);
  const [long, short] =
    type === 'video'
      ? [1920, 1080]
      : random.pick([
          [1440, 1080],
          [2048, 1536],
        ]);
  return {
    width: portrait ? short : long,
    height: portrait ? long : short,
    durationSeconds: type === 'video' || type === 'gif' ? random.int(3, 900) : 0,
  };
}

/** OnlyFans media of one message; in pay-per-view sets with several items the first is free. */
function generateOnlyFansMedia(
  context: ChatGenerationContext,
  sender: SandboxUser,
  createdAt: number,
  payPerView: boolean,
): SandboxMedia[] {
  const { random, ids } = context;
  const count = random.int(1, 4);
  return Array.from({ length: count }, (_, position) => {
    const type = drawMediaType(random, 'onlyfans');
    const id = ids.onlyfansMediaId(random.int(1, 50));
    const locked = payPerView && !(count > 1 && position === 0);
    const nullCreatedAt = context.vendor === 'onlyfansapi' && random.chance(0.1);
    return {
      id,
      mediaId: id,
      ownerId: sender.id,
      type,
      ...dimensions(random, type),
      sizeBytes: random.int(50_000, 80_000_000),
      createdAt: nullCreatedAt ? null : createdAt - random.int(0, 30 * DAY),
      locked,
      price: 0,
      previewId: null,
      absentFromPage: false,
    };
  });
}

function generateFanslyMedia(
  context: ChatGenerationContext,
  sender: SandboxUser,
  createdAt: number,
  locked: boolean,
  price: number,
): SandboxMedia {
  const { random, ids } = context;
  const type = drawMediaType(random, 'fansly');
  const uploadedMs = (createdAt - random.int(0, 30 * DAY)) * 1000;
  return {
    id: ids.snowflake(uploadedMs),
    mediaId: ids.snowflake(uploadedMs),
    ownerId: sender.id,
    type,
    ...dimensions(random, type),
    sizeBytes: random.int(50_000, 80_000_000),
    createdAt: Math.floor(uploadedMs / 1000),
    locked,
    price,
    previewId: locked ? ids.snowflake(uploadedMs + 1) : null,
    absentFromPage: random.chance(context.absentRate),
  };
}

function generateBundle(
  context: ChatGenerationContext,
  sender: SandboxUser,
  createdAt: number,
  locked: boolean,
): SandboxBundle {
  const { random, ids } = context;
  const media = Array.from({ length: random.int(2, 5) }, () =>
    generateFanslyMedia(context, sender, createdAt, locked, 0),
  );
  return {
    id: ids.snowflake(createdAt * 1000 - 1),
    ownerId: sender.id,
    media,
    price: locked ? random.pick([10, 25, 40]) : 0,
    locked,
    createdAt: createdAt - 60,
  };
}
