import type { SandboxStats } from '../../src/sandbox/types.ts';

/**
 * The sandbox's control routes (`/_sandbox/...`), over HTTP: the benchmark's sandbox is another
 * process, and the calls test drives its in-process sandbox the same way so both check alike.
 */

async function control(
  sandboxUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${sandboxUrl}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    throw new Error(`sandbox ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  }
  return response.json();
}

/** Zeroes the sandbox's counters of vendor calls and credits. */
export async function resetSandboxStats(sandboxUrl: string): Promise<void> {
  await control(sandboxUrl, 'POST', '/_sandbox/reset');
}

/** The sandbox's counters since the last reset. */
export async function sandboxStats(sandboxUrl: string): Promise<SandboxStats> {
  return (await control(sandboxUrl, 'GET', '/_sandbox/stats')) as SandboxStats;
}

/**
 * Delivers both vendors' webhooks to the gateway at `gatewayOrigin`, signed with the secrets the
 * sandbox generated (the ones it writes into a gateway config).
 */
export async function pointWebhooksAt(sandboxUrl: string, gatewayOrigin: string): Promise<void> {
  await control(sandboxUrl, 'PUT', '/_sandbox/webhooks', {
    onlyfansapi: { url: `${gatewayOrigin}/webhooks/onlyfansapi` },
    ofauth: { url: `${gatewayOrigin}/webhooks/ofauth` },
  });
}

/**
 * A fan writes in a chat: the sandbox adds the message and delivers its vendor's signed webhook.
 * Answers the webhook's event id (null when the vendor delivers nowhere).
 */
export async function simulateFanMessage(
  sandboxUrl: string,
  account: string,
  chat: string,
): Promise<string | null> {
  const answer = (await control(sandboxUrl, 'POST', '/_sandbox/simulate/message', {
    account,
    chat,
  })) as { eventId: string | null };
  return answer.eventId;
}
