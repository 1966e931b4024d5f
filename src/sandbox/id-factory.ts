/**
 * Native id schemes. OnlyFans ids are integers that fit a JS number; Fansly ids are snowflakes
 * (milliseconds since an epoch shifted left by 22 bits, plus a sequence), which are 18 digits and
 * far beyond 2^53, so they are built with BigInt and only ever handled as strings.
 */

// Chosen so every id of the dataset (2019–2025) has exactly 18 digits, like Fansly's.
const FANSLY_EPOCH_MS = 1_540_000_000_000n;

export class IdFactory {
  #sequence = 0;
  #mediaId = 3_100_000_000;
  readonly #usedUserIds = new Set<number>();

  /** A Fansly snowflake for an entity created at `ms`; unique across the dataset. */
  snowflake(ms: number): string {
    this.#sequence = (this.#sequence + 1) & 0x3fffff;
    return (
      ((BigInt(Math.floor(ms)) - FANSLY_EPOCH_MS) << 22n) |
      BigInt(this.#sequence)
    ).toString();
  }

  /** An OnlyFans user id in 1e7–1e9, unique across the dataset. */
  onlyfansUserId(draw: () => number): string {
    for (;;) {
      const id = 10_000_000 + Math.floor(draw() * 990_000_000);
      if (!this.#usedUserIds.has(id)) {
        this.#usedUserIds.add(id);
        return String(id);
      }
    }
  }

  /** An OnlyFans media id, increasing. */
  onlyfansMediaId(step: number): string {
    this.#mediaId += step;
    return String(this.#mediaId);
  }
}

/**
 * An OnlyFans message id (~1.7e12): the second it was sent times 1000 plus the chat's ordinal.
 * Ids rise with time, and stay unique because a chat never has two messages in one second and
 * fewer than 1000 OnlyFans chats exist.
 */
export function onlyfansMessageId(createdAt: number, chatOrdinal: number): string {
  return String(createdAt * 1000 + (chatOrdinal % 1000));
}

/** Orders decimal id strings numerically without converting them to (lossy) numbers. */
export function compareIds(left: string, right: string): number {
  if (left.length !== right.length) return left.length - right.length;
  return left < right ? -1 : left > right ? 1 : 0;
}
