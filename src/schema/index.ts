import './enums.ts';
import './connected-account.ts';
import './chat.ts';
import './message.ts';
import './account.ts';
import './media.ts';
import './fan-spend.ts';
import './fan-subscription.ts';
import './inbox.ts';
import './entities.ts';
import { builder } from './builder.ts';

export const schema = builder.toSchema();
