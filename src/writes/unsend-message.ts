import type { GatewayContext } from '../context.ts';
import { announceUnsent, forgetChatAfterUnknownWrite } from './announce-write.ts';
import { notSupportedError, writeOutcomeUnknownError } from './write-errors.ts';
import type { WriteTarget } from './write-target.ts';

/**
 * Unsends (deletes) a message the creator sent. Refused with NOT_SUPPORTED, before any call,
 * where the vendor has no such call; a vendor failure is thrown as the vendor's error when proven
 * not applied (a message too old, one the vendor does not know), else as WRITE_OUTCOME_UNKNOWN.
 */
export async function unsendMessage(
  context: GatewayContext,
  target: WriteTarget,
  messageId: string,
): Promise<void> {
  const { adapter, chat } = target;
  if (!adapter.capabilities.writes.unsendMessage || !adapter.unsendMessage) {
    throw notSupportedError('unsendMessage', chat.connectedAccount);
  }
  const outcome = await adapter.unsendMessage({
    ...context.call,
    chatId: chat.chatId,
    partnerId: chat.partnerId,
    messageId,
  });
  if (outcome.status === 'NOT_SENT') throw outcome.error;
  if (outcome.status === 'UNKNOWN') {
    await forgetChatAfterUnknownWrite(context, chat);
    throw writeOutcomeUnknownError('unsendMessage', outcome.error);
  }
  await announceUnsent(context, chat);
}
