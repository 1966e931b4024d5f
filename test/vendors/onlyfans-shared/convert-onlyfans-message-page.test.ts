import { describe, expect, it } from 'vitest';
import type { AccountRecord } from '../../../src/domain.ts';
import { convertOnlyFansMessagePage } from '../../../src/vendors/onlyfans-shared/convert-onlyfans-message-page.ts';
import { CREATOR_ID, contextFor, FAN_ID, fan, message } from './onlyfans-fixtures.ts';

const page = { chatId: FAN_ID, partnerId: FAN_ID, creatorUserId: CREATOR_ID, before: null };

describe('convertOnlyFansMessagePage', () => {
  describe('a page of messages', () => {
    it('converts every message in the page’s order', () => {
      const raw = [message({ id: 3 }), message({ id: 2 }), message({ id: 1 })];
      const items = convertOnlyFansMessagePage(raw, contextFor(), page, new Map());
      expect(items.map((item) => item.platformId)).toEqual(['3', '2', '1']);
    });
  });

  describe('the cursor message', () => {
    it('is left out: the previous page ended with it', () => {
      const raw = [message({ id: 3 }), message({ id: 2 })];
      const items = convertOnlyFansMessagePage(
        raw,
        contextFor(),
        { ...page, before: '3' },
        new Map(),
      );
      expect(items.map((item) => item.platformId)).toEqual(['2']);
    });
  });

  describe('profiles', () => {
    it('keeps the full profiles the senders carry, and only those', () => {
      const accounts = new Map<string, AccountRecord>();
      const raw = [message({ id: 2, fromUser: fan() }), message({ id: 1 })];
      convertOnlyFansMessagePage(raw, contextFor(), page, accounts);
      expect([...accounts.keys()]).toEqual([FAN_ID]);
      expect(accounts.get(FAN_ID)).toMatchObject({ platformId: FAN_ID, username: 'username' });
    });
  });
});
