#!/usr/bin/env bash
# Makes real crates.io crates available offline, from Debian's packages (idempotent):
# for each crate name given, installs librust-<name>-dev unless
# /usr/share/cargo/registry/<name>-<version>/ already exists. A Cargo project can then
# resolve and vendor them with
#   cargo vendor --offline --respect-source-config \
#     --config 'source.crates-io.replace-with="debian-packages"' \
#     --config 'source.debian-packages.directory="/usr/share/cargo/registry"' vendor
# (see /work/shared/design-notes.md §5). Used by the end-to-end suite (itoa, fnv).
#
# Usage: scripts/debian-crates.sh itoa fnv
set -euo pipefail

REGISTRY=/usr/share/cargo/registry
say() { printf '[debian-crates] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

missing=()
for name in "$@"; do
  [[ $name =~ ^[a-z0-9_-]+$ ]] || die "not a crate name: '$name'"
  # Debian's package names use "-" where crate names may use "_" (serde_json: librust-serde-json-dev).
  compgen -G "$REGISTRY/$name-[0-9]*" >/dev/null || missing+=("librust-${name//_/-}-dev")
done
if (( ${#missing[@]} == 0 )); then
  say "present: $*"
  exit 0
fi

[[ $(id -u) -eq 0 ]] || die "not root: cannot install ${missing[*]} (run as root, or install them with apt-get)"
export DEBIAN_FRONTEND=noninteractive
say "installing ${missing[*]}"
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/debian-crates-apt.log 2>&1; then
  apt-get update -qq || die "apt-get update failed (is the Debian mirror reachable?)"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/debian-crates-apt.log 2>&1 \
    || { tail -20 /tmp/debian-crates-apt.log >&2; die "apt-get install ${missing[*]} failed (log: /tmp/debian-crates-apt.log)"; }
fi
for name in "$@"; do
  compgen -G "$REGISTRY/$name-[0-9]*" >/dev/null || die "librust-${name//_/-}-dev installed but $REGISTRY/$name-* is missing"
done
say "installed: ${missing[*]}"
