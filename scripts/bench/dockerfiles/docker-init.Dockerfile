# docker init's Rust template, in its shape (test/fixtures/adoption/docker-init/Dockerfile).
# Adapted to build the benchmark service offline on Docker 20.10: no `# syntax=` line (the
# frontend image cannot be pulled), the heredoc written as `sh -c` (20.10's built-in frontend
# has no heredocs), the stand-in rust image, bind mounts for the cargo config and vendor/
# (the crates come from vendor/), and the cache mount ids suffixed per benchmark run
# (__RUN__ is replaced) so that each repetition's first build is cold.
ARG RUST_VERSION=1.95
ARG APP_NAME=bench-service

FROM rust:${RUST_VERSION}-bookworm AS build
ARG APP_NAME
WORKDIR /app

RUN --mount=type=bind,source=src,target=src \
    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    --mount=type=bind,source=Cargo.lock,target=Cargo.lock \
    --mount=type=bind,source=.cargo,target=.cargo \
    --mount=type=bind,source=vendor,target=vendor \
    --mount=type=cache,id=docker-init-target-__RUN__,target=/app/target/ \
    --mount=type=cache,id=docker-init-git-__RUN__,target=/usr/local/cargo/git/db \
    --mount=type=cache,id=docker-init-registry-__RUN__,target=/usr/local/cargo/registry/ \
    sh -c 'set -e; cargo build --locked --release; cp ./target/release/$APP_NAME /bin/server'

FROM debian:bookworm-slim AS final
ARG UID=10001
RUN adduser \
    --disabled-password \
    --gecos "" \
    --home "/nonexistent" \
    --shell "/sbin/nologin" \
    --no-create-home \
    --uid "${UID}" \
    appuser
USER appuser
COPY --from=build /bin/server /bin/
EXPOSE 8000
CMD ["/bin/server"]
