# syntax=docker/dockerfile:1
# chatgraph: production image. Build: docker build -t chatgraph .
# Run (see README, Operations): docker run -p 4000:4000 -v ./chatgraph.json:/config/chatgraph.json:ro \
#   -e CHATGRAPH_CONFIG=/config/chatgraph.json -e ONLYFANSAPI_API_KEY -e OFAUTH_API_KEY chatgraph

# Stage 1: the bundle `npm start` runs (dist/), built from the sources with esbuild.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build.mjs ./scripts/build.mjs
COPY src ./src
RUN npm run build

# Stage 2: production dependencies only, from the lockfile.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Stage 3: the runtime. No compilers, no dev dependencies, no npm cache; runs as `node`.
FROM node:24-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
# Owned by root and read-only to the `node` user: the process cannot change its own code.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
# `node` itself is PID 1 (not npm, which does not forward signals): SIGTERM reaches chatgraph,
# which stops accepting, lets requests in flight finish (SHUTDOWN_GRACE_MS) and exits 0.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--heap-growing-percent=60", "--no-compilation-cache", "--enable-source-maps", "dist/main.js"]
