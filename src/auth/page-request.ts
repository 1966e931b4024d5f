/** One media range of an Accept header, with its weight. */
interface MediaRange {
  type: string;
  quality: number;
}

function mediaRanges(accept: string): MediaRange[] {
  return accept.split(',').map((part) => {
    const [type = '', ...parameters] = part.split(';').map((piece) => piece.trim());
    const q = parameters.find((parameter) => /^q=/i.test(parameter));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return { type: type.toLowerCase(), quality: Number.isFinite(quality) ? quality : 0 };
  });
}

/**
 * Whether an Accept header prefers an HTML page to anything else: `text/html` has the highest
 * weight, and comes first among the ranges of that weight (as a browser's navigation asks).
 */
export function prefersHtml(accept: string | null): boolean {
  if (!accept) return false;
  const ranges = mediaRanges(accept);
  const best = Math.max(...ranges.map((range) => range.quality));
  return best > 0 && ranges.find((range) => range.quality === best)?.type === 'text/html';
}

/**
 * Whether a request is a browser asking for the GraphiQL page: a GET that prefers HTML. Such a
 * request is answered with the page and never executed, whatever its query string holds (GraphiQL
 * itself writes the query into the address bar, so a reload must get the page again).
 */
export function isPageRequest(request: Request): boolean {
  return request.method === 'GET' && prefersHtml(request.headers.get('accept'));
}
