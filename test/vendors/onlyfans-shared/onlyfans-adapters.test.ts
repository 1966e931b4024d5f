import { beforeAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../../src/domain.ts';
import { messageText } from '../../../src/sandbox/content.ts';
import type { SandboxChat } from '../../../src/sandbox/index.ts';
import { OFAUTH_ONLYFANS, ONLYFANSAPI_ONLYFANS, useAdapter } from '../adapter-cases.ts';
import {
  longestChat,
  named,
  pageAllChats,
  pageAllMessages,
  useSandbox,
  withClient,
} from '../adapter-harness.ts';

/**
 * What both vendors' OnlyFans adapters answer alike beyond the contract suite: OnlyFans chats and
 * messages (prices, HTML, inline media), and the creator's own user id, which tells the creator's
 * messages from the fan's and which each vendor reports only in its list of connected accounts.
 */

const env = useSandbox();

describe.each(named([ONLYFANSAPI_ONLYFANS, OFAUTH_ONLYFANS]))(
  'the OnlyFans account adapter of %s',
  (_name, testCase) => {
    const under = useAdapter(env, testCase);

    describe('a chat record', () => {
      it('says whether one may write, prices the last message, and has no activity when empty', async () => {
        const { adapter, account } = under;
        const chats = await pageAllChats(adapter, 100);
        expect(account.chats.some((chat) => chat.messages.length === 0)).toBe(true);
        for (const [index, chat] of chats.entries()) {
          const last = account.chats[index]!.messages.at(-1);
          expect(chat.canSendMessage).toBe(true);
          if (last === undefined) {
            expect(chat.lastActivityAt).toBeNull();
          } else {
            expect(chat.lastMessage?.price).toBe(last.price > 0 ? last.price : null);
          }
        }
      });

      if (testCase.chatsCarryPartner) {
        it('carries the partner’s verified badge', async () => {
          const { adapter, account } = under;
          const page = await adapter.listChats({ first: 30, offset: 0, order: 'RECENT' });
          for (const [index, chat] of page.items.entries()) {
            expect(chat.partner?.isVerified).toBe(account.chats[index]!.partner.isVerified);
          }
        });
      }
    });

    describe('a message record', () => {
      let messages: MessageRecord[];
      let chat: SandboxChat;

      beforeAll(async () => {
        chat = longestChat(under.account);
        messages = await pageAllMessages(under.adapter, chat, 100);
      });

      it('carries the price, the HTML as sent and a tip’s own text', () => {
        const truth = [...chat.messages].reverse();
        expect(messages).toHaveLength(truth.length);
        for (const [index, message] of messages.entries()) {
          const expected = truth[index]!;
          const { html } = messageText(expected.textId);
          expect(message).toMatchObject({
            isFree: expected.price === 0,
            price: expected.price > 0 ? expected.price : null,
            html:
              expected.tipAmount > 0 && html === ''
                ? `<p>I sent you a $${expected.tipAmount} tip ❤️</p>`
                : html,
          });
          expect(message.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        }
      });

      it('decodes entities and line breaks into plain text', () => {
        const cases: [string, string][] = [
          ['<p>Tom &amp; Jerry say hi</p>', 'Tom & Jerry say hi'],
          ['<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>', '<script>alert(1)</script>'],
          ['<p>5 &lt; 6 &amp;&amp; 7 &gt; 3</p>', '5 < 6 && 7 > 3'],
          ['<p>Line one<br>Line two<br />Line three</p>', 'Line one\nLine two\nLine three'],
        ];
        let found = 0;
        for (const [html, text] of cases) {
          const message = messages.find((candidate) => candidate.html === html);
          if (message === undefined) continue;
          found += 1;
          expect(message.text).toBe(text);
        }
        expect(found).toBeGreaterThan(0);
        for (const message of messages) {
          expect(message.text).not.toMatch(/<\/?p>|&amp;|&lt;|&gt;/);
        }
      });

      it('carries its media inline: types, accessibility, no url when locked', () => {
        const truth = new Map(chat.messages.map((message) => [message.id, message]));
        let media = 0;
        let locked = 0;
        for (const message of messages) {
          const expected = truth.get(message.platformId)!;
          const items = message.media.kind === 'inline' ? message.media.items : [];
          expect(items.map((item) => item.platformId)).toEqual(
            expected.media.map((item) => item.id),
          );
          for (const [index, item] of items.entries()) {
            const source = expected.media[index]!;
            media += 1;
            expect(item.type).toBe(source.type.toUpperCase());
            expect(item.isAccessible).toBe(!source.locked);
            if (source.locked) {
              locked += 1;
              expect(item.url).toBeNull();
            } else {
              expect(item.url).toMatch(/^https:\/\//);
            }
          }
        }
        expect(media).toBeGreaterThan(0);
        expect(locked).toBeGreaterThan(0);
      });
    });

    describe('the creator’s own user id', () => {
      const accountsRoute = testCase.routes.accounts;

      /** A page of the longest chat, with the senders the dataset says. */
      async function expectSendersOfAPage(adapter: typeof under.adapter) {
        const { account } = under;
        const chat = longestChat(account);
        const page = await adapter.listMessages({
          chatId: chat.id,
          partnerId: chat.partner.id,
          first: 50,
        });
        const truth = [...chat.messages].reverse().slice(0, 50);
        expect(page.items.map((message) => [message.isFromCreator, message.senderId])).toEqual(
          truth.map((message) => [
            message.fromCreator,
            message.fromCreator ? account.creator.id : chat.partner.id,
          ]),
        );
      }

      it('is read once per client from the accounts list, however many pages follow', async () => {
        await withClient(testCase.connect(env.sandbox), async (fresh) => {
          const adapter = fresh.adapter(under.account.handle);
          await Promise.all([
            adapter.listChats({ first: 40, offset: 0, order: 'RECENT' }),
            adapter.listChats({ first: 10, offset: 40, order: 'RECENT' }),
          ]);
          await adapter.listChats({ first: 10, offset: 50, order: 'RECENT' });
          await expectSendersOfAPage(adapter);
          expect(env.calls(accountsRoute)).toBe(1);
        });
      });

      it('costs no call when given to the adapter', async () => {
        await withClient(testCase.connect(env.sandbox), async (fresh) => {
          const { account } = under;
          const adapter = fresh.adapter(account.handle, account.creator.id);
          await adapter.listChats({ first: 10, offset: 0, order: 'RECENT' });
          await expectSendersOfAPage(adapter);
          expect(env.calls(accountsRoute)).toBe(0);
        });
      });

      it('does not fail a page when the accounts list fails', async () => {
        await withClient(testCase.connect(env.sandbox), async (fresh) => {
          env.sandbox.addFault({ route: accountsRoute, kind: 'status', status: 503 });
          await expectSendersOfAPage(fresh.adapter(under.account.handle));
          expect(env.calls(accountsRoute)).toBe(1);
        });
      });
    });
  },
);
