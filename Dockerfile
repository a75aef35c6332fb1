# syntax=docker/dockerfile:1
# Anomalog: the detector service and the `anomalog` command line (serve, generate, score...).
#   docker build -t anomalog .
#   docker run -p 4317:4317 -p 4318:4318 -p 9464:9464 anomalog
# The image's own /etc/anomalog/anomalog.yaml writes enriched records to stdout; mount your own
# (docker-compose.yml mounts provisioning/anomalog/anomalog.yaml, which exports to Loki).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: compile the two Node packages (the Grafana panel is built on the host, not here)
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Every workspace's package.json, so the lockfile matches; only the service's workspaces install.
COPY package.json package-lock.json ./
COPY collector-processor/package.json collector-processor/
COPY detector-service/package.json detector-service/
COPY grafana-panel/package.json grafana-panel/
COPY provisioning/package.json provisioning/
RUN npm ci --no-audit --no-fund --include-workspace-root \
      --workspace collector-processor --workspace detector-service
COPY tsconfig.json tsconfig.base.json ./
COPY collector-processor/ collector-processor/
COPY detector-service/ detector-service/
RUN npx tsc -b collector-processor detector-service

# ---- runtime: production dependencies and the compiled output only
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY collector-processor/package.json collector-processor/
COPY detector-service/package.json detector-service/
COPY grafana-panel/package.json grafana-panel/
COPY provisioning/package.json provisioning/
RUN npm ci --omit=dev --no-audit --no-fund \
      --workspace collector-processor --workspace detector-service \
    && npm cache clean --force
COPY --from=build /src/collector-processor/dist/ collector-processor/dist/
COPY --from=build /src/detector-service/dist/ detector-service/dist/
# The embedded default configuration is read from src/config/default.yaml at run time.
COPY detector-service/src/config/default.yaml detector-service/src/config/default.yaml
COPY provisioning/anomalog/anomalog-standalone.yaml /etc/anomalog/anomalog.yaml

# Learned state lives in /var/lib/anomalog/state (a volume in docker-compose.yml); the process
# runs as the image's unprivileged `node` user.
RUN mkdir -p /var/lib/anomalog/state && chown -R node:node /var/lib/anomalog
USER node
VOLUME ["/var/lib/anomalog/state"]

# OTLP gRPC, OTLP HTTP, and /metrics + /healthz + /readyz + admin API (docs/contracts.md).
EXPOSE 4317 4318 9464

HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["node", "--single-threaded-gc", "/app/detector-service/dist/cli/main.js"]
CMD ["serve", "--config", "/etc/anomalog/anomalog.yaml"]
