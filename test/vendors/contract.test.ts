import { describe, expect, it, vi } from 'vitest';
import { UpstreamUnavailableError } from '../../src/http/errors.ts';
import type { SandboxAccount, SandboxChat, SandboxUser } from '../../src/sandbox/index.ts';
import type { UserRef } from '../../src/vendors/contract.ts';
import { ADAPTER_CASES, type AdapterCase, callsFor, useAdapter } from './adapter-cases.ts';
import {
  expectEveryChatOnce,
  iso,
  longestChat,
  named,
  newestFirstIds,
  pageAllChats,
  pageAllMessages,
  useSandbox,
} from './adapter-harness.ts';
import { expectFailure } from './upstream-assertions.ts';

/**
 * The reads every account adapter answers alike, over the sandbox's dataset: chat windows at any
 * `first` and `offset`, both orders, the filters each declares, message pages back to the first
 * message, profiles, all with the exact number of vendor calls its page sizes imply. What only one
 * vendor does is tested beside its adapter.
 */

const env = useSandbox();

/** The window sizes a chat list is paged with: the adapter's own page, and sizes around it. */
function chatPageSizes(testCase: AdapterCase): number[] {
  return [...new Set([100, 25, testCase.capabilities.chatPageMax, 7])];
}

/** Ids of the first `count` distinct media the account's messages carry. */
function mediaIdsOf(account: SandboxAccount, count: number): string[] {
  const ids = account.chats.flatMap((chat) =>
    chat.messages.flatMap((message) => message.media.map((media) => media.id)),
  );
  return [...new Set(ids)].slice(0, count);
}

/** How the gateway asks for a user it has seen: its id and its username. */
function userRef(user: SandboxUser): UserRef {
  return { platformId: user.id, username: user.username };
}

/** The account's shortest chat of more than `count` messages. */
function shortestChatOver(account: SandboxAccount, count: number): SandboxChat {
  const longer = account.chats.filter((chat) => chat.messages.length > count);
  return longer.sort((left, right) => left.messages.length - right.messages.length)[0]!;
}

describe.each(named(ADAPTER_CASES))('the account adapter of %s', (_name, testCase) => {
  const under = useAdapter(env, testCase);
  const { chatPageMax, messagePageMax, usersPerCall, mediaPerCall } = testCase.capabilities;
  const routes = testCase.routes;
  const chatCalls = (first: number) => callsFor(first, chatPageMax);
  const messageCalls = (first: number) => callsFor(first, messagePageMax);

  describe('its identity', () => {
    it('names its connected account and declares what it can do', () => {
      const { adapter, account } = under;
      expect(adapter.connectedAccount).toEqual({
        vendor: testCase.vendor,
        platform: testCase.platform,
        externalId: account.handle,
      });
      expect(adapter.capabilities).toEqual(testCase.capabilities);
    });

    it('has the writes it declares, and no other', () => {
      const { writes } = testCase.capabilities;
      expect('sendMessage' in under.adapter).toBe(writes.sendMessage);
      expect('markRead' in under.adapter).toBe(writes.markRead);
      expect('unsendMessage' in under.adapter).toBe(writes.unsendMessage);
    });
  });

  describe('a chat window', () => {
    it.each([
      [1, 0],
      [7, 3],
      [13, 3],
      [10, 5],
      [20, 5],
      [25, 0],
      [30, 5],
      [31, 0],
      [100, 0],
    ])(
      'of first=%i at offset %i is exact, in one round of parallel calls',
      async (first, offset) => {
        const { adapter, account } = under;
        const page = await adapter.listChats({ first, offset, order: 'RECENT' });
        expect(page.items.map((chat) => chat.chatId)).toEqual(
          account.chats.slice(offset, offset + first).map((chat) => chat.id),
        );
        expect(page.nextOffset).toBe(offset + first);
        expect(env.calls(routes.chats)).toBe(chatCalls(first));
      },
    );

    it('carries the partner’s spend exactly when it declares partnerSpend', async () => {
      const { adapter, account } = under;
      const page = await adapter.listChats({ first: 100, offset: 0, order: 'RECENT' });
      for (const [index, chat] of page.items.entries()) {
        const value = account.chats[index]!.fanValue;
        const told = testCase.capabilities.partnerSpend && value !== null;
        expect(chat.partnerSpend).toEqual(told ? value!.spend : null);
        expect(chat.partnerSubscription === null).toBe(!told);
      }
    });

    it.each([0, 1, 20])('ending %i chats past the list ends it (nextOffset null)', async (past) => {
      const { adapter, account } = under;
      const offset = account.chats.length - 30 + past;
      const page = await adapter.listChats({ first: 30, offset, order: 'RECENT' });
      expect(page.items.map((chat) => chat.chatId)).toEqual(
        account.chats.slice(offset).map((chat) => chat.id),
      );
      expect(page.nextOffset).toBeNull();
    });

    it('fails whole when one of its calls fails', async () => {
      const { adapter, account } = under;
      env.sandbox.addFault({ route: routes.chats, kind: 'status', status: 503, times: 1 });
      await expectFailure(() => adapter.listChats({ first: 100, offset: 0, order: 'RECENT' }), {
        type: UpstreamUnavailableError,
        vendor: testCase.vendor,
        route: routes.chats,
        externalId: account.handle,
        status: 503,
        apiKey: env.sandbox.keys[testCase.sandboxVendor],
      });
      // The window's other calls are still under way: let them land before the next test counts.
      await vi.waitFor(() => expect(env.calls(routes.chats)).toBe(chatCalls(100)));
    });
  });

  describe('paging the chat list to its end', () => {
    it.each(chatPageSizes(testCase))(
      'sees every chat once, most recent first, with first=%i',
      async (first) => {
        const { adapter, account } = under;
        await expectEveryChatOnce(adapter, account.chats, first);
        const pages = Math.ceil(account.chats.length / first);
        expect(env.calls(routes.chats)).toBe(pages * chatCalls(first));
      },
    );

    it.each([100, 30])('sees every chat once, oldest first, with first=%i', async (first) => {
      const { adapter, account } = under;
      await expectEveryChatOnce(adapter, [...account.chats].reverse(), first, { order: 'OLDEST' });
      const pages = Math.ceil(account.chats.length / first);
      expect(env.calls(routes.chats)).toBe(pages * chatCalls(first));
    });

    it('pages another account of the same vendor through the same client', async () => {
      const { vendor, otherAccount } = under;
      const chats = await pageAllChats(vendor.adapter(otherAccount.handle), 100);
      expect(chats.map((chat) => chat.chatId)).toEqual(otherAccount.chats.map((chat) => chat.id));
      const pages = Math.ceil(otherAccount.chats.length / 100);
      expect(env.calls(routes.chats)).toBe(pages * chatCalls(100));
    });
  });

  describe('the chat filters', () => {
    if (testCase.capabilities.search === 'vendor') {
      it('send the search to the vendor, which answers the matching chats', async () => {
        const { adapter, account } = under;
        const target = account.chats[11]!;
        const search = target.partner.username;
        const chats = await pageAllChats(adapter, chatPageMax, { search });
        expect(chats.map((chat) => chat.chatId)).toContain(target.id);
        expect(chats.length).toBeLessThan(account.chats.length);
        for (const chat of chats) {
          if (chat.partner === null) continue;
          const names = `${chat.partner.username} ${chat.partner.displayName}`.toLowerCase();
          expect(names).toContain(search.toLowerCase());
        }
      });
    } else {
      it('leave the search to the gateway: every chat is listed', async () => {
        const { adapter, account } = under;
        const search = account.chats[11]!.partner.username;
        await expectEveryChatOnce(adapter, account.chats, chatPageMax, { search });
      });
    }

    if (testCase.capabilities.unreadFilter === 'vendor') {
      it('ask the vendor for unread chats only', async () => {
        const { adapter, account } = under;
        const chats = await pageAllChats(adapter, 100, { unreadOnly: true });
        const expected = account.chats.filter((chat) => chat.unreadCount > 0);
        expect(expected.length).toBeGreaterThan(0);
        expect(chats.map((chat) => chat.chatId)).toEqual(expected.map((chat) => chat.id));
        for (const chat of chats) expect(chat.unreadCount).toBeGreaterThan(0);
      });
    } else {
      it('leave unreadOnly to the gateway: every chat is listed', async () => {
        const { adapter, account } = under;
        await expectEveryChatOnce(adapter, account.chats, chatPageMax, { unreadOnly: true });
      });
    }
  });

  describe('a chat record', () => {
    it('agrees with the dataset: ids, unread count, last message and activity', async () => {
      const { adapter, account } = under;
      const chats = await pageAllChats(adapter, 100);
      expect(chats).toHaveLength(account.chats.length);
      for (const [index, chat] of chats.entries()) {
        const truth = account.chats[index]!;
        const last = truth.messages.at(-1);
        expect(chat).toMatchObject({
          connectedAccount: adapter.connectedAccount,
          platform: testCase.platform,
          chatId: truth.id,
          partnerId: truth.partner.id,
          unreadCount: truth.unreadCount,
        });
        if (testCase.chatsCarryPartner) {
          expect(chat.partner).toMatchObject({
            platformId: truth.partner.id,
            username: truth.partner.username,
          });
        } else {
          expect(chat.partner).toBeNull();
        }
        if (last === undefined) {
          expect(chat.lastMessage).toBeNull();
        } else {
          expect(chat.lastActivityAt).toBe(iso(last.createdAt));
          expect(chat.lastMessage).toMatchObject({
            platformId: last.id,
            isFromCreator: last.fromCreator,
            createdAt: iso(last.createdAt),
          });
        }
      }
    });
  });

  describe('a message page', () => {
    it.each([1, 10, 50, 100])(
      'of first=%i answers the newest first, its oldest as the next cursor',
      async (first) => {
        const { adapter, account } = under;
        const chat = longestChat(account);
        const page = await adapter.listMessages({
          chatId: chat.id,
          partnerId: chat.partner.id,
          first,
        });
        expect(page.items.map((message) => message.platformId)).toEqual(
          newestFirstIds(chat).slice(0, first),
        );
        expect(page.nextBefore).toBe(page.items.at(-1)?.platformId);
        expect(env.calls(routes.messages)).toBe(messageCalls(first));
      },
    );

    it('starts older than `before`', async () => {
      const { adapter, account } = under;
      const chat = longestChat(account);
      const ids = newestFirstIds(chat);
      const page = await adapter.listMessages({
        chatId: chat.id,
        partnerId: chat.partner.id,
        first: 20,
        before: ids[41],
      });
      expect(page.items.map((message) => message.platformId)).toEqual(ids.slice(42, 62));
    });

    it('is empty, with no cursor, for an empty chat', async () => {
      const { adapter, account } = under;
      const empty = account.chats.find((chat) => chat.messages.length === 0)!;
      const page = await adapter.listMessages({
        chatId: empty.id,
        partnerId: empty.partner.id,
        first: 20,
      });
      expect(page).toMatchObject({ items: [], nextBefore: null });
    });
  });

  describe('paging messages back to the first one', () => {
    it('sees every message of the longest chat once, as the dataset has it, one round a page', async () => {
      const { adapter, account } = under;
      const chat = longestChat(account);
      expect(chat.messages.length).toBeGreaterThanOrEqual(1000);
      const messages = await pageAllMessages(adapter, chat, 100);
      expect(messages.map((message) => message.platformId)).toEqual(newestFirstIds(chat));
      expect(env.calls(routes.messages)).toBe(
        Math.ceil(chat.messages.length / 100) * messageCalls(100),
      );
      const truth = [...chat.messages].reverse();
      for (const [index, message] of messages.entries()) {
        const expected = truth[index]!;
        expect(message).toMatchObject({
          platformId: expected.id,
          chatId: chat.id,
          partnerId: chat.partner.id,
          senderId: expected.fromCreator ? account.creator.id : chat.partner.id,
          isFromCreator: expected.fromCreator,
          createdAt: iso(expected.createdAt),
        });
      }
    });

    it.each([50, 20, 9, 7])(
      'sees every message of a shorter chat once, in order, with first=%i',
      async (first) => {
        const { adapter, account } = under;
        const chat = shortestChatOver(account, 120);
        const messages = await pageAllMessages(adapter, chat, first);
        expect(messages.map((message) => message.platformId)).toEqual(newestFirstIds(chat));
        const pages = Math.ceil(chat.messages.length / first);
        expect(env.calls(routes.messages)).toBe(pages * messageCalls(first));
      },
    );
  });

  describe('profiles by id', () => {
    if (usersPerCall > 0) {
      it('come for 25 ids in parallel calls of at most usersPerCall', async () => {
        const { adapter, account } = under;
        const partners = account.chats.slice(0, 25).map((chat) => chat.partner);
        const users = await adapter.getUsers(partners.map(userRef));
        expect([...users.keys()].sort()).toEqual(partners.map((partner) => partner.id).sort());
        for (const partner of partners) {
          expect(users.get(partner.id)).toMatchObject({
            platform: testCase.platform,
            platformId: partner.id,
            username: partner.username,
            // Fansly reports no verification badge (see convertFanslyAccount).
            isVerified: testCase.platform === 'FANSLY' ? null : partner.isVerified,
          });
        }
        expect(env.calls(routes.users!)).toBe(callsFor(25, usersPerCall));
      });

      it('leave unknown ids out, answer a repeated id once, and make no call for none', async () => {
        const { adapter, account } = under;
        const partner = account.chats[0]!.partner;
        const known = userRef(partner);
        const unknown = { platformId: '1', username: 'nobody_here_12345' };
        const users = await adapter.getUsers([unknown, known, known]);
        expect([...users.keys()]).toEqual([partner.id]);
        expect((await adapter.getUsers([])).size).toBe(0);
        expect(env.calls(routes.users!)).toBe(1);
      });
    } else {
      it('are not looked up: an empty map, without a vendor call', async () => {
        const { adapter, account } = under;
        expect((await adapter.getUsers([userRef(account.chats[0]!.partner)])).size).toBe(0);
        expect(env.calls('*')).toBe(0);
      });
    }
  });

  describe('media by id', () => {
    if (mediaPerCall > 0) {
      it('come in one call per chunk of mediaPerCall ids, unknown ids left out, no ids no call', async () => {
        const { adapter, account } = under;
        const known = mediaIdsOf(account, 2 * mediaPerCall + 1);
        expect(known).toHaveLength(2 * mediaPerCall + 1);
        const media = await adapter.loadMedia([...known, '999999999999999999']);
        expect([...media.keys()].sort()).toEqual([...known].sort());
        for (const [id, record] of media) {
          expect(record).toMatchObject({ platform: testCase.platform, platformId: id });
        }
        expect((await adapter.loadMedia([])).size).toBe(0);
        expect(env.calls(routes.media!)).toBe(callsFor(known.length + 1, mediaPerCall));
      });
    } else {
      it('are not looked up (they come inline): an empty map, without a vendor call', async () => {
        const { adapter, account } = under;
        const ids = mediaIdsOf(account, 3);
        expect(ids).toHaveLength(3);
        expect((await adapter.loadMedia(ids)).size).toBe(0);
        expect(env.calls('*')).toBe(0);
      });
    }
  });
});
