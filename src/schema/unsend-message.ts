import { resolveUnsendMessage } from '../resolvers/unsend-message.ts';
import { builder } from './builder.ts';

const UnsendMessageInput = builder.inputType('UnsendMessageInput', {
  fields: (t) => ({ messageId: t.id({ required: true }) }),
});

const UnsendMessagePayload = builder
  .objectRef<{ messageId: string; unsent: boolean }>('UnsendMessagePayload')
  .implement({
    fields: (t) => ({
      messageId: t.exposeID('messageId'),
      unsent: t.exposeBoolean('unsent'),
    }),
  });

builder.mutationField('unsendMessage', (t) =>
  t.field({
    type: UnsendMessagePayload,
    description: 'Unsends (deletes) a message the creator sent, where the vendor allows it.',
    args: { input: t.arg({ type: UnsendMessageInput, required: true }) },
    resolve: (_root, args, context) => resolveUnsendMessage(context, args.input),
  }),
);
