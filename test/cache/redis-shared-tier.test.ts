import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { accountTag, chatListTag } from '../../src/cache/cache-tags.ts';
import type { CachedAnswer } from '../../src/cache/memory-tier.ts';
import { RedisSharedTier, type RedisSharedTierOptions } from '../../src/cache/redis-shared-tier.ts';
import { RedisConnection } from '../../src/redis/redis-connection.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

const redisUrl = inject('redisUrl');

const opened: Array<{ close(): Promise<void> | void }> = [];
afterEach(async () => {
  for (const resource of opened.splice(0).reverse()) await resource.close();
});

async function connect(url: string, keyPrefix: string): Promise<RedisConnection> {
  const connection = new RedisConnection({
    url,
    keyPrefix,
    maxReconnectDelayMs: 50,
    commandTimeoutMs: 1000,
  });
  opened.push(connection);
  await connection.untilReady(10_000);
  return connection;
}

/** A tier on its own connection, as one replica has; replicas of a test share `keyPrefix`. */
async function replica(
  keyPrefix: string,
  options: Partial<RedisSharedTierOptions> = {},
  url = redisUrl,
): Promise<RedisSharedTier> {
  const tier = new RedisSharedTier({ connection: await connect(url, keyPrefix), ...options });
  opened.push(tier);
  return tier;
}

const TAGS = [accountTag('ONLYFANSAPI', 'acct_a'), chatListTag('ONLYFANSAPI', 'acct_a')];
const KEY = 'ONLYFANSAPI|cred|acct_a|/api/acct_a/chats?limit=10';

function answerOf(text: string, credits = 1): CachedAnswer {
  return {
    kind: 'chatPages',
    status: 200,
    body: JSON.parse(text),
    bytes: Buffer.byteLength(text),
    credits,
    expiresAt: Date.now() + 60_000,
  };
}

describe.skipIf(redisUrl === '')('RedisSharedTier', () => {
  it('answers what another replica stored, parsed and frozen, with its meta', async () => {
    const prefix = `chatgraph-test-${randomUUID()}:`;
    const [one, two] = [await replica(prefix), await replica(prefix)];
    const missed = await one.lookup(KEY, TAGS, true);
    expect(missed).toEqual({ answer: null, snapshot: '0,0,0', claimedElsewhere: false });
    const text = '{"data":[{"id":1,"text":"héllo"}]}';
    const stored = answerOf(text, 3);
    await one.store(KEY, TAGS, stored, text, missed.snapshot!);

    const found = await two.lookup(KEY, TAGS, true);
    expect(found.snapshot).toBeNull();
    expect(found.claimedElsewhere).toBe(false);
    expect(found.answer).toEqual({ ...stored, bytes: Buffer.byteLength(text) });
    expect(found.answer!.bytes).toBe(text.length + 1);
    expect(Object.isFrozen((found.answer!.body as { data: object[] }).data[0])).toBe(true);
  });

  it('stores nothing when a tag was dropped between the lookup and the store', async () => {
    const prefix = `chatgraph-test-${randomUUID()}:`;
    const [one, two] = [await replica(prefix), await replica(prefix)];
    const missed = await one.lookup(KEY, TAGS, true);
    await two.invalidate([chatListTag('ONLYFANSAPI', 'acct_a')]);
    const text = '{"data":[]}';
    await one.store(KEY, TAGS, answerOf(text), text, missed.snapshot!);

    const after = await two.lookup(KEY, TAGS, false);
    expect(after.answer).toBeNull();
    // The store lifted the claim although it stored nothing: no replica waits for it.
    expect(after.claimedElsewhere).toBe(false);
    expect(after.snapshot).not.toBe(missed.snapshot);
  });

  it('drops a stored answer for every replica when one of its tags is dropped', async () => {
    const prefix = `chatgraph-test-${randomUUID()}:`;
    const [one, two] = [await replica(prefix), await replica(prefix)];
    const text = '{"data":[1]}';
    await one.store(KEY, TAGS, answerOf(text), text, (await one.lookup(KEY, TAGS, true)).snapshot!);
    expect((await two.lookup(KEY, TAGS, false)).answer).not.toBeNull();
    await two.invalidate([accountTag('ONLYFANSAPI', 'acct_b')]);
    expect((await two.lookup(KEY, TAGS, false)).answer).not.toBeNull();
    await two.invalidate([accountTag('ONLYFANSAPI', 'acct_a')]);
    expect((await one.lookup(KEY, TAGS, false)).answer).toBeNull();
  });

  it('makes a second reader wait for the claimed answer, and hands it over', async () => {
    const prefix = `chatgraph-test-${randomUUID()}:`;
    const [one, two] = [await replica(prefix), await replica(prefix, { pollIntervalMs: 5 })];
    const first = await one.lookup(KEY, TAGS, true);
    expect(first.claimedElsewhere).toBe(false);
    const second = await two.lookup(KEY, TAGS, true);
    expect(second).toEqual({ answer: null, snapshot: first.snapshot, claimedElsewhere: true });

    const waiting = two.awaitAnswer(KEY, TAGS, 60_000, undefined);
    const text = '{"data":["claimed"]}';
    await one.store(KEY, TAGS, answerOf(text), text, first.snapshot!);
    expect((await waiting)?.body).toEqual({ data: ['claimed'] });
  });

  it('stops a wait when the claim is lifted without an answer, or the signal aborts', async () => {
    const prefix = `chatgraph-test-${randomUUID()}:`;
    const [one, two] = [await replica(prefix), await replica(prefix, { pollIntervalMs: 5 })];
    await one.lookup(KEY, TAGS, true);
    const waiting = two.awaitAnswer(KEY, TAGS, 60_000, undefined);
    await one.release(KEY);
    expect(await waiting).toBeNull();
    // Lifted: the next reader claims it.
    expect((await two.lookup(KEY, TAGS, true)).claimedElsewhere).toBe(false);

    const aborted = new AbortController();
    const abandoned = one.awaitAnswer(KEY, TAGS, 60_000, aborted.signal);
    aborted.abort();
    expect(await abandoned).toBeNull();
  });

  it('refuses to store an answer above the byte cap, and lifts its claim', async () => {
    const prefix = `chatgraph-test-${randomUUID()}:`;
    const [one, two] = [
      await replica(prefix, { maxAnswerBytes: 1024 }),
      await replica(prefix, { maxAnswerBytes: 1024 }),
    ];
    const big = JSON.stringify({ data: 'x'.repeat(2000) });
    const snapshot = (await one.lookup(KEY, TAGS, true)).snapshot!;
    await one.store(KEY, TAGS, answerOf(big), big, snapshot);
    expect(await two.lookup(KEY, TAGS, true)).toEqual({
      answer: null,
      snapshot,
      claimedElsewhere: false,
    });
    const small = '{"data":"small"}';
    await two.store(KEY, TAGS, answerOf(small), small, snapshot);
    expect((await one.lookup(KEY, TAGS, false)).answer?.body).toEqual({ data: 'small' });
  });

  it('ignores a stored answer above its own byte cap (written by a replica allowing more)', async () => {
    const prefix = `chatgraph-test-${randomUUID()}:`;
    const generous = await replica(prefix, { maxAnswerBytes: 1_000_000 });
    const strict = await replica(prefix, { maxAnswerBytes: 1024 });
    const big = JSON.stringify({ data: 'x'.repeat(2000) });
    await generous.store(KEY, TAGS, answerOf(big), big, '0,0,0');
    expect((await strict.lookup(KEY, TAGS, false)).answer).toBeNull();
  });

  it('keeps its keys under the prefix: hashed answers, generations that expire', async () => {
    const prefix = `chatgraph-test-${randomUUID()}:`;
    const one = await replica(prefix);
    const text = '{"data":[]}';
    await one.store(KEY, TAGS, answerOf(text), text, (await one.lookup(KEY, TAGS, true)).snapshot!);
    await one.invalidate([TAGS[1]!]);
    const raw = await connect(redisUrl, prefix);
    const keys = (await raw.client.keys(`${prefix}*`)).sort();
    expect(keys).toEqual([
      expect.stringMatching(new RegExp(`^${prefix}cache:answer:[0-9a-f]{64}$`)),
      `${prefix}cache:gen:${TAGS[1]}`,
      `${prefix}cache:generation`,
    ]);
    const answerTtl = await raw.client.pttl(keys[0]!);
    expect(answerTtl).toBeGreaterThan(0);
    expect(answerTtl).toBeLessThanOrEqual(60_000);
    expect(await raw.client.pttl(keys[1]!)).toBeGreaterThan(24 * 60 * 60 * 1000);
    // The counter is one key, kept: no generation value ever comes back.
    expect(await raw.client.pttl(keys[2]!)).toBe(-1);
    await raw.client.del(...keys);
  });

  it('fails fast while Redis is down, and drops every shared answer once back if it missed a drop', async () => {
    const prefix = `chatgraph-test-${randomUUID()}:`;
    const { hostname, port } = new URL(redisUrl);
    const proxy = await TcpProxy.start({ host: hostname, port: Number(port || 6379) });
    opened.push({ close: () => proxy.close() });
    const cut = await replica(prefix, {}, `redis://127.0.0.1:${proxy.port}`);
    const other = await replica(prefix);
    const text = '{"data":["before"]}';
    await other.store(
      KEY,
      TAGS,
      answerOf(text),
      text,
      (await other.lookup(KEY, TAGS, true)).snapshot!,
    );

    await proxy.close();
    await expect(cut.lookup(KEY, TAGS, false)).rejects.toThrow();
    await expect(cut.invalidate([TAGS[1]!])).rejects.toThrow();
    // The drop never reached Redis: the other replica still finds the answer.
    expect((await other.lookup(KEY, TAGS, false)).answer).not.toBeNull();

    await proxy.open();
    await expect
      .poll(async () => (await other.lookup(KEY, TAGS, false)).answer, { timeout: 10_000 })
      .toBeNull();
  });
});
