/** A delivery's raw body, or why it was not read. */
export type WebhookBody =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'too-large' | 'bad-length' };

const CONTENT_LENGTH = /^\d+$/;

/**
 * Reads a delivery's raw bytes, at most `maxBytes`: a body that announces more is refused before
 * a byte is read, and one sent without a length (chunked) is counted as it streams and dropped
 * the moment it passes the limit, so a delivery never holds more than `maxBytes` of memory.
 */
export async function readWebhookBody(request: Request, maxBytes: number): Promise<WebhookBody> {
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    if (!CONTENT_LENGTH.test(declared)) return { ok: false, reason: 'bad-length' };
    if (Number(declared) > maxBytes) return { ok: false, reason: 'too-large' };
  }
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: 'too-large' };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}
