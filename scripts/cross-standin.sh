#!/usr/bin/env bash
# Prepares this machine for an end-to-end test of cross-compiling a Rust binary for
# linux/arm64 inside Docker WITHOUT QEMU (the build runs on linux/amd64 and links
# with a cross gcc; QEMU is only used afterwards, on the host, to run the result).
# Idempotent; seconds when warm.
#
#  1. Host (apt-get, only if missing):
#       qemu-user-static   qemu-aarch64-static, to run the arm64 binary on the host
#       libc6-arm64-cross  the arm64 loader/libc under /usr/aarch64-linux-gnu, so that
#                          `qemu-aarch64-static -L /usr/aarch64-linux-gnu BIN` runs
#                          dynamically linked arm64 binaries
#       libgcc-s1-arm64-cross  libgcc_s.so.1 for arm64 (same place): every Rust binary
#                          linked for *-linux-gnu needs it (unwinding)
#  2. Image projen-rust-docker/rust-cross-standin:1.96-bookworm (linux/amd64; built
#     unless present, or with --force), a STAND-IN for the official rust:1.96-bookworm
#     for cross builds: FROM the local debian:bookworm-slim stand-in + Debian
#     bookworm-security's rustc-web/cargo-web 1.96 (/usr/bin/rustc, /usr/bin/cargo; no
#     rustup), gcc libc6-dev binutils pkg-config ca-certificates, and the arm64
#     standard library (dpkg --add-architecture arm64; libstd-rust-web-dev:arm64 of the
#     same version), so `rustc --target aarch64-unknown-linux-gnu` works. No cross
#     gcc: the Dockerfiles under test install gcc-aarch64-linux-gnu themselves.
#     ENV CARGO_HOME=/usr/local/cargo PATH=/usr/local/cargo/bin:$PATH like the official
#     image. Labelled org.projen-rust-docker.stand-in=true.
#  3. Prints rustc -vV, cargo -V and the aarch64 target-libdir of the image.
#  4. With --check: smoke test of the whole chain. A throwaway BuildKit build FROM the
#     image installs gcc-aarch64-linux-gnu + libc6-dev-arm64-cross, builds `cargo new
#     hello` with --target aarch64-unknown-linux-gnu, exports the binary with
#     `docker build --output type=local,dest=DIR`, and the host runs it with
#     qemu-aarch64-static -L /usr/aarch64-linux-gnu: it must print "Hello, world!".
#
# Usage: scripts/cross-standin.sh [--force] [--check]
# Needs the local debian:bookworm-slim (scripts/base-images.sh makes it; run if missing)
# and the Debian apt mirror (host's /etc/apt/sources.list.d/debian.sources, which lists
# bookworm-security, is copied into the build). Needs root (apt-get).
# Env: DOCKER (client, default scripts/docker-client.sh),
#      BASE_IMAGES_CACHE (cache/lock dir, default /var/cache/projen-rust-docker).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${BASE_IMAGES_CACHE:-/var/cache/projen-rust-docker}
RUST_MINOR=1.96
TAG=projen-rust-docker/rust-cross-standin:${RUST_MINOR}-bookworm
DEBIAN_TAG=debian:bookworm-slim
TARGET=aarch64-unknown-linux-gnu
LABEL_KEY=org.projen-rust-docker.stand-in
SOURCES=/etc/apt/sources.list.d/debian.sources
HOST_PKGS=(qemu-user-static libc6-arm64-cross libgcc-s1-arm64-cross)
IMAGE_PKGS=(gcc libc6-dev binutils pkg-config ca-certificates)  # + rustc-web cargo-web libstd-rust-web-dev:arm64
T0=$SECONDS

say() { printf '[cross-standin] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

FORCE=0 CHECK=0
for a in "$@"; do
  case $a in
    --force) FORCE=1 ;;
    --check) CHECK=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$a' (expected --force, --check)" ;;
  esac
done

# --- 1. host packages ---------------------------------------------------------
installed() { [[ $(dpkg-query -W -f '${Status}' "$1" 2>/dev/null) == *'ok installed'* ]]; }

MISSING=()
for p in "${HOST_PKGS[@]}"; do installed "$p" || MISSING+=("$p"); done
if (( ${#MISSING[@]} )); then
  [[ $(id -u) -eq 0 ]] || die "not root: cannot apt-get install ${MISSING[*]}"
  say "installing on the host: ${MISSING[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/tmp/cross-standin-apt.log 2>&1; then
    apt-get update -qq >/dev/null || die "apt-get update failed (is the Debian mirror reachable?)"
    apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/tmp/cross-standin-apt.log 2>&1 \
      || { tail -20 /tmp/cross-standin-apt.log >&2; die "apt-get install ${MISSING[*]} failed (log: /tmp/cross-standin-apt.log)"; }
  fi
fi
command -v qemu-aarch64-static >/dev/null || die "qemu-aarch64-static missing after installing qemu-user-static"
for f in ld-linux-aarch64.so.1 libgcc_s.so.1; do
  [[ -e /usr/aarch64-linux-gnu/lib/$f ]] || die "/usr/aarch64-linux-gnu/lib/$f missing after installing ${HOST_PKGS[*]}"
done
say "host: $(qemu-aarch64-static --version | head -1); arm64 libc $(dpkg-query -W -f '${Version}' libc6-arm64-cross)"

# --- engine + client -----------------------------------------------------------
"$HERE/docker-engine.sh" >/dev/null || die "no docker engine (scripts/docker-engine.sh failed)"
DOCKER=$("$HERE/docker-client.sh")
export DOCKER_BUILDKIT=1
dk() { "$DOCKER" "$@"; }
have() { dk image inspect "$1" >/dev/null 2>&1; }

# The debian stand-in: made by base-images.sh, which serialises itself (its lock);
# running it here waits for a concurrent run instead of racing it.
if ! have "$DEBIAN_TAG"; then
  say "$DEBIAN_TAG missing: running scripts/base-images.sh"
  "$HERE/base-images.sh" >&2 || die "scripts/base-images.sh failed"
  have "$DEBIAN_TAG" || die "$DEBIAN_TAG still missing after scripts/base-images.sh"
fi

# --- 2. the image ----------------------------------------------------------------
build_image() {
  local ctx
  [[ -f $SOURCES ]] || die "$SOURCES missing: need the host's apt sources (with bookworm-security)"
  grep -q 'bookworm-security' "$SOURCES" || die "$SOURCES lists no bookworm-security (rustc-web $RUST_MINOR lives there)"
  ctx=$(mktemp -d)
  grep -v '^#' "$SOURCES" >"$ctx/debian.sources"
  cat >"$ctx/Dockerfile" <<EOF
FROM $DEBIAN_TAG
# Stand-in for the official rust:$RUST_MINOR-bookworm, for cross builds to $TARGET:
# Debian's rustc-web/cargo-web $RUST_MINOR (no rustup) + the arm64 standard library.
COPY debian.sources /etc/apt/sources.list.d/debian.sources
ENV CARGO_HOME=/usr/local/cargo \\
    PATH=/usr/local/cargo/bin:\$PATH
RUN set -eux; \\
    rm -f /etc/apt/sources.list; \\
    dpkg --add-architecture arm64; \\
    apt-get update; \\
    v=\$(apt-cache policy rustc-web | awk '/Candidate:/ {print \$2}'); \\
    case \$v in $RUST_MINOR.*) ;; *) echo "rustc-web candidate is '\$v', not $RUST_MINOR.x" >&2; exit 1 ;; esac; \\
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
      "rustc-web=\$v" "cargo-web=\$v" "libstd-rust-web-dev:arm64=\$v" ${IMAGE_PKGS[*]}; \\
    rm -rf /var/lib/apt/lists/*; \\
    mkdir -p /usr/local/cargo; chmod a+w /usr/local/cargo; \\
    test -x /usr/bin/rustc; test -x /usr/bin/cargo; \\
    ! command -v rustup; \\
    rustc -vV; cargo -V; \\
    test -d "\$(rustc --print target-libdir --target $TARGET)"
LABEL $LABEL_KEY=true \\
      org.opencontainers.image.description="stand-in for rust:$RUST_MINOR-bookworm (cross builds to $TARGET): debian stand-in + Debian rustc-web/cargo-web $RUST_MINOR + libstd-rust-web-dev:arm64, no rustup"
EOF
  say "building $TAG (linux/amd64; apt-get from the Debian mirror, a few minutes)"
  local nocache=()
  (( FORCE )) && nocache=(--no-cache)   # --force: fetch the packages again
  dk build "${nocache[@]}" --platform linux/amd64 --progress plain -t "$TAG" "$ctx" >"$CACHE/cross-standin-build.log" 2>&1 \
    || { rm -rf "$ctx"; tail -30 "$CACHE/cross-standin-build.log" >&2; die "building $TAG failed (log: $CACHE/cross-standin-build.log)"; }
  rm -rf "$ctx"
}

mkdir -p "$CACHE"
if (( FORCE )) || ! have "$TAG"; then
  t=$SECONDS
  old_id=$(dk image inspect -f '{{.Id}}' "$TAG" 2>/dev/null || true)
  build_image
  have "$TAG" || die "$TAG was not created"
  # --force: drop the replaced image if nothing else uses it (fails quietly otherwise).
  if [[ -n $old_id && $old_id != "$(dk image inspect -f '{{.Id}}' "$TAG")" ]]; then
    dk rmi "$old_id" >/dev/null 2>&1 || true
  fi
  say "built $TAG in $((SECONDS - t))s"
else
  say "$TAG present (use --force to rebuild)"
fi

# --- 3. verify -------------------------------------------------------------------
say "$TAG: $(dk image ls --format '{{.Size}}' "$TAG" | head -1), $(dk image inspect -f '{{.Os}}/{{.Architecture}}' "$TAG")"
dk run --rm "$TAG" sh -euc "
  rustc -vV
  cargo -V
  d=\$(rustc --print target-libdir --target $TARGET)
  test -d \"\$d\" || { echo \"target-libdir \$d missing\" >&2; exit 1; }
  echo \"target-libdir ($TARGET): \$d (\$(ls \"\$d\" | wc -l) files)\"
  if command -v rustup >/dev/null; then echo 'rustup present' >&2; exit 1; fi
" || die "$TAG: verification failed"

# --- 4. smoke test (--check) -----------------------------------------------------------
if (( CHECK )); then
  t=$SECONDS
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/ctx" "$tmp/out"
  cat >"$tmp/ctx/Dockerfile" <<EOF
FROM $TAG AS build
RUN apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gcc-aarch64-linux-gnu libc6-dev-arm64-cross \\
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
RUN cargo new --vcs none hello
WORKDIR /src/hello
ENV CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
RUN cargo build --release --target $TARGET

FROM scratch
COPY --from=build /src/hello/target/$TARGET/release/hello /hello
EOF
  say "--check: cross-building hello for $TARGET in a throwaway build"
  dk build --platform linux/amd64 --progress plain --output "type=local,dest=$tmp/out" "$tmp/ctx" \
    >"$CACHE/cross-standin-check.log" 2>&1 \
    || { tail -30 "$CACHE/cross-standin-check.log" >&2; die "--check: build failed (log: $CACHE/cross-standin-check.log)"; }
  [[ -f $tmp/out/hello ]] || die "--check: no hello exported to $tmp/out"
  say "--check: $(file -b "$tmp/out/hello" 2>/dev/null || echo '?')"
  out=$(qemu-aarch64-static -L /usr/aarch64-linux-gnu "$tmp/out/hello") \
    || die "--check: qemu-aarch64-static -L /usr/aarch64-linux-gnu hello failed"
  printf '%s\n' "$out"
  [[ $out == "Hello, world!" ]] || die "--check: expected 'Hello, world!', got '$out'"
  say "--check: OK in $((SECONDS - t))s (log: $CACHE/cross-standin-check.log)"
fi

say "done in $((SECONDS - T0))s"
