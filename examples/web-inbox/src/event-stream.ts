/** One event of a `text/event-stream` body: its name (`next`, `complete`, …) and its data. */
export interface StreamEvent {
  event: string;
  data: string;
}

/** An event larger than this ends the stream: a page holds no unbounded buffer. */
const MAX_EVENT_CHARACTERS = 1_000_000;

/**
 * Reads a Server-Sent Events body as GraphQL over SSE sends it (`event: next` / `data: {…}`, a
 * blank line after each event, `:` comment lines as keep-alive pings). EventSource would do this,
 * but it cannot send an `Authorization` header, so the page reads the fetch body itself.
 */
export async function* readEventStream(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<StreamEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      // Normalised on the whole buffer, so a CR LF split across two chunks still joins.
      buffer = (buffer + decoder.decode(value, { stream: true })).replace(/\r\n/g, '\n');
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const event = parseEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event) yield event;
      }
      if (buffer.length > MAX_EVENT_CHARACTERS) {
        throw new Error(`an event of the stream is longer than ${MAX_EVENT_CHARACTERS} characters`);
      }
    }
  } finally {
    // Ends the response when the reader stops early (a closed page, an error, a `complete`).
    await reader.cancel().catch(() => {});
  }
}

/** The fields of one event's lines; null for a block of comments only (a ping). */
function parseEvent(block: string): StreamEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length === 0 && event === 'message' ? null : { event, data: data.join('\n') };
}
