import { EMPTY_TEXT_ID, type MessageText } from './content.ts';
import { compareRecent, type SandboxDataset } from './dataset.ts';
import type {
  SandboxAccount,
  SandboxChat,
  SandboxMedia,
  SandboxMessage,
  SandboxTotals,
} from './dataset-types.ts';
import { compareIds, IdFactory } from './id-factory.ts';
import { RouteError } from './route-kit.ts';

/**
 * The only code that changes the dataset: what the vendor write routes do to it, so that later
 * reads show the writes. The dataset's shapes are read-only everywhere else; here they are cast
 * to their mutable form, and every write keeps the indexes consistent: `chats` most recent first,
 * `chatById`, Fansly's `mediaById`, and the `totals`. Times come from the real clock: the
 * generated data ends in 2025, so a sent message is always the newest.
 */

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What a creator sends, after the vendor route checked it. */
export interface NewMessage {
  /** As the vendor stores it: the OnlyFans route's HTML, Fansly's plain text. */
  text: string;
  /** US dollars; 0 when free. */
  price: number;
  /** Vault or accountMedia ids, and upload ids (non-numeric), which get a new media id. */
  mediaIds: readonly string[];
  /** Of `mediaIds`, those a paid message shows for free. */
  previewIds: readonly string[];
  lockedText: boolean;
  /** A message of the same chat (the route checked it exists). */
  replyToId: string | null;
}

/** Fan messages may be read or unread again; a creator's own messages have no unread state. */
export type ReadChange = 'read' | 'unread';

const UNSEND_WINDOW_SECONDS = 24 * 3600;
// Above every generated media id (3.1e9 plus at most 50 per item), so uploads never collide.
const FIRST_UPLOAD_MEDIA_ID = 5_000_000_000;

export class SandboxWrites {
  readonly #dataset: SandboxDataset;
  readonly #ids = new IdFactory();
  #lastOnlyFansMessageId = 0;
  #lastUploadMediaId = FIRST_UPLOAD_MEDIA_ID;

  constructor(dataset: SandboxDataset) {
    this.#dataset = dataset;
  }

  /** Adds the creator's message at the end of the chat and moves the chat to the top. */
  appendMessage(account: SandboxAccount, chat: SandboxChat, input: NewMessage): SandboxMessage {
    const nowMs = Date.now();
    const createdAt = nowMs / 1000;
    const media = input.mediaIds.map((id) =>
      this.#mediaFor(account, id, createdAt, input.price > 0 && !input.previewIds.includes(id)),
    );
    const replied =
      input.replyToId === null
        ? undefined
        : chat.messages.findLast((message) => message.id === input.replyToId);
    const text: MessageText = { html: input.text, plain: input.text };
    const message: SandboxMessage = {
      id: this.#nextMessageId(account, chat, nowMs),
      createdAt,
      fromCreator: true,
      textId: EMPTY_TEXT_ID,
      text,
      ...(input.lockedText ? { lockedText: true } : {}),
      ...(replied === undefined
        ? {}
        : { replyTo: { id: replied.id, rootId: replied.replyTo?.rootId ?? replied.id } }),
      price: input.price,
      tipAmount: 0,
      // Read by the fan: not yet. The creator replying leaves the chat's unread count alone.
      isRead: false,
      media,
      bundles: [],
    };
    (chat.messages as SandboxMessage[]).push(message);
    this.#moveChat(account, chat, Math.max(chat.lastActivity, createdAt));
    const totals = this.#totals();
    totals.messages += 1;
    totals.media += media.length;
    return message;
  }

  /**
   * A fan writes: the message is the newest of the chat, unread, and the chat moves to the top
   * with one more unread message.
   */
  addFanMessage(account: SandboxAccount, chat: SandboxChat, text: MessageText): SandboxMessage {
    const nowMs = Date.now();
    const createdAt = nowMs / 1000;
    const message: SandboxMessage = {
      id: this.#nextMessageId(account, chat, nowMs),
      createdAt,
      fromCreator: false,
      textId: EMPTY_TEXT_ID,
      text,
      price: 0,
      tipAmount: 0,
      isRead: false,
      media: [],
      bundles: [],
    };
    (chat.messages as SandboxMessage[]).push(message);
    (chat as Mutable<SandboxChat>).unreadCount = chat.unreadCount + 1;
    this.#moveChat(account, chat, Math.max(chat.lastActivity, createdAt));
    this.#totals().messages += 1;
    return message;
  }

  /** The creator has read every fan message of the chat. */
  markChatRead(chat: SandboxChat): void {
    for (const message of chat.messages) {
      if (!message.fromCreator) (message as Mutable<SandboxMessage>).isRead = true;
    }
    (chat as Mutable<SandboxChat>).unreadCount = 0;
  }

  /** Marks the fan messages among `messageIds` read or unread; other ids change nothing. */
  setMessagesRead(chat: SandboxChat, messageIds: readonly string[], change: ReadChange): void {
    const wanted = new Set(messageIds);
    let unread = 0;
    for (const message of chat.messages) {
      if (message.fromCreator) continue;
      if (wanted.has(message.id)) (message as Mutable<SandboxMessage>).isRead = change === 'read';
      if (!message.isRead) unread += 1;
    }
    (chat as Mutable<SandboxChat>).unreadCount = unread;
  }

  /**
   * Unsends one of the creator's messages younger than 24 hours. Throws the route failures:
   * `notFound` for an unknown message, `validation` for a fan's or an older message.
   */
  deleteMessage(account: SandboxAccount, chat: SandboxChat, messageId: string): void {
    const messages = chat.messages as SandboxMessage[];
    const index = messages.findLastIndex((message) => message.id === messageId);
    if (index < 0) throw new RouteError('notFound', 'Message not found.');
    const message = messages[index]!;
    if (!message.fromCreator) {
      throw new RouteError('validation', 'Only your own messages can be unsent.', 'message_id');
    }
    if (Date.now() / 1000 - message.createdAt > UNSEND_WINDOW_SECONDS) {
      throw new RouteError(
        'validation',
        'Messages older than 24 hours cannot be unsent.',
        'message_id',
      );
    }
    messages.splice(index, 1);
    // The chat's activity is its last message's time; with none left it keeps its last time.
    const last = messages.at(-1);
    if (index === messages.length && last !== undefined) {
      this.#moveChat(account, chat, last.createdAt);
    }
    const totals = this.#totals();
    totals.messages -= 1;
    totals.media -= message.media.length;
  }

  /**
   * OnlyFans: above every id of the chat and every id issued, from the second it was sent (ids
   * are global on OnlyFans). Fansly: a snowflake of now, above the chat's last id.
   */
  #nextMessageId(account: SandboxAccount, chat: SandboxChat, nowMs: number): string {
    const lastId = chat.messages.at(-1)?.id ?? '0';
    if (account.platform === 'onlyfans') {
      const id = Math.max(
        Math.floor(nowMs / 1000) * 1000,
        this.#lastOnlyFansMessageId + 1,
        Number(lastId) + 1,
      );
      this.#lastOnlyFansMessageId = id;
      return String(id);
    }
    const id = this.#ids.snowflake(nowMs);
    return compareIds(id, lastId) > 0 ? id : (BigInt(lastId) + 1n).toString();
  }

  /**
   * The media record a sent id stands for. Fansly: the account's accountMedia with that id, or a
   * new one indexed in `mediaById`. OnlyFans: a record for the vault id, or for an upload a new
   * integer id (the platform assigns one when the upload is sent).
   */
  #mediaFor(account: SandboxAccount, id: string, createdAt: number, locked: boolean): SandboxMedia {
    if (account.platform === 'fansly') {
      const known = account.mediaById.get(id);
      if (known !== undefined) return known;
    }
    const mediaId = /^\d+$/.test(id) ? id : this.#nextUploadMediaId();
    const media: SandboxMedia = {
      id: mediaId,
      mediaId: account.platform === 'fansly' ? this.#ids.snowflake(createdAt * 1000) : mediaId,
      ownerId: account.creator.id,
      type: 'photo',
      width: 1080,
      height: 1440,
      durationSeconds: 0,
      sizeBytes: 350_000,
      createdAt: Math.floor(createdAt),
      locked,
      price: 0,
      previewId: null,
      absentFromPage: false,
    };
    if (account.platform === 'fansly') {
      (account.mediaById as Map<string, SandboxMedia>).set(media.id, media);
    }
    return media;
  }

  #nextUploadMediaId(): string {
    this.#lastUploadMediaId += 1;
    return String(this.#lastUploadMediaId);
  }

  /** Sets the chat's last activity and puts it back where `compareRecent` orders it. */
  #moveChat(account: SandboxAccount, chat: SandboxChat, lastActivity: number): void {
    const chats = account.chats as SandboxChat[];
    chats.splice(chats.indexOf(chat), 1);
    (chat as Mutable<SandboxChat>).lastActivity = lastActivity;
    let position = chats.findIndex((other) => compareRecent(chat, other) < 0);
    if (position < 0) position = chats.length;
    chats.splice(position, 0, chat);
  }

  #totals(): Mutable<SandboxTotals> {
    return this.#dataset.totals;
  }
}
