import { describe, expect, it } from 'vitest';
import {
  absentFromPageMediaIds,
  chatsInOrder,
  generateDataset,
  startSandbox,
} from '../../src/sandbox/index.ts';

const dataset = generateDataset(1);
const TWO_TO_53 = 2n ** 53n;

describe('sandbox dataset', () => {
  describe('shape of the agency', () => {
    it('has 2 OnlyFans and 2 Fansly accounts on OnlyFansAPI and 2 OFAuth connections', () => {
      const handles = (vendor: 'onlyfansapi' | 'ofauth', platform: 'onlyfans' | 'fansly') =>
        dataset.accountsOf(vendor, platform).map((account) => account.handle);
      expect(handles('onlyfansapi', 'onlyfans')).toEqual([
        expect.stringMatching(/^acct_[0-9a-f]{32}$/),
        expect.stringMatching(/^acct_[0-9a-f]{32}$/),
      ]);
      expect(handles('onlyfansapi', 'fansly')).toEqual([
        expect.stringMatching(/^fansly_acct_[0-9a-f]+$/),
        expect.stringMatching(/^fansly_acct_[0-9a-f]+$/),
      ]);
      expect(handles('ofauth', 'onlyfans')).toEqual([
        expect.stringMatching(/^conn_[0-9a-f]+$/),
        expect.stringMatching(/^conn_[0-9a-f]+$/),
      ]);
    });

    it('holds about 1,000 chats and 50,000 messages', () => {
      expect(dataset.totals.chats).toBeGreaterThanOrEqual(950);
      expect(dataset.totals.chats).toBeLessThanOrEqual(1050);
      expect(dataset.totals.messages).toBeGreaterThanOrEqual(45_000);
      expect(dataset.totals.messages).toBeLessThanOrEqual(55_000);
    });

    it('has very long chats, mostly 5–80 messages, and some with none or one', () => {
      const longest = (vendor: 'onlyfansapi' | 'ofauth', platform: 'onlyfans' | 'fansly') =>
        Math.max(
          ...dataset
            .accountsOf(vendor, platform)
            .flatMap((account) => account.chats.map((chat) => chat.messages.length)),
        );
      expect(longest('onlyfansapi', 'fansly')).toBeGreaterThanOrEqual(2000);
      expect(longest('onlyfansapi', 'onlyfans')).toBeGreaterThanOrEqual(1000);
      const counts = dataset.accounts.flatMap((account) =>
        account.chats.map((chat) => chat.messages.length),
      );
      const usual = counts.filter((count) => count >= 5 && count <= 80).length;
      expect(usual / counts.length).toBeGreaterThan(0.8);
      expect(counts.filter((count) => count === 0).length).toBeGreaterThan(0);
      expect(counts.filter((count) => count === 1).length).toBeGreaterThan(0);
    });

    it('marks about a fifth of the chats unread, with fan messages at the end', () => {
      const chats = dataset.accounts.flatMap((account) => account.chats);
      const unread = chats.filter((chat) => chat.unreadCount > 0);
      expect(unread.length / chats.length).toBeGreaterThan(0.12);
      expect(unread.length / chats.length).toBeLessThan(0.28);
      for (const chat of unread) {
        const tail = chat.messages.slice(-chat.unreadCount);
        expect(tail.every((message) => !message.fromCreator && !message.isRead)).toBe(true);
      }
    });

    it('mixes senders and puts messages in ascending time and id order', () => {
      const disordered = dataset.accounts.flatMap((account) =>
        account.chats.filter((chat) =>
          chat.messages.some((message, index) => {
            const previous = chat.messages[index - 1];
            return (
              previous !== undefined &&
              (message.createdAt <= previous.createdAt || BigInt(message.id) <= BigInt(previous.id))
            );
          }),
        ),
      );
      expect(disordered).toEqual([]);
      const senders = dataset.accounts[0]!.chats.flatMap((chat) =>
        chat.messages.map((message) => message.fromCreator),
      );
      expect(senders).toContain(true);
      expect(senders).toContain(false);
    });

    it('has profiles without display names, and names with markup, RTL and emoji', () => {
      const names = dataset.accounts.flatMap((account) =>
        account.chats.map((chat) => chat.partner.displayName),
      );
      expect(names).toContain(null);
      expect(names).toContain('');
      expect(names.some((name) => name?.includes('&amp;'))).toBe(true);
      expect(names.some((name) => name?.includes('<b>'))).toBe(true);
      expect(names.some((name) => /[\u0590-\u06ff]/.test(name ?? ''))).toBe(true);
      expect(names.some((name) => /\p{Extended_Pictographic}/u.test(name ?? ''))).toBe(true);
    });
  });

  describe('native ids', () => {
    it('gives OnlyFans fans integer ids in 1e7–1e9 and messages ids near 1e12, below 2^53', () => {
      const chats = dataset.accounts
        .filter((account) => account.platform === 'onlyfans')
        .flatMap((account) => account.chats);
      const badUsers = chats.filter((chat) => {
        const userId = Number(chat.partner.id);
        return !(Number.isInteger(userId) && userId >= 1e7 && userId < 1e9);
      });
      const badMessages = chats
        .flatMap((chat) => chat.messages)
        .filter((message) => {
          const id = Number(message.id);
          return !(Number.isSafeInteger(id) && id > 1e12 && id < 1e13);
        });
      expect(badUsers).toEqual([]);
      expect(badMessages).toEqual([]);
    });

    it('gives every Fansly entity an 18-digit snowflake beyond 2^53', () => {
      for (const account of dataset.accounts.filter(
        (candidate) => candidate.platform === 'fansly',
      )) {
        const ids = [
          account.creator.id,
          ...account.chats.flatMap((chat) => [
            chat.id,
            chat.partner.id,
            ...chat.messages.map((message) => message.id),
          ]),
          ...account.mediaById.keys(),
        ];
        expect(ids.filter((id) => !/^\d{18}$/.test(id) || BigInt(id) <= TWO_TO_53)).toEqual([]);
        expect(new Set(ids).size).toBe(ids.length);
      }
    });

    it('keeps OnlyFans message ids unique across all chats', () => {
      const ids = dataset.accounts
        .filter((account) => account.platform === 'onlyfans')
        .flatMap((account) =>
          account.chats.flatMap((chat) => chat.messages.map((message) => message.id)),
        );
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  describe('media', () => {
    const media = dataset.accounts.flatMap((account) =>
      account.chats.flatMap((chat) =>
        chat.messages.flatMap((message) => [
          ...message.media,
          ...message.bundles.flatMap((bundle) => bundle.media),
        ]),
      ),
    );

    it('has every media type, locked pay-per-view items and some without createdAt', () => {
      expect(new Set(media.map((item) => item.type))).toEqual(
        new Set(['photo', 'video', 'gif', 'audio']),
      );
      expect(media.some((item) => item.locked)).toBe(true);
      expect(media.some((item) => item.createdAt === null)).toBe(true);
    });

    it('leaves about 3% of Fansly attachment media out of their messages page', () => {
      const fansly = dataset.accounts.filter((account) => account.platform === 'fansly');
      const total = fansly.reduce((sum, account) => sum + account.mediaById.size, 0);
      const absent = fansly.flatMap(absentFromPageMediaIds).length;
      expect(absent).toBeGreaterThan(0);
      expect(absent / total).toBeGreaterThan(0.01);
      expect(absent / total).toBeLessThan(0.06);
    });
  });

  describe('what fans are worth', () => {
    const values = dataset.accounts.flatMap((account) =>
      account.chats.map((chat) => chat.fanValue),
    );
    const known = values.filter((value) => value !== null);

    it('varies spend: some fans without figures, some who spent nothing, a long tail', () => {
      expect(values.filter((value) => value === null).length / values.length).toBeGreaterThan(0.02);
      expect(known.filter((value) => value.spend.total === 0).length).toBeGreaterThan(100);
      const spenders = known.filter((value) => value.spend.total >= 100).length;
      expect(spenders / values.length).toBeGreaterThan(0.15);
      expect(spenders / values.length).toBeLessThan(0.5);
      expect(Math.max(...known.map((value) => value.spend.total))).toBeGreaterThan(1000);
    });

    it('totals each fan’s spend from its parts, in whole cents', () => {
      for (const { spend } of known) {
        const parts = spend.tips + spend.messages + spend.posts + spend.subscriptions;
        expect(spend.total).toBeCloseTo(parts + spend.streams, 6);
        for (const amount of Object.values(spend)) {
          expect(Math.round(amount * 100) / 100).toBe(amount);
          expect(amount).toBeGreaterThanOrEqual(0);
        }
      }
    });

    it('has free and paid subscriptions, renewing or set to expire, renewed in the last month', () => {
      expect(new Set(known.map((value) => value.price))).toEqual(new Set([0, 4.99, 9.99, 14.99]));
      expect(new Set(known.map((value) => value.status))).toEqual(new Set([null, 'Set to Expire']));
      for (const value of known) {
        expect(value.renewedAt).toBeLessThanOrEqual(dataset.now);
        expect(value.renewedAt).toBeGreaterThan(dataset.now - 30 * 86_400);
        expect(value.expiresAt).toBe(value.renewedAt + 30 * 86_400);
      }
    });
  });

  describe('read flags and tips', () => {
    const messages = dataset.accounts.flatMap((account) =>
      account.chats.flatMap((chat) => chat.messages),
    );
    const fromCreator = messages.filter((message) => message.fromCreator);

    it('leaves some of the creator’s messages unopened, pay-per-view ones included', () => {
      const opened = fromCreator.filter((message) => message.isRead).length;
      expect(opened / fromCreator.length).toBeGreaterThan(0.6);
      expect(opened / fromCreator.length).toBeLessThan(0.95);
      const paid = fromCreator.filter(
        (message) =>
          message.price > 0 || message.media.some((media) => media.locked && media.price > 0),
      );
      expect(paid.some((message) => message.isRead)).toBe(true);
      expect(paid.some((message) => !message.isRead)).toBe(true);
    });

    it('has fans’ tips on both platforms', () => {
      for (const platform of ['onlyfans', 'fansly'] as const) {
        const tips = dataset.accounts
          .filter((account) => account.platform === platform)
          .flatMap((account) => account.chats.flatMap((chat) => chat.messages))
          .filter((message) => message.tipAmount > 0);
        expect(tips.length).toBeGreaterThan(10);
        expect(tips.every((message) => !message.fromCreator && message.price === 0)).toBe(true);
      }
    });
  });

  describe('chat order', () => {
    it('sorts by last activity, newest first, with the larger id first on ties', () => {
      for (const account of dataset.accounts) {
        const chats = chatsInOrder(account, 'recent');
        for (let index = 1; index < chats.length; index += 1) {
          const previous = chats[index - 1]!;
          const chat = chats[index]!;
          expect(previous.lastActivity).toBeGreaterThanOrEqual(chat.lastActivity);
          if (previous.lastActivity === chat.lastActivity) {
            expect(BigInt(previous.id) > BigInt(chat.id)).toBe(true);
          }
        }
        expect(chatsInOrder(account, 'old')).toEqual([...chats].reverse());
      }
    });

    it('includes ties, so the tiebreak matters', () => {
      const chats = dataset.accounts[0]!.chats;
      const ties = chats.filter(
        (chat, index) => index > 0 && chat.lastActivity === chats[index - 1]!.lastActivity,
      );
      expect(ties.length).toBeGreaterThan(0);
    });
  });

  describe('determinism', () => {
    it('gives the same data for the same seed and different data for another', () => {
      const again = generateDataset(1);
      expect(again.accounts.map((account) => account.handle)).toEqual(
        dataset.accounts.map((account) => account.handle),
      );
      expect(again.totals).toEqual(dataset.totals);
      expect(again.accounts[2]!.chats[0]).toEqual(dataset.accounts[2]!.chats[0]);
      expect(generateDataset(2).accounts[0]!.handle).not.toBe(dataset.accounts[0]!.handle);
    });

    it('serves the same bytes from two sandboxes with the same seed', async () => {
      const [first, second] = await Promise.all([startSandbox(), startSandbox()]);
      try {
        const read = async (url: string, path: string, headers: Record<string, string>) =>
          (await fetch(`${url}${path}`, { headers })).text();
        const of = first.dataset.accountsOf('onlyfansapi', 'onlyfans')[0]!;
        const fansly = first.dataset.accountsOf('onlyfansapi', 'fansly')[0]!;
        const connection = first.dataset.accountsOf('ofauth', 'onlyfans')[0]!;
        const bearer = { authorization: `Bearer ${first.keys.onlyfansapi}` };
        const ofauth = { apikey: first.keys.ofauth, 'x-connection-id': connection.handle };
        const requests: [string, Record<string, string>][] = [
          [`/api/${of.handle}/chats?limit=30`, bearer],
          [`/api/${of.handle}/chats/${of.chats[3]!.id}/messages?limit=100`, bearer],
          [`/api/fansly/${fansly.handle}/chats?limit=100`, bearer],
          [`/api/fansly/${fansly.handle}/chats/${fansly.chats[1]!.id}/messages?limit=100`, bearer],
          ['/v2/access/chats?limit=20', ofauth],
          [`/v2/access/chats/${connection.chats[0]!.id}/messages?limit=20`, ofauth],
        ];
        for (const [path, headers] of requests) {
          const [left, right] = await Promise.all([
            read(first.url, path, headers),
            read(second.url, path, headers),
          ]);
          expect(left.length).toBeGreaterThan(100);
          expect(left).toBe(right);
        }
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    });
  });
});
