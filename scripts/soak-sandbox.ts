/**
 * The soak's vendor sandbox with `--vendor-limits lifted`: `src/sandbox/main.ts` (same flags),
 * except that every answer reports a rate-limit allowance that never runs out.
 *
 * Why: the sandbox reports the vendors' real allowances (OnlyFansAPI 5000 calls a minute per key,
 * OFAuth 1000 per connection), and the gateway's client-side rate limiter obeys them, as it must
 * in production. A soak of tens of thousands of queries a minute then mostly measures that
 * limiter: queries queue up to the 5 s wait budget and fail UPSTREAM_RATE_LIMITED. Lifting the
 * allowance keeps the headers and `_meta` the gateway reads (and their cost) while letting the
 * load reach every other path. The default, `--vendor-limits real`, runs src/sandbox/main.ts as is.
 */
import { SandboxControls } from '../src/sandbox/controls.ts';

SandboxControls.prototype.countRate = (_bucket: string, limit: number) => ({
  remaining: limit,
  resetAt: Math.ceil((Date.now() + 60_000) / 1000),
});

await import('../src/sandbox/main.ts');
