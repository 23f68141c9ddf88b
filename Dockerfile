# syntax=docker/dockerfile:1
# chat-api: compiled with the dev dependencies, run with the production ones only.
#   docker build -t chat-api .
#   docker run -p 4000:4000 -e DATABASE_URL=postgres://… -e REDIS_URL=redis://… -e JWT_SECRET=… chat-api
# compose.yaml runs two instances behind nginx (deploy/nginx.conf) on PostgreSQL and Redis.
# Instances apply pending migrations at start; to apply them first, as a job of their own:
#   docker run --rm -e DATABASE_URL=postgres://… chat-api npm run migrate

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Dependencies first: this layer is rebuilt only when the lockfile or a patch changes.
# (npm ci's postinstall applies patches/.)
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
# Production: JWT_SECRET required, GraphiQL and introspection off, a 5 s shutdown delay for the
# load balancer. DATA_DIR is used only by the embedded database (no DATABASE_URL; one instance):
# mount a volume there to keep it.
ENV NODE_ENV=production \
    PORT=4000 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund \
    && npm cache clean --force \
    && mkdir /data && chown node:node /data
# The server, and the migrations compiled beside it (dist/migrations): it applies them at start.
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/migrations ./dist/migrations
# The image's unprivileged user; the code stays root-owned, so it cannot rewrite itself.
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["node", "dist/src/healthcheck.js"]
# Exec form, no npm or shell in between: node is PID 1 and gets SIGTERM itself, then drains
# (/ready 503 for SHUTDOWN_DELAY_MS, keep-alive connections retired, sockets closed with 1001).
# A young generation of up to 64 MB (npm start's flag too): an event fanned out to a thousand
# subscribers allocates in a burst, and Node's default 16 MB promotes much of it (bench/README.md).
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
