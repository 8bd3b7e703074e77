#!/usr/bin/env bash
# Makes an OpenSSH server binary available for the end-to-end suite's git-over-SSH server
# (test/e2e/support/git-ssh-server.ts), without installing or starting a system service
# (idempotent): Debian's openssh-server and libwrap0 packages are downloaded and unpacked into
# /var/cache/projen-rust-docker/sshd, and the privilege separation user and directory sshd
# requires (user `sshd`, /run/sshd) are created when missing. Prints one JSON line on stdout,
# {"sshd": <path>, "libraryPath": <LD_LIBRARY_PATH it needs>}; messages go to stderr.
#
# Usage: scripts/ssh-server.sh
set -euo pipefail

ROOT=/var/cache/projen-rust-docker/sshd
say() { printf '[ssh-server] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "not root: sshd's privilege separation needs root (run the suite as root)"
if [[ ! -x $ROOT/usr/sbin/sshd ]]; then
  mkdir -p "$ROOT/debs"
  say "downloading openssh-server and libwrap0 from Debian (unpacked into $ROOT, not installed)"
  (cd "$ROOT/debs" && apt-get download openssh-server libwrap0 >/tmp/ssh-server-apt.log 2>&1) || {
    apt-get update -qq || die "apt-get update failed (is the Debian mirror reachable?)"
    (cd "$ROOT/debs" && apt-get download openssh-server libwrap0 >/tmp/ssh-server-apt.log 2>&1) \
      || { tail -20 /tmp/ssh-server-apt.log >&2; die "apt-get download openssh-server libwrap0 failed (log: /tmp/ssh-server-apt.log)"; }
  }
  for deb in "$ROOT"/debs/*.deb; do dpkg -x "$deb" "$ROOT"; done
fi
getent passwd sshd >/dev/null || useradd --system --no-create-home --home-dir /run/sshd --shell /usr/sbin/nologin sshd
mkdir -p /run/sshd
chmod 0755 /run/sshd
LIBS=$ROOT/usr/lib/x86_64-linux-gnu:$ROOT/lib/x86_64-linux-gnu
if LD_LIBRARY_PATH=$LIBS ldd "$ROOT/usr/sbin/sshd" | grep -c 'not found' >/dev/null; then
  LD_LIBRARY_PATH=$LIBS ldd "$ROOT/usr/sbin/sshd" | grep 'not found' >&2
  die "$ROOT/usr/sbin/sshd misses libraries"
fi
say "ready: $ROOT/usr/sbin/sshd ($(dpkg-deb -f "$ROOT"/debs/openssh-server_*.deb Version))"
printf '{"sshd": "%s", "libraryPath": "%s"}\n' "$ROOT/usr/sbin/sshd" "$LIBS"
