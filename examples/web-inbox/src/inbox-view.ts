import type { InboxRowFragment } from '../generated/graphql.js';

/** The most chats the inbox keeps; an older chat drops off the end as newer ones arrive. */
const MAX_ROWS = 50;

/** When a chat last moved: its last message's time, or the vendor's activity time. */
function activityOf(row: InboxRowFragment): number {
  const times = [row.lastActivityAt, row.lastMessage?.createdAt].map((time) =>
    time ? Date.parse(time) : 0,
  );
  return Math.max(...times);
}

export function partnerName(row: Pick<InboxRowFragment, 'partner'>): string {
  return row.partner.displayName || (row.partner.username ? `@${row.partner.username}` : 'a fan');
}

/**
 * The unified inbox: one row per chat (partner, last message, unread count), the most recently
 * active first. A row read and a row a `chatUpdated` event tells are the same fragment, so an
 * event simply replaces its row, and a chat not shown yet joins at its place.
 */
export class InboxView {
  private rows = new Map<string, InboxRowFragment>();
  private selected: string | null = null;

  constructor(
    private readonly list: HTMLOListElement,
    onOpen: (row: InboxRowFragment) => void,
  ) {
    list.addEventListener('click', (event) => {
      const item = (event.target as Element).closest<HTMLElement>('li[data-chat-id]');
      const row = item && this.rows.get(item.dataset.chatId!);
      if (row) onOpen(row);
    });
  }

  showAll(rows: readonly InboxRowFragment[]): void {
    this.rows = new Map(rows.map((row) => [row.id, row]));
    this.render();
  }

  update(row: InboxRowFragment): void {
    this.rows.set(row.id, row);
    this.render();
  }

  setUnread(chatId: string, unreadCount: number): void {
    const row = this.rows.get(chatId);
    if (row) this.update({ ...row, unreadCount });
  }

  select(chatId: string): void {
    this.selected = chatId;
    this.render();
  }

  private render(): void {
    const ordered = [...this.rows.values()]
      .sort((a, b) => activityOf(b) - activityOf(a))
      .slice(0, MAX_ROWS);
    this.rows = new Map(ordered.map((row) => [row.id, row]));
    this.list.replaceChildren(...ordered.map((row) => this.item(row)));
  }

  /** One row; text goes in as text, never as markup, whatever a fan wrote. */
  private item(row: InboxRowFragment): HTMLLIElement {
    const item = document.createElement('li');
    item.dataset.chatId = row.id;
    item.dataset.unread = String(row.unreadCount);
    if (row.id === this.selected) item.setAttribute('aria-current', 'true');
    const button = document.createElement('button');
    button.type = 'button';
    const name = document.createElement('span');
    name.className = 'partner';
    name.textContent = partnerName(row);
    const platform = document.createElement('span');
    platform.className = 'platform';
    platform.textContent = row.platform.toLowerCase();
    const last = document.createElement('span');
    last.className = 'last-message';
    const message = row.lastMessage;
    // A message of media alone has no text.
    const text = message && (message.text || 'Attachment');
    last.textContent = message ? `${message.isFromCreator ? 'You: ' : ''}${text}` : '';
    button.append(name, platform, last);
    if (row.unreadCount > 0) {
      const unread = document.createElement('span');
      unread.className = 'unread';
      unread.textContent = String(row.unreadCount);
      unread.title = `${row.unreadCount} unread`;
      button.append(unread);
    }
    item.append(button);
    return item;
  }
}
