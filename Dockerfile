# Baton's app image (docker-compose.yml builds it): the app against the cluster named by ZEEBE_GRPC_ADDRESS.
# Node 24, the Active LTS line (Node 20 reached its end of life on 2026-04-30).
# Stage 1 installs everything and builds the app's bundles and the modeler UI (`npm run build`, `npm run
# build:ui`; install scripts are skipped because `prepare` would build before the sources are copied); stage 2
# keeps only the runtime dependencies, the sources, the bundles in dist/ (scripts/run-built.cjs runs them,
# rebuilding with esbuild, a runtime dependency, only if a source differs) and the built UI.

FROM node:24-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build && npm run build:ui

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --chown=node:node . .
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/modeler-ui/dist ./modeler-ui/dist
# DATA_DIR: the generated API key (and PGlite, when DATABASE_URL is unset) live here
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
ENV DATA_DIR=/app/.data
EXPOSE 3000
# what `npm start` runs, without npm in between: node gets SIGTERM straight from the init process (compose's
# `init: true`, or `docker run --init`) and shuts down cleanly within the stop timeout
CMD ["node", "scripts/run-built.cjs", "main"]
