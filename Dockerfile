# Triage: multi-stage build; the runtime image runs as a non-root user with the default model
# (models/default + its base encoder models/base/multilingual-e5-small) and the sample
# knowledge base inside. Configuration by environment (TRIAGE_*; see README, "Configuration").
#
# Not built on the development machines (no registry for base images there). The build step is
# .ci/run's (C compiler for the bundled oniguruma, then cargo), in the release profile.

FROM rust:1-bookworm AS build
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin triage

FROM debian:bookworm-slim
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin triage
WORKDIR /app
COPY --from=build /src/target/release/triage /usr/local/bin/triage
COPY --chown=root:root models/default models/default
COPY --chown=root:root models/base/multilingual-e5-small models/base/multilingual-e5-small
COPY --chown=root:root kb/default.jsonl kb/default.jsonl
COPY --chown=root:root policy policy
# Beyond loopback the server needs API keys (mount the keys file, e.g. from a Secret).
ENV TRIAGE_ADDR=0.0.0.0:8080 \
    TRIAGE_MODEL=models/default \
    TRIAGE_KEYS=/etc/triage/keys.toml \
    TRIAGE_LOG=info
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=2s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["triage", "serve"]
