import { beforeAll, describe, expect, it } from 'vitest';
import type { ConnectedAccountKey } from '../../src/domain.ts';
import { ofAuthWebhooks } from '../../src/vendors/ofauth/ofauth-webhooks.ts';
import { onlyFansApiWebhooks } from '../../src/vendors/onlyfansapi/onlyfansapi-webhooks.ts';
import {
  type AdapterCase,
  OFAUTH_ONLYFANS,
  ONLYFANSAPI_FANSLY,
  ONLYFANSAPI_ONLYFANS,
  useAdapter,
} from '../vendors/adapter-cases.ts';
import { useSandbox } from '../vendors/adapter-harness.ts';
import { useWebhookReceiver } from './webhook-receiver.ts';

/**
 * What the sandbox delivers for a fan's message is what the gateway reads of the same message:
 * the gateway's own verify and normalize turn the delivery into the record its adapter reads.
 */

const env = useSandbox();
const held = useWebhookReceiver();

beforeAll(() => {
  const { sandbox } = env;
  sandbox.setWebhookTargets({
    onlyfansapi: {
      url: `${held.receiver.origin}/webhooks/onlyfansapi`,
      secret: sandbox.webhookSecrets.onlyfansapi,
    },
    ofauth: {
      url: `${held.receiver.origin}/webhooks/ofauth`,
      secret: sandbox.webhookSecrets.ofauth,
    },
  });
});

function webhooksFor(testCase: AdapterCase, key: ConnectedAccountKey) {
  const lookup = (externalId: string) => (externalId === key.externalId ? key : null);
  const { webhookSecrets } = env.sandbox;
  return testCase === OFAUTH_ONLYFANS
    ? ofAuthWebhooks({ secret: webhookSecrets.ofauth, lookup })
    : onlyFansApiWebhooks({ secret: webhookSecrets.onlyfansapi, lookup });
}

describe.each([
  ['OnlyFansAPI · OnlyFans', ONLYFANSAPI_ONLYFANS],
  ['OnlyFansAPI · Fansly', ONLYFANSAPI_FANSLY],
  ['OFAuth · OnlyFans', OFAUTH_ONLYFANS],
] as const)('%s: a simulated fan message', (_name, testCase) => {
  const under = useAdapter(env, testCase);

  it('normalizes to the record the thread read gives, in the chat it names', async () => {
    const key = under.adapter.connectedAccount;
    const chat = under.account.chats[12]!;
    const simulated = env.sandbox.simulateMessage({
      account: under.account.handle,
      chat: chat.id,
      text: 'Are you there? <3 & more',
    });
    const [delivery] = await held.receiver.waitFor(1, (candidate) =>
      JSON.stringify(candidate.body).includes(simulated.messageId),
    );
    const webhooks = webhooksFor(testCase, key);
    expect(webhooks.verify(delivery!)).toEqual({ ok: true, eventId: simulated.eventId });
    const events = webhooks.normalize(delivery!.body);

    const read = await under.adapter.listMessages({
      chatId: chat.id,
      partnerId: chat.partner.id,
      first: 5,
    });
    expect(read.items[0]?.platformId).toBe(simulated.messageId);
    expect(events).toEqual([
      { kind: 'messageAdded', message: read.items[0] },
      { kind: 'chatUpdated', connectedAccount: key, chatId: chat.id, partnerId: chat.partner.id },
    ]);
  });
});
