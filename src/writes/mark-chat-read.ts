import type { GatewayContext } from '../context.ts';
import { announceRead, forgetChatAfterUnknownWrite } from './announce-write.ts';
import { notSupportedError, writeOutcomeUnknownError } from './write-errors.ts';
import type { WriteTarget } from './write-target.ts';

/**
 * Marks a chat read at its vendor. Refused with NOT_SUPPORTED, before any call, where the vendor
 * has no such call (OFAuth); a vendor failure is thrown as the vendor's error when proven not
 * applied, else as WRITE_OUTCOME_UNKNOWN (marking read again is harmless).
 */
export async function markChatRead(context: GatewayContext, target: WriteTarget): Promise<void> {
  const { adapter, chat } = target;
  if (!adapter.capabilities.writes.markRead || !adapter.markRead) {
    throw notSupportedError('markChatRead', chat.connectedAccount);
  }
  const outcome = await adapter.markRead({
    ...context.call,
    chatId: chat.chatId,
    partnerId: chat.partnerId,
  });
  if (outcome.status === 'NOT_SENT') throw outcome.error;
  if (outcome.status === 'UNKNOWN') {
    await forgetChatAfterUnknownWrite(context, chat);
    throw writeOutcomeUnknownError('markChatRead', outcome.error);
  }
  await announceRead(context, chat);
}
