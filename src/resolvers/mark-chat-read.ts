import type { GatewayContext } from '../context.ts';
import { markChatRead } from '../writes/mark-chat-read.ts';
import type { WrittenChat } from './shapes.ts';
import { chatTarget } from './write-targets.ts';

export async function resolveMarkChatRead(
  context: GatewayContext,
  input: { chatId: string },
): Promise<{ chat: WrittenChat }> {
  const target = chatTarget(context, input.chatId);
  await markChatRead(context, target);
  // Read now: nothing unread, whatever a vendor's chat list says yet.
  return { chat: { ...target.chat, written: { unreadCount: 0 } } };
}
