import {
  resolveSendMessage,
  type SendMessagePayloadShape,
  sendPayloadMessage,
} from '../resolvers/send-message.ts';
import { MAX_IDEMPOTENCY_KEY_LENGTH, MAX_PRICE, MIN_PRICE } from '../writes/send-rules.ts';
import { builder } from './builder.ts';
import { ChatRef } from './chat.ts';
import { MessageRef } from './message.ts';

export const SendOutcomeEnum = builder.enumType('SendOutcome', {
  values: {
    SENT: { description: 'Sent: `message` is the message as the vendor stored it.' },
    NOT_SENT: {
      description:
        'Proven not sent (the vendor refused it, or it never left): the same idempotencyKey may try again.',
    },
    UNKNOWN: {
      description:
        'The vendor may or may not have sent it (a timeout, a 5xx): do not send it again with a new key; read the thread to find out.',
    },
  } as const,
});

const SendMessageInput = builder.inputType('SendMessageInput', {
  fields: (t) => ({
    chatId: t.id({ required: true }),
    text: t.string({
      required: true,
      description: 'Plain text, up to 10,000 characters; may be empty when media are attached.',
    }),
    price: t.float({
      description: `Dollars. 0 or absent: free. Else ${MIN_PRICE}–${MAX_PRICE}, in whole cents, and needs at least one media id.`,
    }),
    mediaIds: t.stringList({
      description:
        'Vendor media ids (vault or upload ids), passed to the vendor as they are; at most what the vendor takes.',
    }),
    replyToMessageId: t.id({ description: 'A Message id of the same chat.' }),
    idempotencyKey: t.string({
      required: true,
      description: `Chosen by the caller, unique per intended message (1–${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters, e.g. a UUID), kept per gateway token. A repeat after SENT or UNKNOWN returns that outcome and sends nothing; after NOT_SENT (proven not sent) the same key may try again.`,
    }),
  }),
});

const SendMessagePayload = builder.objectRef<SendMessagePayloadShape>('SendMessagePayload');
SendMessagePayload.implement({
  fields: (t) => ({
    outcome: t.field({ type: SendOutcomeEnum, resolve: (payload) => payload.outcome }),
    message: t.field({
      type: MessageRef,
      nullable: true,
      description:
        'The message as sent, as `Chat.messages` shows it; null unless outcome is SENT, with an error saying why (SEND_OUTCOME_UNKNOWN, or the vendor failure of a NOT_SENT).',
      resolve: (payload) => sendPayloadMessage(payload),
    }),
    chat: t.field({
      type: ChatRef,
      description:
        'The chat. After SENT its `lastMessage` is the message sent, at no vendor call; other fields load as `chat(id)` does.',
      resolve: (payload) => payload.chat,
    }),
  }),
});

builder.mutationField('sendMessage', (t) =>
  t.field({
    type: SendMessagePayload,
    description:
      'Sends a message in a chat. Never sent twice for one idempotencyKey, whatever retries happen.',
    args: { input: t.arg({ type: SendMessageInput, required: true }) },
    resolve: (_root, args, context) => resolveSendMessage(context, args.input),
  }),
);
