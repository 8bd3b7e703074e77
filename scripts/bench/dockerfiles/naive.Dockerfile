# The naive Dockerfile: copy everything, build, run from the build image (one stage).
FROM rust:1.95-bookworm
WORKDIR /app
COPY . .
RUN cargo build --release
CMD ["./target/release/bench-service"]
