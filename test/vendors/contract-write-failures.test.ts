import { describe, expect, it } from 'vitest';
import { UpstreamCallBudget } from '../../src/http/call-budget.ts';
import {
  TooManyUpstreamCallsError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../../src/http/errors.ts';
import type { UpstreamCallEvent } from '../../src/http/vendor-http-events.ts';
import type { WriteOutcome } from '../../src/vendors/contract.ts';
import { ADAPTER_CASES, type AdapterCase } from './adapter-cases.ts';
import { named, useSandbox, withClient } from './adapter-harness.ts';
import {
  closedPort,
  type ExpectedUpstreamError,
  expectUpstreamError,
} from './upstream-assertions.ts';
import { done, messagesNow, sendOf, useWriter } from './write-harness.ts';

/**
 * How every account adapter's writes end when the vendor fails: an outcome, never a throw. NOT_SENT
 * only when nothing can have been applied (no connection, a refusal, the vendor's own proof),
 * UNKNOWN when it may have been; a retry only where it cannot write twice (the vendor's
 * idempotency key, or proof that the first attempt did nothing), counted in vendor calls and in
 * the messages the sandbox stored.
 */

const env = useSandbox();

const SENDING = ADAPTER_CASES.filter((testCase) => testCase.capabilities.writes.sendMessage);

/** The failure of an outcome that is not DONE, checked to be `expected` and to hold no key. */
function failureOf(
  testCase: AdapterCase,
  outcome: WriteOutcome<unknown>,
  status: 'NOT_SENT' | 'UNKNOWN',
  expected: Omit<ExpectedUpstreamError, 'apiKey' | 'vendor'>,
) {
  expect(outcome.status).toBe(status);
  if (outcome.status === 'DONE') throw new Error('unreachable');
  expectUpstreamError(outcome.error, {
    vendor: testCase.vendor,
    apiKey: env.sandbox.keys[testCase.sandboxVendor],
    ...expected,
  });
  return outcome.error;
}

describe.each(named(SENDING))('the writes of %s', (_name, testCase) => {
  const { writes } = testCase.capabilities;
  const routes = testCase.writeRoutes;

  describe('one attempt per call', () => {
    const writer = useWriter(env, testCase);
    const where = () => ({ route: routes.send, externalId: writer.account.handle });

    it('a send the vendor proves not sent is NOT_SENT where it documents the proof', async () => {
      const chat = writer.chats[0]!;
      const before = messagesNow(env, writer.account, chat).length;
      env.sandbox.addFault({ route: routes.send, kind: 'notSent' });
      const outcome = await writer.adapter.sendMessage!(sendOf(chat));
      // Without a documented proof, the same 503 may have come after the write.
      const error = failureOf(testCase, outcome, testCase.provesNotSent ? 'NOT_SENT' : 'UNKNOWN', {
        type: UpstreamUnavailableError,
        status: 503,
        ...where(),
      });
      expect(error.vendorBody).toMatchObject({ request_outcome: 'not_sent' });
      expect(env.calls(routes.send)).toBe(1);
      expect(messagesNow(env, writer.account, chat)).toHaveLength(before);
    });

    it('a send answered 500 is UNKNOWN, after exactly one call', async () => {
      const chat = writer.chats[1]!;
      env.sandbox.addFault({ route: routes.send, kind: 'status', status: 500 });
      const outcome = await writer.adapter.sendMessage!(sendOf(chat));
      failureOf(testCase, outcome, 'UNKNOWN', {
        type: UpstreamUnavailableError,
        status: 500,
        ...where(),
      });
      expect(env.calls(routes.send)).toBe(1);
    });

    it('a send the vendor applied but never answered is UNKNOWN when the signal ends', async () => {
      const chat = writer.chats[2]!;
      const before = messagesNow(env, writer.account, chat).length;
      env.sandbox.addFault({ route: routes.send, kind: 'hangAfterWrite' });
      const outcome = await writer.adapter.sendMessage!({
        ...sendOf(chat),
        signal: AbortSignal.timeout(200),
      });
      failureOf(testCase, outcome, 'UNKNOWN', {
        type: UpstreamTimeoutError,
        status: null,
        ...where(),
      });
      expect(messagesNow(env, writer.account, chat)).toHaveLength(before + 1);
    });

    it('a send to a closed port is NOT_SENT', async () => {
      const baseUrl = `http://127.0.0.1:${await closedPort()}`;
      await withClient(testCase.connect(env.sandbox, { baseUrl }), async (offline) => {
        const adapter = offline.adapter(writer.account.handle, writer.account.creator.id);
        const outcome = await adapter.sendMessage!(sendOf(writer.chats[3]!));
        failureOf(testCase, outcome, 'NOT_SENT', {
          type: UpstreamUnavailableError,
          status: null,
          ...where(),
        });
      });
    });

    it('a send beyond the request’s call budget is NOT_SENT, without a call', async () => {
      const chat = writer.chats[3]!;
      const budget = new UpstreamCallBudget(1);
      await writer.adapter.listMessages({
        chatId: chat.id,
        partnerId: chat.partner.id,
        first: 1,
        budget,
      });
      const outcome = await writer.adapter.sendMessage!({ ...sendOf(chat), budget });
      failureOf(testCase, outcome, 'NOT_SENT', {
        type: TooManyUpstreamCallsError,
        status: null,
        ...where(),
      });
      expect(env.calls(routes.send)).toBe(0);
    });

    it('a send is told to the observer and paid from the budget like a read', async () => {
      const events: UpstreamCallEvent[] = [];
      const budget = new UpstreamCallBudget(5);
      const observer = (event: UpstreamCallEvent) => events.push(event);
      done(await writer.adapter.sendMessage!({ ...sendOf(writer.chats[4]!), observer, budget }));
      expect(events.map((event) => [event.route, event.status, event.externalId])).toEqual([
        [routes.send, 200, writer.account.handle],
      ]);
      expect(budget.used).toBe(1);
    });

    it.runIf(writes.markRead)('a mark read answered 500 is UNKNOWN', async () => {
      const chat = writer.chats.find((candidate) => candidate.unreadCount > 0)!;
      env.sandbox.addFault({ route: routes.markRead!, kind: 'status', status: 500 });
      const outcome = await writer.adapter.markRead!({
        chatId: chat.id,
        partnerId: chat.partner.id,
      });
      failureOf(testCase, outcome, 'UNKNOWN', {
        type: UpstreamUnavailableError,
        status: 500,
        route: routes.markRead!,
        externalId: writer.account.handle,
      });
      expect(env.calls(routes.markRead!)).toBe(1);
    });

    it.runIf(testCase.platform === 'FANSLY')(
      'a mark read whose read of the newest messages fails is NOT_SENT, without an ack',
      async () => {
        const chat = writer.chats.find((candidate) => candidate.unreadCount > 0)!;
        env.sandbox.addFault({ route: testCase.routes.messages, kind: 'status', status: 503 });
        const outcome = await writer.adapter.markRead!({
          chatId: chat.id,
          partnerId: chat.partner.id,
        });
        failureOf(testCase, outcome, 'NOT_SENT', {
          type: UpstreamUnavailableError,
          status: 503,
          route: testCase.routes.messages,
          externalId: writer.account.handle,
        });
        expect(env.calls(routes.markRead!)).toBe(0);
      },
    );

    it.runIf(writes.unsendMessage)('an unsend answered 500 is UNKNOWN', async () => {
      const chat = writer.chats[5]!;
      const sent = done(await writer.adapter.sendMessage!(sendOf(chat)));
      env.sandbox.addFault({ route: routes.unsend!, kind: 'status', status: 500 });
      const outcome = await writer.adapter.unsendMessage!({
        chatId: chat.id,
        partnerId: chat.partner.id,
        messageId: sent.platformId,
      });
      failureOf(testCase, outcome, 'UNKNOWN', {
        type: UpstreamUnavailableError,
        status: 500,
        route: routes.unsend!,
        externalId: writer.account.handle,
      });
      expect(env.calls(routes.unsend!)).toBe(1);
    });
  });

  describe('with retries allowed', () => {
    const writer = useWriter(env, testCase, { retries: 2 });
    /** Chats apart from the ones the single-attempt tests wrote to (they moved to the top). */
    const chatAt = (index: number) => writer.chats[10 + index]!;

    it('a send proven not sent is tried again where the vendor proves it, and sent once', async () => {
      const chat = chatAt(0);
      const before = messagesNow(env, writer.account, chat).length;
      env.sandbox.addFault({ route: routes.send, kind: 'notSent' });
      const outcome = await writer.adapter.sendMessage!(sendOf(chat));
      if (testCase.provesNotSent) {
        done(outcome);
        expect(env.calls(routes.send)).toBe(2);
        expect(messagesNow(env, writer.account, chat)).toHaveLength(before + 1);
      } else {
        expect(outcome.status).toBe('UNKNOWN');
        expect(env.calls(routes.send)).toBe(1);
        expect(messagesNow(env, writer.account, chat)).toHaveLength(before);
      }
    });

    it('a send applied then answered 503 is retried only under the idempotency key', async () => {
      const chat = chatAt(1);
      const before = messagesNow(env, writer.account, chat).length;
      env.sandbox.addFault({ route: routes.send, kind: 'statusAfterWrite', status: 503 });
      const outcome = await writer.adapter.sendMessage!(sendOf(chat));
      if (writes.idempotencyKey) {
        const sent = done(outcome);
        expect(env.calls(routes.send)).toBe(2);
        expect(messagesNow(env, writer.account, chat).at(-1)).toMatchObject({
          id: sent.platformId,
        });
      } else {
        failureOf(testCase, outcome, 'UNKNOWN', {
          type: UpstreamUnavailableError,
          status: 503,
          route: routes.send,
          externalId: writer.account.handle,
        });
        expect(env.calls(routes.send)).toBe(1);
      }
      // Either way the vendor stored the message exactly once.
      expect(messagesNow(env, writer.account, chat)).toHaveLength(before + 1);
    });

    it('a send answered 500 is not tried again', async () => {
      env.sandbox.addFault({ route: routes.send, kind: 'status', status: 500 });
      const outcome = await writer.adapter.sendMessage!(sendOf(chatAt(2)));
      expect(outcome.status).toBe('UNKNOWN');
      expect(env.calls(routes.send)).toBe(1);
    });

    it.runIf(writes.markRead)('a mark read is tried again: it is idempotent', async () => {
      const chat = writer.chats.find((candidate) => candidate.unreadCount > 0)!;
      env.sandbox.addFault({ route: routes.markRead!, kind: 'statusAfterWrite', status: 503 });
      done(await writer.adapter.markRead!({ chatId: chat.id, partnerId: chat.partner.id }));
      expect(env.calls(routes.markRead!)).toBe(2);
      expect(chat.unreadCount).toBe(0);
    });

    it.runIf(writes.unsendMessage)('an unsend runs once', async () => {
      const chat = chatAt(3);
      const sent = done(await writer.adapter.sendMessage!(sendOf(chat)));
      env.sandbox.addFault({ route: routes.unsend!, kind: 'status', status: 503 });
      const outcome = await writer.adapter.unsendMessage!({
        chatId: chat.id,
        partnerId: chat.partner.id,
        messageId: sent.platformId,
      });
      expect(outcome.status).toBe('UNKNOWN');
      expect(env.calls(routes.unsend!)).toBe(1);
    });
  });
});
