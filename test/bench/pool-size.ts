/**
 * Connections per vendor of both targets: the floor's undici pools, and the gateway's
 * `poolConnections` (its default). The gateway's `maxInFlightPerAccount` is set as large, for the
 * floor has no such per-account share: with its default (8 of the 32), one account's screen at
 * 32 concurrent requests waits for its share, not for the gateway's work, and the two would not
 * draw on the same budget.
 */
export const VENDOR_POOL_CONNECTIONS = 32;
