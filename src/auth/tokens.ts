import { createHash, timingSafeEqual } from 'node:crypto';

/** A gateway token as configured: stored hashed, with the accounts it may read. */
export interface GatewayTokenConfig {
  /** Who holds it, for logs. */
  name: string;
  /** Lowercase hex of sha256(token). */
  sha256: string;
  /** Connected account handles (`acct_…`, `fansly_acct_…`, `conn_…`), or `['*']` for all. */
  accounts: string[];
  /**
   * Vendor calls the token's requests may cause per minute (estimated up front, settled after);
   * absent: unlimited.
   */
  upstreamCallsPerMinute?: number;
}

/** Who a request acts for, and which connected accounts it may see. */
export interface Caller {
  name: string;
  /** Handles the caller may read; null for every account. */
  accounts: ReadonlySet<string> | null;
}

/** The caller of a gateway running without tokens (local development, sandbox mode). */
export const OPEN_CALLER: Caller = { name: 'anonymous', accounts: null };

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Checks a bearer token against the configured hashes. Every configured hash is compared, in
 * constant time, whatever matched earlier, so timing says nothing about which token is near.
 */
export function authenticate(
  authorization: string | null | undefined,
  tokens: readonly GatewayTokenConfig[],
): Caller | null {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!presented) return null;
  const digest = Buffer.from(sha256Hex(presented), 'hex');
  let found: GatewayTokenConfig | null = null;
  for (const token of tokens) {
    const expected = Buffer.from(token.sha256, 'hex');
    if (expected.length === digest.length && timingSafeEqual(expected, digest) && !found) {
      found = token;
    }
  }
  if (!found) return null;
  return {
    name: found.name,
    accounts: found.accounts.includes('*') ? null : new Set(found.accounts),
  };
}
