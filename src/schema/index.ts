import './enums.ts';
import './connected-account.ts';
import './chat.ts';
import './message.ts';
import './account.ts';
import './media.ts';
import './fan-spend.ts';
import './fan-subscription.ts';
import './inbox.ts';
import './chat-capabilities.ts';
import './send-message.ts';
import './mark-chat-read.ts';
import './unsend-message.ts';
import './subscription.ts';
import './entities.ts';
import { builder } from './builder.ts';

export const schema = builder.toSchema();
