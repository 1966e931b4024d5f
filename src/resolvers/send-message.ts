import type { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.ts';
import type { MessageRecord } from '../domain.ts';
import type { UpstreamError } from '../http/errors.ts';
import { sendMessageOnce } from '../writes/send-message.ts';
import type { SendMessageFields } from '../writes/send-rules.ts';
import { sendOutcomeUnknownError } from '../writes/write-errors.ts';
import { type ChatShape, type MessageShape, messageIn } from './shapes.ts';
import { chatTarget, replyTarget } from './write-targets.ts';

export interface SendMessageInputShape extends SendMessageFields {
  chatId: string;
  replyToMessageId?: string | null;
}

/** What SendMessagePayload resolves from. */
export interface SendMessagePayloadShape {
  outcome: 'SENT' | 'NOT_SENT' | 'UNKNOWN';
  message: MessageRecord | null;
  chat: ChatShape;
  /** Why there is no message: answered as the error of `message`, beside the outcome. */
  failure: GraphQLError | UpstreamError | null;
}

export async function resolveSendMessage(
  context: GatewayContext,
  input: SendMessageInputShape,
): Promise<SendMessagePayloadShape> {
  const target = chatTarget(context, input.chatId);
  const replyToMessageId = input.replyToMessageId
    ? replyTarget(target, input.replyToMessageId)
    : null;
  const result = await sendMessageOnce(context, target, { ...input, replyToMessageId });
  switch (result.outcome) {
    case 'SENT':
      // The message just sent is the chat's last, whatever a vendor's chat list says yet.
      return {
        outcome: 'SENT',
        message: result.message,
        chat: { ...target.chat, written: { lastMessage: result.message } },
        failure: null,
      };
    case 'NOT_SENT':
      return { outcome: 'NOT_SENT', message: null, chat: target.chat, failure: result.failure };
    case 'UNKNOWN':
      return {
        outcome: 'UNKNOWN',
        message: null,
        chat: target.chat,
        failure: sendOutcomeUnknownError(result.failure),
      };
  }
}

/** The sent message; without one, the reason is the field's error (the outcome says the rest). */
export function sendPayloadMessage(payload: SendMessagePayloadShape): MessageShape | null {
  if (payload.failure) throw payload.failure;
  return payload.message && messageIn(payload.message, payload.chat);
}
