import type { SendOutcome } from '../generated/graphql.js';

/** Sends one reply; the key is the send's idempotency key. */
export type SendReply = (
  chatId: string,
  text: string,
  idempotencyKey: string,
) => Promise<SendOutcome>;

/**
 * The reply box of the open chat. One idempotency key per intended message: a second click, or a
 * retry after a failure, sends the same text with the same key, so chatgraph sends it at most
 * once; a new text takes a new key.
 */
export class ReplyForm {
  private chatId: string | null = null;
  private pending: { text: string; key: string } | null = null;
  private readonly text: HTMLTextAreaElement;
  private readonly button: HTMLButtonElement;

  constructor(form: HTMLFormElement, send: SendReply, say: (problem: string | null) => void) {
    this.text = form.querySelector('textarea')!;
    this.button = form.querySelector('button')!;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const chatId = this.chatId;
      const text = this.text.value.trim();
      if (!chatId || !text) return;
      if (this.pending?.text !== text) this.pending = { text, key: crypto.randomUUID() };
      this.button.disabled = true;
      try {
        const outcome = await send(chatId, text, this.pending.key);
        if (outcome === 'SENT') {
          this.pending = null;
          this.text.value = '';
          say(null);
        } else if (outcome === 'NOT_SENT') {
          say('Not sent: the vendor refused it. Send again to retry.');
        } else {
          // The vendor may have sent it: the same key can never send it twice, but a new one could.
          say('It may have been sent: watch the thread before writing it again.');
        }
      } catch (error) {
        say(`Not sent: ${(error as Error).message}`);
      } finally {
        this.button.disabled = this.chatId === null;
      }
    });
  }

  /** The chat replies go to; null disables the box. */
  setChat(chatId: string | null): void {
    if (chatId !== this.chatId) this.pending = null;
    this.chatId = chatId;
    this.text.disabled = chatId === null;
    this.button.disabled = chatId === null;
    if (chatId) this.text.focus();
  }
}
