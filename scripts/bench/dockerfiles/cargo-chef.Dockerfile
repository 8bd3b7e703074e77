# cargo-chef, in the shape its README documents (planner → recipe.json → cook → build).
# NOT RUN by the benchmark: cargo-chef cannot be installed offline (no crates.io, and Debian
# does not package it), and its image (lukemathwalker/cargo-chef) cannot be pulled here.
FROM lukemathwalker/cargo-chef:latest-rust-1 AS chef
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /app/recipe.json recipe.json
# Build dependencies - this is the caching Docker layer!
RUN cargo chef cook --release --recipe-path recipe.json
# Build application
COPY . .
RUN cargo build --release --bin bench-service

FROM debian:bookworm-slim AS runtime
WORKDIR /app
COPY --from=builder /app/target/release/bench-service /usr/local/bin
ENTRYPOINT ["/usr/local/bin/bench-service"]
