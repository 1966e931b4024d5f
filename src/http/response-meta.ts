import type { RateLimitFigures } from './rate-limit-figures.ts';
import type { ResponseHeaders } from './vendor-request.ts';

/** What a vendor's answer says about the call beyond its data: what it cost, what is left. */
export interface ResponseMeta {
  /** Credits the vendor reports spending on the call; 0 where it does not count credits. */
  credits: number;
  /** The vendor's rate-limit figures, null when the answer says nothing about them. */
  rateLimits: RateLimitFigures | null;
}

/**
 * Reads a {@link ResponseMeta} from an answer. `body` is the parsed JSON, or `undefined` when the
 * body could not be read or parsed (the headers still count); `now` is the time (epoch
 * milliseconds) a reset given as "seconds from now" counts from. A reader never throws.
 */
export type ResponseMetaReader = (
  body: unknown,
  headers: ResponseHeaders,
  now: number,
) => ResponseMeta;

/** The reader of a vendor that reports nothing: no credits, no rate-limit figures. */
export const readNoResponseMeta: ResponseMetaReader = () => ({ credits: 0, rateLimits: null });
