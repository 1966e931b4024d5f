// Serves the web inbox: its page, its bundle (dist/, from build.mjs) and where chatgraph is. It
// proxies nothing: the page calls chatgraph itself, so chatgraph's CORS must let this origin in
// (server.cors.origins; every origin is let in outside production by default).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';

/** @param {string} path a path in this folder */
const here = (path) => new URL(path, import.meta.url);

// chatgraph's origin, as the other examples take it: http://127.0.0.1:4000 by default.
const chatgraph = new URL(process.env.CHATGRAPH_URL ?? 'http://127.0.0.1:4000').origin;
const port = Number(process.env.PORT ?? 4300);
const host = process.env.HOST ?? '127.0.0.1';

/** Every path the server answers, read once: nothing else on disk is reachable. */
const FILES = new Map([
  ['/', { type: 'text/html; charset=utf-8', body: await readFile(here('public/index.html')) }],
  [
    '/style.css',
    { type: 'text/css; charset=utf-8', body: await readFile(here('public/style.css')) },
  ],
  [
    '/app.js',
    { type: 'text/javascript; charset=utf-8', body: await readFile(here('dist/app.js')) },
  ],
  [
    '/config.json',
    { type: 'application/json', body: JSON.stringify({ graphqlUrl: `${chatgraph}/graphql` }) },
  ],
]);

// The page runs its own script and style only, and may connect to itself and chatgraph alone.
const HEADERS = {
  'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' ${chatgraph}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const server = createServer((request, response) => {
  const file = FILES.get(new URL(request.url ?? '/', 'http://page').pathname);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...HEADERS, allow: 'GET, HEAD' }).end();
  } else if (!file) {
    response.writeHead(404, { ...HEADERS, 'content-type': 'text/plain' }).end('Not found\n');
  } else {
    response.writeHead(200, { ...HEADERS, 'content-type': file.type });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }
});

server.listen(port, host, () => {
  const address = server.address();
  const origin = `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
  console.log(`web inbox on ${origin} (chatgraph at ${chatgraph})`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
  });
}
