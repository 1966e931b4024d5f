import { existsSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { extractProviderSchemas } from '../../scripts/extract-provider-schemas.ts';
import { expectJson, type Json, replayPath, useSandbox } from './helpers.ts';

/**
 * The sandbox's answers checked against the vendors' own response schemas, extracted from their
 * OpenAPI pages into schema/providers/ by scripts/extract-provider-schemas.ts.
 */

const fixture = useSandbox();
const ajv = new Ajv({ strict: false, allErrors: true });

function loadSchema(name: string): ValidateFunction {
  return ajv.compile(JSON.parse(readFileSync(`schema/providers/${name}.json`, 'utf8')));
}

const fanslyChats = loadSchema('onlyfansapi-fansly-chats');
const fanslyMessages = loadSchema('onlyfansapi-fansly-messages');
const ofauthChats = loadSchema('ofauth-chats');

function expectValid(validate: ValidateFunction, body: unknown, label: string): void {
  const valid = validate(body);
  expect(valid, `${label}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

describe('sandbox contract with the vendor schemas', () => {
  describe('OnlyFansAPI · Fansly chats', () => {
    it('validates every page of every Fansly account in each order', async () => {
      for (const account of fixture.sandbox.dataset.accountsOf('onlyfansapi', 'fansly')) {
        for (const order of ['newest', 'oldest', 'unread']) {
          let path: string | null = `/api/fansly/${account.handle}/chats?limit=50&order=${order}`;
          while (path !== null) {
            const body: Json = await expectJson(await fixture.onlyfansapi(path));
            expectValid(fanslyChats, body, path);
            path = body.data.hasMore ? replayPath(body._pagination.next_page) : null;
          }
        }
      }
    });

    it('fails when a field drifts from the schema', async () => {
      const account = fixture.sandbox.dataset.accountsOf('onlyfansapi', 'fansly')[0]!;
      const body = await expectJson(
        await fixture.onlyfansapi(`/api/fansly/${account.handle}/chats?limit=5`),
      );
      body.data.data[0].lastMessageId = Number(body.data.data[0].lastMessageId);
      expect(fanslyChats(body)).toBe(false);
    });
  });

  describe('OnlyFansAPI · Fansly messages', () => {
    it('validates pages with attachments, bundles and locked media', async () => {
      const account = fixture.sandbox.dataset.accountsOf('onlyfansapi', 'fansly')[0]!;
      let sawBundle = false;
      let sawLocked = false;
      for (const chat of account.chats.slice(0, 40)) {
        let path: string | null =
          `/api/fansly/${account.handle}/chats/${chat.id}/messages?limit=100`;
        while (path !== null) {
          const body: Json = await expectJson(await fixture.onlyfansapi(path));
          expectValid(fanslyMessages, body, path);
          sawBundle ||= body.data.accountMediaBundles.length > 0;
          sawLocked ||= body.data.accountMedia.some((media: Json) => media.access === false);
          path = body.data.hasMore ? replayPath(body._pagination.next_page) : null;
        }
      }
      expect({ sawBundle, sawLocked }).toEqual({ sawBundle: true, sawLocked: true });
    });

    it('fails when variantHash becomes an array', async () => {
      const account = fixture.sandbox.dataset.accountsOf('onlyfansapi', 'fansly')[0]!;
      const chat = account.chats.find((candidate) =>
        candidate.messages.slice(-25).some((message) => message.media.length > 0),
      )!;
      const body = await expectJson(
        await fixture.onlyfansapi(`/api/fansly/${account.handle}/chats/${chat.id}/messages`),
      );
      expectValid(fanslyMessages, body, 'before the change');
      body.data.accountMedia[0].media.variantHash = [];
      expect(fanslyMessages(body)).toBe(false);
    });
  });

  describe('OFAuth chats', () => {
    it('validates every page of every connection, including locked media in lastMessage', async () => {
      let sawMedia = false;
      let sawLocked = false;
      for (const connection of fixture.sandbox.dataset.accountsOf('ofauth', 'onlyfans')) {
        let offset = 0;
        for (;;) {
          const path = `/v2/access/chats?limit=20&offset=${offset}`;
          const body: Json = await expectJson(await fixture.ofauth(path, connection.handle));
          expectValid(ofauthChats, body, path);
          for (const chat of body.list) {
            const media = chat.lastMessage?.media ?? [];
            sawMedia ||= media.length > 0;
            sawLocked ||= media.some((item: Json) => item.canView === false);
          }
          if (!body.hasMore) break;
          offset = body.nextOffset;
        }
      }
      expect(sawMedia).toBe(true);
      expect(sawLocked).toBe(true);
    });

    it('fails when withUser loses its id', async () => {
      const connection = fixture.sandbox.dataset.accountsOf('ofauth', 'onlyfans')[0]!;
      const body = await expectJson(await fixture.ofauth('/v2/access/chats', connection.handle));
      delete body.list[0].withUser.id;
      expect(ofauthChats(body)).toBe(false);
    });
  });

  describe('extracted schemas', () => {
    const docs = process.env.PROVIDER_DOCS ?? '/work/shared/provider-docs';

    it('turned OpenAPI nullable into JSON Schema type unions', () => {
      const schema = JSON.parse(
        readFileSync('schema/providers/onlyfansapi-fansly-chats.json', 'utf8'),
      ) as Json;
      const item = schema.properties.data.properties.data.items.properties;
      expect(item.subscriptionTierId.type).toEqual(['string', 'null']);
      expect(JSON.stringify(schema)).not.toContain('"nullable"');
      expect(JSON.stringify(schema)).not.toContain('"example"');
    });

    // The vendor pages live outside the repository; where they are at hand, the committed
    // extraction must still be what the script produces from them.
    it.runIf(existsSync(docs))('are what the script extracts from the vendor pages', () => {
      for (const [name, text] of extractProviderSchemas(docs)) {
        expect(readFileSync(`schema/providers/${name}`, 'utf8'), name).toBe(text);
      }
    });
  });
});
