import type { InboxRowFragment } from '../generated/graphql.js';

/** The most chats the inbox keeps; an older chat drops off the end as newer ones arrive. */
const MAX_ROWS = 50;

/** When a chat last moved (its last message, or the vendor's activity time); null: not known. */
function activityOf(row: InboxRowFragment): number | null {
  const times = [row.lastActivityAt, row.lastMessage?.createdAt].flatMap((time) =>
    time ? [Date.parse(time)] : [],
  );
  return times.length > 0 ? Math.max(...times) : null;
}

export function partnerName(row: Pick<InboxRowFragment, 'partner'>): string {
  return row.partner.displayName || (row.partner.username ? `@${row.partner.username}` : 'a fan');
}

/**
 * The unified inbox: one row per chat (partner, last message, unread count), the most recently
 * active first. A read shows chatgraph's order as it is. A row read and a row a `chatUpdated`
 * event tells are the same fragment, so an event replaces its row, which moves above every chat
 * that has been quiet since (to the top, for a new message); a chat not shown yet joins there.
 */
export class InboxView {
  private rows: InboxRowFragment[] = [];
  private selected: string | null = null;

  constructor(
    private readonly list: HTMLOListElement,
    onOpen: (row: InboxRowFragment) => void,
  ) {
    list.addEventListener('click', (event) => {
      const item = (event.target as Element).closest<HTMLElement>('li[data-chat-id]');
      const row = item && this.rows.find((shown) => shown.id === item.dataset.chatId);
      if (row) onOpen(row);
    });
  }

  showAll(rows: readonly InboxRowFragment[]): void {
    this.rows = [...rows];
    this.render();
  }

  update(row: InboxRowFragment): void {
    const at = this.rows.findIndex((shown) => shown.id === row.id);
    const others = this.rows.filter((shown) => shown.id !== row.id);
    const time = activityOf(row);
    // A row with no time keeps its place (or goes last); one with a time goes above older ones.
    let index =
      time === null
        ? at === -1
          ? others.length
          : at
        : others.findIndex((other) => (activityOf(other) ?? Number.NEGATIVE_INFINITY) <= time);
    if (index === -1) index = others.length;
    others.splice(index, 0, row);
    this.rows = others;
    this.render();
  }

  /** A read mark changes the count only: the row keeps its place. */
  setUnread(chatId: string, unreadCount: number): void {
    this.rows = this.rows.map((row) => (row.id === chatId ? { ...row, unreadCount } : row));
    this.render();
  }

  select(chatId: string): void {
    this.selected = chatId;
    this.render();
  }

  private render(): void {
    this.rows = this.rows.slice(0, MAX_ROWS);
    this.list.replaceChildren(...this.rows.map((row) => this.item(row)));
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
