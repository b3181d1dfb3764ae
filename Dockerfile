# syntax=docker/dockerfile:1
#
# taskrouter-assigner: one image for every process (docs/deployment.md, "Containers").
#
#   docker build -t taskrouter-assigner .
#   docker run --env-file .env -p 3000:3000 taskrouter-assigner                 # all-in-one (default)
#   docker run --env-file .env -p 3000:3000 taskrouter-assigner node --max-old-space-size=384 --min-semi-space-size=16 --interrupt-budget=16384 dist/server.js   # web only
#   docker run --env-file .env --no-healthcheck taskrouter-assigner node --max-old-space-size=384 --min-semi-space-size=16 --interrupt-budget=16384 dist/worker.js  # worker only
#
# The worker serves no HTTP, so the HEALTHCHECK below cannot pass for it: run it with
# --no-healthcheck (docker-compose.yml sets `healthcheck: disable: true` for it).

ARG NODE_VERSION=20

# ---- build: compile TypeScript to dist/ ------------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` runs tsc, and the sources are not copied yet (this layer only
# changes when the lock file does). The build runs below, once they are.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies, compiled code, rules, nothing else -------------------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# package.json also carries "type": "module", without which dist/*.js would not load.
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` needs tsc, a devDependency that --omit=dev leaves out.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Routing rules (RULES_PATH defaults to config/rules.yaml, relative to /app); mount your own
# over /app/config. reference/ holds the OpenAPI document the built-in simulator reads.
COPY config ./config
COPY reference ./reference
# Files stay owned by root: the service can read its code and rules but not change them.
USER node
EXPOSE 3000
# No curl in the slim image: ask node itself. PORT is the web port (default 3000).
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(2500) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The process handles SIGTERM itself (bounded by SHUTDOWN_GRACE_MS), so no init wrapper is needed.
CMD ["node", "--max-old-space-size=384", "--min-semi-space-size=16", "--interrupt-budget=16384", "dist/main.js"]
