import type { GatewayContext } from '../context.ts';
import { unsendMessage } from '../writes/unsend-message.ts';
import { messageTarget } from './write-targets.ts';

export async function resolveUnsendMessage(
  context: GatewayContext,
  input: { messageId: string },
): Promise<{ messageId: string; unsent: boolean }> {
  const target = messageTarget(context, input.messageId);
  await unsendMessage(context, target, target.messageId);
  return { messageId: input.messageId, unsent: true };
}
