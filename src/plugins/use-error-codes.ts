import type { Plugin } from 'graphql-yoga';
import { refusalError, refusalResponse } from '../errors/coded-errors.ts';
import type { ErrorCode } from '../errors/error-codes.ts';

/** The code a refusal gets from its HTTP status when nothing gave it one. */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

type ErrorShape = { message: string; extensions?: Record<string, unknown> };

/**
 * Gives every error an `extensions.code`, and keeps the request body out of errors. Refusals made by
 * graphql-js and graphql-yoga themselves (a variable of the wrong type, an operation the schema
 * does not have, a missing CSRF header, a body that is not JSON) carry no code of their own, and
 * a parse failure's original message quotes the request body.
 */
export function useErrorCodes(): Plugin {
  const codeFor = (error: ErrorShape, status: number | undefined): ErrorCode => {
    if (
      /^Variable "\$[^"]+" (got invalid value|of required type|of non-null type)/.test(
        error.message,
      )
    ) {
      return 'BAD_USER_INPUT';
    }
    if (/^Schema is not configured to execute/.test(error.message))
      return 'OPERATION_NOT_SUPPORTED';
    if (/CSRF/.test(error.message)) return 'CSRF_HEADER_REQUIRED';
    return CODE_BY_STATUS[status ?? 400] ?? 'BAD_REQUEST';
  };
  // In place: the errors belong to this response alone, and yoga reads their other extensions
  // (the HTTP status) after this hook.
  const fix = (error: ErrorShape): void => {
    const extensions = (error.extensions ?? {}) as Record<string, unknown>;
    const status = (extensions.http as { status?: number } | undefined)?.status;
    if (typeof extensions.code !== 'string') extensions.code = codeFor(error, status);
    if (!error.extensions) Object.assign(error, { extensions });
  };
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          // The parser's own error quotes the body it could not read: answer without it.
          if (error instanceof Error && /invalid JSON/i.test(error.message)) {
            throw refusalError('BAD_REQUEST', 'The request body is not valid JSON.');
          }
          throw error;
        }
      });
    },
    // Yoga answers an Accept no result can be written in (a subscription asked for as JSON) with
    // a bare 406: give it a body with its code, as every refusal has.
    onResponse({ response, setResponse, fetchAPI }) {
      if (response.status !== 406 || response.headers.has('content-type')) return;
      setResponse(
        refusalResponse(
          fetchAPI,
          'NOT_ACCEPTABLE',
          'The Accept header names no media type this answer can be written in: a subscription streams as text/event-stream (or runs over WebSocket); other operations answer application/graphql-response+json or application/json.',
        ),
      );
    },
    onResultProcess({ result }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      if (
        !result.errors?.some(
          (error) => typeof error.extensions?.code !== 'string' || error.extensions?.originalError,
        )
      ) {
        return;
      }
      for (const error of result.errors) fix(error);
    },
  };
}
