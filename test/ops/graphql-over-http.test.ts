import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatgraphProcess, startChatgraph } from './support/chatgraph-process.ts';

/**
 * The GraphQL over HTTP spec's audits (graphql-http's `serverAudits`) against a running
 * chatgraph: `npm start` in sandbox mode, on a real port, gateway tokens off.
 */
let chatgraph: ChatgraphProcess;

beforeAll(async () => {
  chatgraph = await startChatgraph();
});
afterAll(() => chatgraph.stop());

const url = () => chatgraph.url;

/**
 * chatgraph's CSRF prevention refuses a GET that carries neither `x-graphql-yoga-csrf` nor
 * `apollo-require-preflight` (README, Limits): browsers cannot add such a header to a cross-site
 * request without a preflight. A real client sends one; this fetch adds it to every request, as
 * such a client would.
 */
const withCsrfHeader: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('x-graphql-yoga-csrf', 'graphql-http audit');
  return fetch(input, { ...init, headers });
};

describe('GraphQL over HTTP compliance', () => {
  describe('a client that sends the CSRF-prevention header', () => {
    for (const audit of serverAudits({ url, fetchFn: withCsrfHeader })) {
      it(`${audit.id} ${audit.name}`, async () => {
        const result = await audit.fn();
        expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
      });
    }
  });

  describe('a client that sends no CSRF-prevention header', () => {
    // Every MUST and SHOULD still passes; only the optional (MAY) GET audits are refused (403),
    // which is what CSRF prevention is for.
    for (const audit of serverAudits({ url })) {
      const optional = audit.name.startsWith('MAY');
      it(`${audit.id} ${audit.name}${optional ? ' (not failed)' : ''}`, async () => {
        const result = await audit.fn();
        if (optional) expect(result.status).not.toBe('error');
        else
          expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
      });
    }
  });
});
