import type { Plugin } from 'graphql-yoga';
import { refusalResponse } from '../errors/coded-errors.ts';

export interface BodyLimitOptions {
  /**
   * Largest request body accepted, in bytes.
   * @default 1048576
   */
  maxBytes?: number;
}

const CONTENT_LENGTH = /^\d+$/;

/**
 * Refuses request bodies over the limit before they are read. A body must announce its length:
 * without one its size could only be learned by reading it all. The HTTP server holds a body to
 * its announced length, so nothing needs to count the bytes as they are read (yoga's own
 * streaming limit is turned off: it re-wrapped every body in a stream and a new Request).
 */
export function useBodyLimit(options: BodyLimitOptions = {}): Plugin {
  const { maxBytes = 1_048_576 } = options;
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (request.method !== 'POST') return;
      const declared = request.headers.get('content-length');
      if (declared === null) {
        endResponse(
          refusalResponse(
            fetchAPI,
            'LENGTH_REQUIRED',
            'Send the request body with a Content-Length.',
          ),
        );
      } else if (!CONTENT_LENGTH.test(declared)) {
        endResponse(
          refusalResponse(
            fetchAPI,
            'BAD_REQUEST',
            'The Content-Length header is not a byte count.',
          ),
        );
      } else if (Number(declared) > maxBytes) {
        endResponse(
          refusalResponse(
            fetchAPI,
            'PAYLOAD_TOO_LARGE',
            `The request body exceeds ${maxBytes} bytes.`,
          ),
        );
      }
    },
  };
}
