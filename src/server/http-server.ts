import {
  createServer,
  maxHeaderSize,
  type RequestListener,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_CODES, type ErrorCode } from '../errors/error-codes.ts';

/** How each kind of malformed request is answered: code, reason phrase, message. */
function answerFor(error: NodeJS.ErrnoException, limit: number): [ErrorCode, string, string] {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return [
        'REQUEST_HEADER_FIELDS_TOO_LARGE',
        'Request Header Fields Too Large',
        `The request line and headers exceed ${limit} bytes: send a long query with POST, in the body.`,
      ];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return ['REQUEST_TIMEOUT', 'Request Timeout', 'The request did not arrive in time.'];
    default:
      return ['BAD_REQUEST', 'Bad Request', 'The request is not valid HTTP.'];
  }
}

/**
 * Answers a request Node's HTTP parser refused (headers over the limit, malformed HTTP, too slow)
 * as the gateway answers every refusal: JSON with a coded error, instead of Node's empty body.
 * Nothing is written on a socket that already carries part of a response: that would corrupt it.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, limit: number): void {
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [code, reason, message] = answerFor(error, limit);
  const { status } = ERROR_CODES[code];
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * The gateway's HTTP server (`npm start` and the tests serve the app through it): Node's server
 * with the app as its handler, and requests Node itself refuses answered in JSON with a code:
 * 431 `REQUEST_HEADER_FIELDS_TOO_LARGE` (request line and headers over `maxHeaderSize`, 16 KB by
 * default), 408 `REQUEST_TIMEOUT`, 400 `BAD_REQUEST` for anything else that is not valid HTTP.
 * `options` are Node's own (`requestTimeout`, `maxHeaderSize`, …), its defaults when absent.
 */
export function createHttpServer(app: RequestListener, options: ServerOptions = {}): Server {
  const server = createServer(options, app);
  const limit = options.maxHeaderSize ?? maxHeaderSize;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) =>
    answerClientError(error, socket, limit),
  );
  return server;
}
