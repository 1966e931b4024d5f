import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

export interface CompressionOptions {
  /**
   * Smallest response body compressed, in bytes: below it, compressing saves less than it costs.
   * @default 1024
   */
  thresholdBytes?: number;
}

export type Encoding = 'br' | 'gzip';

/**
 * Bodies that are whole when the response is made: GraphQL results, the GraphiQL page, text.
 * Event streams and multipart (incremental delivery) are left alone: compressing them would hold
 * events back until a compressor's block fills.
 */
const WHOLE_BODY =
  /^(?:text\/html|text\/plain|application\/json|application\/graphql-response\+json)\b/i;
const PAGE = /^text\/html\b/i;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Fast settings: Brotli's quality 5 and gzip's level 6 compress the 9 MB GraphiQL page in
 * seconds, not the minutes Brotli's maximum takes, for a few percent more bytes.
 */
const compress: Record<Encoding, (body: Buffer) => Promise<Buffer>> = {
  br: (body) =>
    brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 5,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  gzip: (body) => gzipAsync(body),
};

/**
 * The encoding to answer with, from an Accept-Encoding header: Brotli, else gzip, if the client
 * accepts it with a weight above zero (`br;q=0` refuses it; `*` stands for any not named).
 */
export function negotiateEncoding(acceptEncoding: string | null): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const entry of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...parameters] = entry.split(';').map((part) => part.trim());
    const weight = parameters.find((parameter) => parameter.startsWith('q='));
    weights.set(name, weight === undefined ? 1 : Number(weight.slice(2)));
  }
  return (['br', 'gzip'] as const).find(
    (encoding) => (weights.get(encoding) ?? weights.get('*') ?? 0) > 0,
  );
}

/** Whether an If-None-Match header names the entity tag (weak comparison, as for GET). */
function matchesTag(ifNoneMatch: string | null, tag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (value: string) => value.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => {
    const trimmed = candidate.trim();
    return trimmed === '*' || opaque(trimmed) === opaque(tag);
  });
}

/**
 * Compresses whole response bodies above a threshold with Brotli or gzip, as the client's
 * Accept-Encoding allows, and lets browsers keep the GraphiQL page: every `text/html` answer to a
 * GET carries an entity tag and `Cache-Control: no-cache`, so a reload asks and gets a bodiless
 * 304 while the page is unchanged. The page is the same bytes on every request (its scripts and
 * styles are inline, ~9 MB): its compressed forms are made once per tag and kept.
 */
export function useCompression(options: CompressionOptions = {}): Plugin {
  const { thresholdBytes = 1024 } = options;
  // Keyed by entity tag and encoding: the page on /graphql and on /subgraph, in two encodings.
  const pages = new LRUCache<string, Promise<Buffer>>({ max: 8 });
  const compressPage = (tag: string, encoding: Encoding, body: Buffer) => {
    const key = `${tag} ${encoding}`;
    let compressed = pages.get(key);
    if (!compressed) {
      compressed = compress[encoding](body);
      pages.set(key, compressed);
      compressed.catch(() => pages.delete(key));
    }
    return compressed;
  };

  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      const type = response.headers.get('content-type');
      if (!type || !WHOLE_BODY.test(type) || response.headers.has('content-encoding')) return;
      const page = request.method === 'GET' && response.status === 200 && PAGE.test(type);
      const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
      const declared = response.headers.get('content-length');
      // Nothing to do, and the body is left unread: most answers take this path.
      if (!page && (!encoding || (declared !== null && Number(declared) < thresholdBytes))) return;

      const body = Buffer.from(await response.arrayBuffer());
      // Copied name by name, lower-cased: yoga's page response names its headers in mixed case,
      // and a Headers built from that one object would not find them by their lower-case names.
      const headers = new fetchAPI.Headers();
      for (const [name, value] of response.headers) headers.append(name.toLowerCase(), value);
      const init = { status: response.status, statusText: response.statusText, headers };
      headers.append('vary', 'Accept-Encoding');
      let tag: string | undefined;
      if (page) {
        tag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
        headers.set('etag', tag);
        headers.set('cache-control', 'no-cache');
        if (matchesTag(request.headers.get('if-none-match'), tag)) {
          headers.delete('content-length');
          setResponse(new fetchAPI.Response(null, { ...init, status: 304, statusText: '' }));
          return;
        }
      }
      if (!encoding || body.length < thresholdBytes) {
        setResponse(new fetchAPI.Response(body, init));
        return;
      }
      const compressed = tag
        ? await compressPage(tag, encoding, body)
        : await compress[encoding](body);
      headers.set('content-encoding', encoding);
      headers.set('content-length', String(compressed.length));
      // zlib's output owns a plain ArrayBuffer (never a shared one).
      setResponse(new fetchAPI.Response(compressed as Buffer<ArrayBuffer>, init));
    },
  };
}
