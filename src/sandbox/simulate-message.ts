import { MESSAGE_TEXTS, type MessageText } from './content.ts';
import type { SandboxDataset } from './dataset.ts';
import type { SandboxAccount, SandboxChat } from './dataset-types.ts';
import type { SandboxWrites } from './dataset-writes.ts';
import type { Random } from './random.ts';
import type { WebhookDeliveries } from './webhook-deliveries.ts';
import { messageWebhook } from './webhook-events.ts';

/**
 * A fan writes in a chat: the message is added to the dataset, then its vendor's webhook is
 * delivered. `POST /_sandbox/simulate/message` and the live fans both come through here.
 */

const MAX_TEXT_LENGTH = 5_000;
const MAX_ID_LENGTH = 200;

/** What the caller names: the account, and optionally the chat and the text. */
export interface SimulateMessageInput {
  /** The account's handle (`acct_…`, `fansly_acct_…`, `conn_…`) or its creator's username. */
  account: string;
  /** The chat's id; absent: a random chat of the account. */
  chat?: string;
  /** Plain text; absent: a random text of the dataset's pool. */
  text?: string;
}

export interface SimulatedMessage {
  account: string;
  vendor: SandboxAccount['vendor'];
  platform: SandboxAccount['platform'];
  chatId: string;
  /** The fan's user id. */
  partnerId: string;
  messageId: string;
  /** The webhook's event id; null when the vendor has no target. */
  eventId: string | null;
}

/** A refusal of the simulate route: its status and a code for callers to branch on. */
export class SimulateError extends Error {
  readonly status: number;
  readonly code: 'invalid_request' | 'unknown_account' | 'unknown_chat' | 'empty_account';

  constructor(status: number, code: SimulateError['code'], message: string) {
    super(message);
    this.name = 'SimulateError';
    this.status = status;
    this.code = code;
  }
}

export interface SimulateState {
  dataset: SandboxDataset;
  writes: SandboxWrites;
  deliveries: WebhookDeliveries;
  /** Picks the chat and the text when the caller names none. */
  random: Random;
}

function invalid(message: string): never {
  throw new SimulateError(400, 'invalid_request', message);
}

function optionalString(body: Record<string, unknown>, name: string, max: number) {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    invalid(`${name} must be a non-empty string of at most ${max} characters`);
  }
  return value;
}

/** Reads the route's JSON body; an unknown field is refused, so a typo is not silently ignored. */
export function readSimulateInput(body: unknown): SimulateMessageInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    invalid('the body must be a JSON object');
  }
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((name) => !['account', 'chat', 'text'].includes(name));
  if (unknown !== undefined) invalid(`unknown field ${unknown}`);
  const account = optionalString(fields, 'account', MAX_ID_LENGTH);
  if (account === undefined) invalid('account is required: a handle or a creator username');
  const chat = optionalString(fields, 'chat', MAX_ID_LENGTH);
  const text = optionalString(fields, 'text', MAX_TEXT_LENGTH);
  return {
    account,
    ...(chat === undefined ? {} : { chat }),
    ...(text === undefined ? {} : { text }),
  };
}

function findAccount(dataset: SandboxDataset, name: string): SandboxAccount {
  const username = name.replace(/^@/, '').toLowerCase();
  const account =
    dataset.account(name) ??
    dataset.accounts.find((candidate) => candidate.creator.username.toLowerCase() === username);
  if (account === undefined) throw new SimulateError(404, 'unknown_account', `No account ${name}`);
  return account;
}

function findChat(
  account: SandboxAccount,
  chatId: string | undefined,
  random: Random,
): SandboxChat {
  if (chatId === undefined) {
    if (account.chats.length === 0) {
      throw new SimulateError(409, 'empty_account', `${account.handle} has no chat`);
    }
    return random.pick(account.chats);
  }
  const chat = account.chatById.get(chatId);
  if (chat === undefined) {
    throw new SimulateError(404, 'unknown_chat', `No chat ${chatId} on ${account.handle}`);
  }
  return chat;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#039;',
};

/** A fan's plain text as OnlyFans stores it (escaped HTML, lines as `<br>`) and as Fansly does. */
export function fanText(plain: string): MessageText {
  const escaped = plain.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
  return { html: `<p>${escaped.replace(/\r?\n/g, '<br>')}</p>`, plain };
}

export function simulateFanMessage(
  state: SimulateState,
  input: SimulateMessageInput,
): SimulatedMessage {
  const account = findAccount(state.dataset, input.account);
  const chat = findChat(account, input.chat, state.random);
  const text = input.text === undefined ? state.random.pick(MESSAGE_TEXTS) : fanText(input.text);
  const message = state.writes.addFanMessage(account, chat, text);
  const event = messageWebhook(account, chat, message);
  return {
    account: account.handle,
    vendor: account.vendor,
    platform: account.platform,
    chatId: chat.id,
    partnerId: chat.partner.id,
    messageId: message.id,
    eventId: event === null ? null : state.deliveries.deliver(event),
  };
}
