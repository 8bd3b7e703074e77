# The source article's cached Dockerfile ("Realistic build with caching and security"), in its
# shape. Adapted only as needed to build the benchmark service offline: the stand-in rust image
# tag (1.95 instead of 1.80), the binary name, and the cargo config + vendor/ copied before
# `cargo fetch` (crates.io is unreachable here; the crates come from vendor/).
# Stage 1: Builder with dependency caching.
FROM rust:1.95-bookworm AS builder
WORKDIR /app
# Copy manifests first to leverage Docker layer caching.
# If only source changes, dependencies are reused from cache.
COPY Cargo.toml Cargo.lock ./
COPY .cargo .cargo
COPY vendor vendor
# Fetch dependencies to populate the cache layer.
# This separates dependency resolution from source compilation.
RUN cargo fetch
# Copy source code after manifests.
# Changes here invalidate the build layer but not the dependency layer.
COPY . .
# Compile the release binary.
RUN cargo build --release

# Stage 2: Runtime with minimal dependencies.
FROM debian:bookworm-slim
# Install ca-certificates if the app makes HTTPS requests.
# Rust binaries often need certificates for TLS verification.
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
# Copy the binary from the builder stage.
COPY --from=builder /app/target/release/bench-service /usr/local/bin/
# Create a non-root user for security.
# Running as root is dangerous if the container is compromised.
RUN useradd --create-home appuser
USER appuser
CMD ["bench-service"]
