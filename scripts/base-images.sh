#!/usr/bin/env bash
# Makes sure the base images the generated Dockerfiles use exist locally, with
# their exact tags (idempotent; seconds when warm):
#
#   debian:bookworm-slim
#   rust:<toolchain major.minor>-bookworm        (1.95 here) + extra tags given as args
#   gcr.io/distroless/cc-debian12:nonroot
#   gcr.io/distroless/static-debian12:nonroot
#
# Usage: scripts/base-images.sh [rust:1.80-bookworm | 1.80 ...]
#
# For each missing tag it first tries `docker pull` (short timeout). Where no
# registry is reachable it assembles a STAND-IN offline, labelled
# org.projen-rust-docker.stand-in=true:
#   - debian:bookworm-slim  debootstrap --variant=minbase, slimmed like the real one
#   - rust:*-bookworm        FROM the debian stand-in + the packages of
#                            buildpack-deps:bookworm (the real image's base: -dev
#                            packages such as libpq-dev, libsqlite3-dev, libssl-dev,
#                            default-libmysqlclient-dev, zlib1g-dev; all but the
#                            imagemagick ones), with the machine's rustup toolchain
#                            copied in (every extra rust tag points at this same
#                            image: its rustc is the machine's, whatever the tag says).
#                            Its label org.projen-rust-docker.stand-in.packages holds
#                            a hash of that package list: a stand-in built from
#                            another list is rebuilt (and its extra tags moved).
#   - distroless cc/static   from Debian packages (dpkg-deb -x), no shell,
#                            USER 65532:65532
# Stand-ins are for offline tests only; where a registry is reachable the real
# images are pulled. Cache: /var/cache/projen-rust-docker (override: BASE_IMAGES_CACHE).
# Env: DOCKER (client, default scripts/docker-client.sh), PULL_TIMEOUT (s, default 20),
#      BASE_IMAGES_NO_PULL=1 (skip pull attempts), DEBIAN_MIRROR.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${BASE_IMAGES_CACHE:-/var/cache/projen-rust-docker}
PULL_TIMEOUT=${PULL_TIMEOUT:-20}
LABEL_KEY=org.projen-rust-docker.stand-in
PACKAGES_KEY=org.projen-rust-docker.stand-in.packages
STD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
T0=$SECONDS

say() { printf '[base-images] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# --- engine + client ---------------------------------------------------------
"$HERE/docker-engine.sh" >/dev/null || die "no docker engine (scripts/docker-engine.sh failed)"
DOCKER=$("$HERE/docker-client.sh")
export DOCKER_BUILDKIT=1
dk() { "$DOCKER" "$@"; }

mkdir -p "$CACHE"
# Serialise concurrent runs (tests may call this script in parallel).
exec 9>"$CACHE/.lock"
flock 9

# --- rust toolchain of this machine -----------------------------------------
RUSTUP_DIR=${RUSTUP_HOME:-$HOME/.rustup}
CARGO_DIR=${CARGO_HOME:-$HOME/.cargo}
TOOLCHAIN_DIR=$(find "$RUSTUP_DIR/toolchains" -mindepth 1 -maxdepth 1 -name 'stable-*' 2>/dev/null | sort | head -1 || true)
[[ -n $TOOLCHAIN_DIR && -x $TOOLCHAIN_DIR/bin/rustc ]] || die "no stable rustup toolchain under $RUSTUP_DIR/toolchains"
TOOLCHAIN=$(basename "$TOOLCHAIN_DIR")                  # stable-x86_64-unknown-linux-gnu
TRIPLE=${TOOLCHAIN#stable-}                               # x86_64-unknown-linux-gnu
RUST_VERSION=$("$TOOLCHAIN_DIR/bin/rustc" --version | awk '{print $2}')   # 1.95.0
RUST_MINOR=${RUST_VERSION%.*}                             # 1.95

DEBIAN_TAG=debian:bookworm-slim
RUST_TAG=rust:${RUST_MINOR}-bookworm
CC_TAG=gcr.io/distroless/cc-debian12:nonroot
STATIC_TAG=gcr.io/distroless/static-debian12:nonroot

EXTRA_RUST=()
for a in "$@"; do
  case $a in
    rust:*-bookworm) EXTRA_RUST+=("$a") ;;
    [0-9]*) EXTRA_RUST+=("rust:${a}-bookworm") ;;
    *) die "unsupported argument '$a': expected rust:<version>-bookworm or <version>" ;;
  esac
done

declare -A STATUS=()
ORDER=()

have() { dk image inspect "$1" >/dev/null 2>&1; }

try_pull() {
  [[ ${BASE_IMAGES_NO_PULL:-} == 1 ]] && return 1
  say "pulling $1 (timeout ${PULL_TIMEOUT}s)"
  if timeout "$PULL_TIMEOUT" "$DOCKER" pull -q "$1" >/dev/null 2>"$CACHE/pull.err"; then
    return 0
  fi
  say "  pull failed: $(tail -1 "$CACHE/pull.err")"
  return 1
}

label_of() { # tag key
  dk image inspect -f "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null || true
}

# ensure TAG BUILDER_FN [PACKAGES_HASH]
# With PACKAGES_HASH, a present stand-in whose $PACKAGES_KEY label differs is rebuilt
# (its package list changed since it was built); pulled (real) images are kept.
ensure() {
  local tag=$1 fn=$2 hash=${3:-} t=$SECONDS stale=""
  ORDER+=("$tag")
  if have "$tag"; then
    if [[ $(label_of "$tag" "$LABEL_KEY") == true ]]; then
      if [[ -n $hash && $(label_of "$tag" "$PACKAGES_KEY") != "$hash" ]]; then
        stale=1
        say "stand-in $tag was built from another package list: rebuilding it"
      else
        STATUS[$tag]="present (stand-in)"
      fi
    else
      STATUS[$tag]="present"
    fi
    [[ -z $stale ]] && return 0
  fi
  if [[ -n $stale ]]; then
    say "building stand-in $tag"
    NOTE=""
    "$fn" "$tag"
    have "$tag" || die "stand-in $tag was not created"
    STATUS[$tag]="stand-in (${NOTE:-rebuilt: package list changed, $((SECONDS - t))s})"
    return 0
  fi
  if try_pull "$tag"; then
    STATUS[$tag]="pulled"
    return 0
  fi
  say "building stand-in $tag"
  NOTE=""
  "$fn" "$tag"
  have "$tag" || die "stand-in $tag was not created"
  STATUS[$tag]="stand-in (${NOTE:-built, $((SECONDS - t))s})"
}

# --- apt helpers (host) ------------------------------------------------------
APT_UPDATED=0
apt_download() { # dir pkgs...
  local dir=$1; shift
  mkdir -p "$dir"
  ( cd "$dir" && apt-get download -qq "$@" >/dev/null 2>&1 ) && return 0
  if (( ! APT_UPDATED )); then
    apt-get update -qq >/dev/null && APT_UPDATED=1
    ( cd "$dir" && apt-get download -qq "$@" >/dev/null ) && return 0
  fi
  die "apt-get download $* failed"
}

mirror() {
  if [[ -n ${DEBIAN_MIRROR:-} ]]; then echo "$DEBIAN_MIRROR"; return; fi
  local m
  m=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [[ -n $m ]] || m=$(awk '$1=="deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  echo "${m:-http://deb.debian.org/debian}"
}

# --- debian:bookworm-slim stand-in ------------------------------------------
build_debian() {
  local tag=$1 root=$CACHE/debootstrap-bookworm-minbase ok=$CACHE/debootstrap-bookworm-minbase.ok
  command -v debootstrap >/dev/null || die "debootstrap missing (apt-get install debootstrap)"
  if [[ ! -f $ok ]]; then
    rm -rf "$root"
    local m; m=$(mirror)
    say "  debootstrap --variant=minbase bookworm $m (~30 s)"
    debootstrap --variant=minbase bookworm "$root" "$m" >"$CACHE/debootstrap.log" 2>&1 \
      || { tail -20 "$CACHE/debootstrap.log" >&2; die "debootstrap failed (log: $CACHE/debootstrap.log)"; }
    slim_debian "$root"
    touch "$ok"
  else
    say "  reusing cached rootfs $root"
  fi
  grep -q " $root" /proc/mounts && die "something is still mounted under $root"
  tar --numeric-owner -C "$root" -c . | dk import \
    --change 'CMD ["bash"]' \
    --change "ENV PATH=$STD_PATH" \
    --change "LABEL $LABEL_KEY=true" \
    --change "LABEL org.opencontainers.image.description=\"stand-in for $tag: debootstrap --variant=minbase bookworm, slimmed\"" \
    - "$tag" >/dev/null
}

slim_debian() { # root
  local r=$1
  # Configuration the official slim image ships (keeps later apt installs slim).
  cat >"$r/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/man/*
EOF
  cat >"$r/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'Acquire::Languages "none";' >"$r/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Acquire::GzipIndexes "true";' >"$r/etc/apt/apt.conf.d/docker-gzip-indexes"
  printf 'Apt::AutoRemove::SuggestsImportant "false";\n' >"$r/etc/apt/apt.conf.d/docker-autoremove-suggests"
  # deb822 sources like the official image (bookworm, -updates, -security).
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    grep -v '^#' /etc/apt/sources.list.d/debian.sources >"$r/etc/apt/sources.list.d/debian.sources"
    rm -f "$r/etc/apt/sources.list"
  fi
  # Docs, man pages, locales (except C / locale.alias), caches, apt lists.
  find "$r/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete 2>/dev/null || true
  find "$r/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "$r"/usr/share/man/* "$r"/usr/share/info/* "$r"/usr/share/groff/* \
         "$r"/usr/share/lintian/* "$r"/usr/share/linda/*
  find "$r/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias ! -name 'C' ! -name 'C.*' \
       -exec rm -rf {} + 2>/dev/null || true
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/* "$r"/var/cache/debconf/*-old \
         "$r"/var/log/* "$r"/tmp/* "$r"/var/tmp/* "$r"/debootstrap
  mkdir -p "$r/var/lib/apt/lists/partial" "$r/var/cache/apt/archives/partial"
  # The engine provides these.
  rm -f "$r/etc/hostname" "$r/etc/resolv.conf" "$r/etc/hosts"
  rm -rf "${r:?}"/dev/*
  : >"$r/etc/machine-id" 2>/dev/null || true
}

# --- rust:<ver>-bookworm stand-in -------------------------------------------
# The packages of buildpack-deps:bookworm, which the official rust:<ver>-bookworm is
# built FROM (docker-library/buildpack-deps debian/bookworm/{curl,scm,}/Dockerfile), so
# that native crates build against the same -dev packages as with the real image.
# Left out: imagemagick, libmagickcore-dev and libmagickwand-dev (hundreds of MB of
# X11/graphics libraries that no crate of the crate -> package table needs). The real
# image resolves libmysqlclient-dev to default-libmysqlclient-dev on bookworm.
RUST_STANDIN_PACKAGES=(
  # buildpack-deps:bookworm-curl
  ca-certificates curl gnupg netbase sq wget
  # buildpack-deps:bookworm-scm
  git git-lfs mercurial openssh-client subversion procps
  # buildpack-deps:bookworm
  autoconf automake bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc
  libbz2-dev libc6-dev libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev
  libglib2.0-dev libgmp-dev libjpeg-dev libkrb5-dev liblzma-dev libmaxminddb-dev
  libncurses5-dev libncursesw5-dev libpng-dev libpq-dev libreadline-dev libsqlite3-dev
  libssl-dev libtool libwebp-dev libxml2-dev libxslt-dev libyaml-dev make patch unzip
  xz-utils zlib1g-dev
)
# Changes with the list (and with this recipe's version): existing stand-ins are rebuilt.
RUST_STANDIN_RECIPE=2
RUST_STANDIN_HASH=$(printf '%s\n' "recipe $RUST_STANDIN_RECIPE" "${RUST_STANDIN_PACKAGES[@]}" | sha256sum | cut -c1-16)

build_rust() {
  local tag=$1 ctx=$CACHE/rust-context
  have "$DEBIAN_TAG" || die "$DEBIAN_TAG missing"
  rm -rf "$ctx"; mkdir -p "$ctx/cargo-bin"
  # Hard links: no data copied; then drop share/doc from the link farm only.
  cp -al "$TOOLCHAIN_DIR" "$ctx/toolchain"
  rm -rf "$ctx/toolchain/share/doc"
  cp -a "$CARGO_DIR/bin/." "$ctx/cargo-bin/"
  cat >"$ctx/settings.toml" <<EOF
version = "12"
default_toolchain = "$TOOLCHAIN"
profile = "minimal"

[overrides]
EOF
  cat >"$ctx/Dockerfile" <<EOF
FROM $DEBIAN_TAG
# Stand-in for the official $tag image: the packages of buildpack-deps:bookworm
# (but imagemagick's); toolchain copied from the build machine: rustc $RUST_VERSION.
ENV RUSTUP_HOME=/usr/local/rustup \\
    CARGO_HOME=/usr/local/cargo \\
    PATH=/usr/local/cargo/bin:$STD_PATH \\
    RUST_VERSION=$RUST_VERSION
RUN apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${RUST_STANDIN_PACKAGES[*]} \\
 && rm -rf /var/lib/apt/lists/*
COPY toolchain /usr/local/rustup/toolchains/$TOOLCHAIN
COPY cargo-bin /usr/local/cargo/bin
COPY settings.toml /usr/local/rustup/settings.toml
# Version-named aliases so a rust-toolchain.toml pinning $RUST_VERSION / $RUST_MINOR resolves
# offline (the official image names its toolchain $RUST_VERSION-$TRIPLE).
RUN ln -s $TOOLCHAIN /usr/local/rustup/toolchains/$RUST_VERSION-$TRIPLE \\
 && ln -s $TOOLCHAIN /usr/local/rustup/toolchains/$RUST_MINOR-$TRIPLE \\
 && mkdir -p /usr/local/cargo/registry \\
 && chmod a+w /usr/local/cargo /usr/local/cargo/registry /usr/local/rustup \\
 && rustup --version && cargo --version && rustc --version
LABEL $LABEL_KEY=true \\
      $PACKAGES_KEY=$RUST_STANDIN_HASH \\
      org.opencontainers.image.description="stand-in for $tag: debian stand-in + buildpack-deps:bookworm packages (but imagemagick) + rustc $RUST_VERSION from the build machine"
EOF
  dk build -q -t "$tag" "$ctx" >"$CACHE/rust-build.log" 2>&1 \
    || { tail -30 "$CACHE/rust-build.log" >&2; die "building $tag failed (log: $CACHE/rust-build.log)"; }
  rm -rf "$ctx"
  dk run --rm "$tag" sh -c 'cargo --version && pkg-config --modversion libpq libssl sqlite3 zlib mysqlclient' >/dev/null \
    || die "$tag: cargo or a -dev package (pkg-config libpq libssl sqlite3 zlib mysqlclient) is missing in the image"
}

build_rust_alias() { # extra rust tag -> the rust stand-in (its rustc stays $RUST_VERSION)
  dk tag "$RUST_TAG" "$1"
  NOTE="tag of $RUST_TAG"
}

# --- distroless stand-ins ----------------------------------------------------
STATIC_PKGS=(base-files netbase tzdata ca-certificates media-types)
CC_PKGS=(libc6 libgcc-s1 libstdc++6 libgomp1 libssl3)

distroless_rootfs() { # root pkgs...
  local r=$1; shift
  local debs=$CACHE/debs tmp
  apt_download "$debs" "$@"
  rm -rf "$r"; mkdir -p "$r"
  tmp=$(mktemp -d)
  for p in "$@"; do
    local deb; deb=$(find "$debs" -maxdepth 1 -name "${p}_*.deb" | sort -V | tail -1)
    case $p in
      ca-certificates)
        # The real bundle is generated at install time: concatenate the certs.
        dpkg-deb -x "$deb" "$tmp/ca"
        mkdir -p "$r/etc/ssl/certs" "$r/usr/share/doc/ca-certificates"
        find "$tmp/ca/usr/share/ca-certificates" -name '*.crt' -print0 | sort -z \
          | xargs -0 cat >"$r/etc/ssl/certs/ca-certificates.crt"
        cp "$tmp/ca/usr/share/doc/ca-certificates/copyright" "$r/usr/share/doc/ca-certificates/" ;;
      base-files)
        dpkg-deb -x "$deb" "$tmp/bf"
        mkdir -p "$r/etc" "$r/usr/lib" "$r/usr/share/doc/base-files"
        cp -a "$tmp/bf/usr/lib/os-release" "$r/usr/lib/"
        ln -s ../usr/lib/os-release "$r/etc/os-release"
        cp -a "$tmp/bf/etc/debian_version" "$tmp/bf/etc/issue" "$r/etc/"
        cp "$tmp/bf/usr/share/doc/base-files/copyright" "$r/usr/share/doc/base-files/" ;;
      *)
        dpkg-deb -x "$deb" "$r" ;;
    esac
    # Package metadata where scanners look for it in distroless images.
    mkdir -p "$r/var/lib/dpkg/status.d"
    { dpkg-deb -f "$deb"; echo "Status: install ok installed"; } >"$r/var/lib/dpkg/status.d/$p"
  done
  rm -rf "$tmp"
  # Docs except copyright, man pages, lintian, maintainer leftovers.
  find "$r/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete 2>/dev/null || true
  find "$r/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "$r/usr/share/man" "$r/usr/share/lintian" "$r/usr/share/info" "$r/usr/share/locale"
  # Users like distroless: root, nobody, nonroot (65532).
  cat >"$r/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
  cat >"$r/etc/group" <<'EOF'
root:x:0:
nobody:x:65534:
tty:x:5:
staff:x:50:
nonroot:x:65532:
EOF
  printf 'hosts: files dns\n' >"$r/etc/nsswitch.conf"
  mkdir -p "$r/tmp" "$r/root" "$r/home/nonroot"
  chmod 1777 "$r/tmp"; chmod 700 "$r/root" "$r/home/nonroot"
  chown 65532:65532 "$r/home/nonroot"
  [[ -e $r/bin/sh || -e $r/usr/bin/sh ]] && die "distroless stand-in would contain a shell"
  return 0
}

import_distroless() { # root tag desc
  tar --numeric-owner -C "$1" -c . | dk import \
    --change 'USER 65532:65532' \
    --change 'WORKDIR /home/nonroot' \
    --change "ENV PATH=$STD_PATH" \
    --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
    --change "LABEL $LABEL_KEY=true" \
    --change "LABEL org.opencontainers.image.description=\"stand-in for $2: $3\"" \
    - "$2" >/dev/null
}

build_static() {
  local r=$CACHE/distroless-static
  distroless_rootfs "$r" "${STATIC_PKGS[@]}"
  import_distroless "$r" "$1" "Debian packages ${STATIC_PKGS[*]}, no shell"
}

build_cc() {
  local r=$CACHE/distroless-cc
  distroless_rootfs "$r" "${STATIC_PKGS[@]}" "${CC_PKGS[@]}"
  import_distroless "$r" "$1" "Debian packages ${STATIC_PKGS[*]} ${CC_PKGS[*]}, no shell"
}

# --- main ---------------------------------------------------------------------
ensure "$DEBIAN_TAG" build_debian
ensure "$RUST_TAG" build_rust "$RUST_STANDIN_HASH"
for t in "${EXTRA_RUST[@]}"; do
  [[ $t == "$RUST_TAG" ]] && continue
  ensure "$t" build_rust_alias "$RUST_STANDIN_HASH"
done
ensure "$STATIC_TAG" build_static
ensure "$CC_TAG" build_cc

printf '\n%-44s %-38s %s\n' TAG STATUS SIZE
for t in "${ORDER[@]}"; do
  printf '%-44s %-38s %s\n' "$t" "${STATUS[$t]}" \
    "$(dk image ls --format '{{.Size}}' "$t" | head -1)"
done
printf '(%ss; client %s; stand-ins carry label %s=true)\n' "$((SECONDS - T0))" "$DOCKER" "$LABEL_KEY"
