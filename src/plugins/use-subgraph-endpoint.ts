import type { Plugin } from 'graphql-yoga';

/** Anything that answers a fetch Request: a yoga app, a gateway runtime. */
export interface FetchApp {
  fetch(request: Request, ...serverContext: never[]): Response | Promise<Response>;
}

export interface SubgraphEndpointOptions {
  /** The app that answers on `path`: chatgraph built from `subgraphSchema`, its endpoint `path`. */
  app: FetchApp;
  /**
   * Where the subgraph is served, beside the plain schema's /graphql.
   * @default '/subgraph'
   */
  path?: string;
}

/**
 * Serves a second app on one path of this one: how `mode: 'both'` answers the federation subgraph
 * on /subgraph and the published schema on /graphql from one listener. Add it first, so the
 * request reaches the mounted app untouched; that app runs its own plugins (auth, limits, cost).
 */
export function useSubgraphEndpoint(options: SubgraphEndpointOptions): Plugin {
  const { app, path = '/subgraph' } = options;
  return {
    onRequest({ url, request, serverContext, endResponse }) {
      if (url.pathname !== path && url.pathname !== `${path}/`) return;
      return Promise.resolve(app.fetch(request, serverContext as never)).then(endResponse);
    },
  };
}
