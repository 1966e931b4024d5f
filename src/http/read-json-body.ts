import { UpstreamInvalidResponseError } from './errors.ts';
import type { VendorCallSite } from './vendor-http-events.ts';

/**
 * An answer's body parsed as JSON (null when empty), with its text (kept answers are measured
 * and shared by it). A body that breaks off fails with the stream's own error, for the caller to
 * classify (a stalled body is a timeout, a cut one a truncated response); a body that is not JSON
 * is an invalid response.
 */
export async function readJsonBody(
  body: { text(): Promise<string> },
  site: VendorCallSite,
  status: number,
): Promise<{ body: unknown; text: string }> {
  const text = await body.text();
  try {
    return { body: text === '' ? null : JSON.parse(text), text };
  } catch (error) {
    throw new UpstreamInvalidResponseError(
      `${site.vendor} ${site.route}: the response is not valid JSON`,
      { ...site, status, cause: error },
    );
  }
}
