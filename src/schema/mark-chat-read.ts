import { resolveMarkChatRead } from '../resolvers/mark-chat-read.ts';
import type { WrittenChat } from '../resolvers/shapes.ts';
import { builder } from './builder.ts';
import { ChatRef } from './chat.ts';

const MarkChatReadInput = builder.inputType('MarkChatReadInput', {
  fields: (t) => ({ chatId: t.id({ required: true }) }),
});

const MarkChatReadPayload = builder.objectRef<{ chat: WrittenChat }>('MarkChatReadPayload');
MarkChatReadPayload.implement({
  fields: (t) => ({
    chat: t.field({
      type: ChatRef,
      description:
        'The chat, its `unreadCount` 0 at no vendor call; other fields load as `chat(id)` does.',
      resolve: (payload) => payload.chat,
    }),
  }),
});

builder.mutationField('markChatRead', (t) =>
  t.field({
    type: MarkChatReadPayload,
    description:
      'Marks a chat read on the vendor. Fails with NOT_SUPPORTED where the vendor has no such call.',
    args: { input: t.arg({ type: MarkChatReadInput, required: true }) },
    resolve: (_root, args, context) => resolveMarkChatRead(context, args.input),
  }),
);
