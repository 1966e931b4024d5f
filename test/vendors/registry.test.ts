import { describe, expect, it } from 'vitest';
import { ACCOUNT_CAPABILITIES, VENDORS } from '../../src/vendors/registry.ts';

describe('registry', () => {
  describe('VENDORS', () => {
    it('lists each vendor once, in start-up order', () => {
      expect(VENDORS.map((vendor) => vendor.vendor)).toEqual(['ONLYFANSAPI', 'OFAUTH']);
      expect(VENDORS.map((vendor) => vendor.configKey)).toEqual(['onlyfansapi', 'ofauth']);
    });
  });

  describe('ACCOUNT_CAPABILITIES', () => {
    it('holds what each kind of account can do: OnlyFans and Fansly through OnlyFansAPI, OFAuth', () => {
      expect(ACCOUNT_CAPABILITIES.map((can) => can.chatPageMax)).toEqual([30, 100, 20]);
      expect(ACCOUNT_CAPABILITIES.map((can) => can.mediaPerCall)).toEqual([0, 50, 0]);
    });
  });
});
