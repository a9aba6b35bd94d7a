# Paimy — Slack app. HTTP mode listens on $PORT (3000); the embedded PGlite store lives in /data.
#
#   docker build -t paimy .
#   docker run --init --env-file .env -p 3000:3000 -v paimy-data:/data --stop-timeout 60 paimy
#
# --stop-timeout gives answers already under way time to finish on `docker stop`.
# In Socket Mode (SLACK_APP_TOKEN set) there is no HTTP server, so /healthz is not served:
# run with --no-healthcheck.
FROM node:24-bookworm-slim

ENV NODE_ENV=production \
    PAIMY_DATA_DIR=/data

WORKDIR /app
RUN chown node:node /app \
 && mkdir -p /data \
 && chown node:node /data

USER node

# Dependencies first, from the committed lockfile, so code changes reuse this layer.
# esbuild (the build) and tsx (the embedded store's short-lived set-up process) are
# production dependencies.
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

COPY --chown=node:node tsconfig.json ./
COPY --chown=node:node scripts/ ./scripts/
COPY --chown=node:node src/ ./src/
COPY --chown=node:node supabase/ ./supabase/
RUN node scripts/build.mjs

VOLUME ["/data"]
EXPOSE 3000

# Slim images have no curl: use Node's built-in fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# What `npm start` runs (package.json), started directly: no npm process kept resident, and
# `docker stop`'s SIGTERM reaches Paimy, which stops taking requests, finishes in-flight
# answers and exits 0. Why these flags: README, "Memory".
ENV MALLOC_ARENA_MAX=2
CMD ["node", "--max-semi-space-size=2", "--v8-pool-size=1", "--heap-growing-percent=50", "dist/main.mjs"]
