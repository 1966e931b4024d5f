import { createServer } from 'node:net';
import { expect } from 'vitest';
import type { Vendor } from '../../src/domain.ts';
import { type UpstreamError, UpstreamInvalidResponseError } from '../../src/http/errors.ts';
import type { Sandbox, SandboxRoute } from '../../src/sandbox/index.ts';

/** Runs `action` and answers what it threw; fails the test when it does not throw. */
export async function caught(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  expect.fail('expected the call to throw');
}

/** JSON of anything, cycles cut, so an error's whole object graph can be searched. */
function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_key, inner: unknown) => {
        if (typeof inner === 'object' && inner !== null) {
          if (seen.has(inner)) return '[cycle]';
          seen.add(inner);
        }
        return typeof inner === 'bigint' ? String(inner) : inner;
      }) ?? ''
    );
  } catch {
    return '';
  }
}

/**
 * The error is an UpstreamError of the expected class and route (and vendor, when given), and the
 * API key appears nowhere in it: not in `String(error)`, its message, its JSON (the vendor's body
 * included), nor anywhere along its `cause` chain.
 */
export function expectUpstreamError(
  error: unknown,
  expected: {
    type: abstract new (...args: never[]) => UpstreamError;
    vendor?: Vendor;
    route: string;
    externalId: string | null;
    status: number | null;
    apiKey: string;
  },
): asserts error is UpstreamError {
  expect(error).toBeInstanceOf(expected.type);
  const upstream = error as UpstreamError;
  if (expected.vendor !== undefined) expect(upstream.vendor).toBe(expected.vendor);
  expect({
    route: upstream.route,
    externalId: upstream.externalId,
    status: upstream.status,
  }).toEqual({
    route: expected.route,
    externalId: expected.externalId,
    status: expected.status,
  });
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth += 1) {
    const texts = [String(current), safeJson(current)];
    if (current instanceof Error) texts.push(current.message, current.stack ?? '');
    for (const text of texts) expect(text).not.toContain(expected.apiKey);
    current = current instanceof Error ? current.cause : undefined;
  }
}

export type ExpectedUpstreamError = Parameters<typeof expectUpstreamError>[1];

/** Runs `action`, which must fail with the expected UpstreamError; answers that error. */
export async function expectFailure(
  action: () => Promise<unknown>,
  expected: ExpectedUpstreamError,
): Promise<UpstreamError> {
  const error = await caught(action);
  expectUpstreamError(error, expected);
  return error;
}

/**
 * Scripts `body` as the next 200 answer of `expected.route`: `action` must refuse it with an
 * UpstreamInvalidResponseError (not a TypeError) naming the route and account, never the key.
 */
export async function expectBodyRefused(
  sandbox: Pick<Sandbox, 'addFault'>,
  body: unknown,
  action: () => Promise<unknown>,
  expected: { route: SandboxRoute; externalId: string; apiKey: string },
): Promise<void> {
  sandbox.addFault({ route: expected.route, kind: 'status', status: 200, body });
  await expectFailure(action, { type: UpstreamInvalidResponseError, status: 200, ...expected });
}

/** A local port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
