import type { ThreadMessageFragment } from '../generated/graphql.js';

/** What the thread shows of a message: a read's, an event's or a send's answer alike. */
export type ThreadEntry = Pick<
  ThreadMessageFragment,
  'id' | 'text' | 'createdAt' | 'isFromCreator'
>;

/** The most messages the open thread keeps; the oldest go first. */
const MAX_MESSAGES = 200;

const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/**
 * The open chat's newest messages, oldest at the top. Messages are kept by id, so a message told
 * twice (the send's answer, then the `messageAdded` event of the same send) is shown once.
 */
export class ThreadView {
  private messages = new Map<string, ThreadEntry>();
  chatId: string | null = null;

  constructor(
    private readonly section: HTMLElement,
    private readonly title: HTMLElement,
    private readonly list: HTMLOListElement,
  ) {}

  /** Empties the thread for a chat whose messages are being read. */
  open(chatId: string, title: string): void {
    this.chatId = chatId;
    this.messages.clear();
    this.section.dataset.chatId = chatId;
    this.section.dataset.state = 'loading';
    this.title.textContent = title;
    this.render();
  }

  /**
   * The messages a read returned, beside those events told while it was on its way (an event
   * can beat the read it is part of: kept by id, it is still shown once).
   */
  showRead(messages: readonly ThreadEntry[]): void {
    for (const message of messages) this.messages.set(message.id, message);
    this.section.dataset.state = 'ready';
    this.render();
  }

  /** Adds a message unless it is shown already. */
  add(message: ThreadEntry): void {
    if (this.messages.has(message.id)) return;
    this.messages.set(message.id, message);
    this.render();
  }

  private render(): void {
    const ordered = [...this.messages.values()]
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
      .slice(-MAX_MESSAGES);
    this.messages = new Map(ordered.map((message) => [message.id, message]));
    this.list.replaceChildren(...ordered.map(item));
    this.list.lastElementChild?.scrollIntoView({ block: 'end' });
  }
}

function item(message: ThreadEntry): HTMLLIElement {
  const entry = document.createElement('li');
  entry.dataset.messageId = message.id;
  entry.className = message.isFromCreator ? 'from-creator' : 'from-fan';
  const text = document.createElement('p');
  text.textContent = message.text;
  const time = document.createElement('time');
  time.dateTime = message.createdAt;
  time.textContent = TIME.format(new Date(message.createdAt));
  entry.append(text, time);
  return entry;
}
