#!/usr/bin/env bash
# Makes a Docker engine with BuildKit available on this machine (idempotent).
#
#  - If `$DOCKER info` (or `/usr/bin/docker info`) already answers: nothing to do.
#  - Otherwise installs Debian's docker.io (dockerd + a client with built-in
#    BuildKit at /usr/bin/docker) and debootstrap if dockerd is missing, starts
#    dockerd detached (log: /tmp/dockerd.log) and waits up to 60 s for it.
#
# Prints the client to use on the last line: `DOCKER=/usr/bin/docker`.
# Needs root (apt-get, dockerd). See docs: /work/shared/design-notes.md §5.
set -euo pipefail

LOG=${DOCKERD_LOG:-/tmp/dockerd.log}
SOCK=/var/run/docker.sock
TIMEOUT=${DOCKERD_TIMEOUT:-60}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

say() { printf '[docker-engine] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

client() { "$HERE/docker-client.sh"; }  # $DOCKER, else /usr/bin/docker, else docker

answers() { # $1 = client
  command -v "$1" >/dev/null 2>&1 && timeout 10 "$1" info >/dev/null 2>&1
}

buildkit_capable() { # $1 = client; true if `docker build` uses BuildKit
  # Debian's docker.io client has BuildKit built in; a bare CLI without the
  # buildx plugin errors with "BuildKit is enabled but the buildx component is
  # missing or broken".
  [[ "$1" == /usr/bin/docker ]] && return 0
  "$1" buildx version >/dev/null 2>&1
}

report() {
  local c=$1
  if ! buildkit_capable "$c"; then
    say "warning: $c may not be able to build with BuildKit (no buildx); install docker.io for /usr/bin/docker"
  fi
  say "engine ready: $("$c" version --format 'server {{.Server.Version}}, client {{.Client.Version}}' 2>/dev/null || echo '?')"
  say "use this client for BuildKit builds: DOCKER_BUILDKIT=1 $c build ..."
  printf 'DOCKER=%s\n' "$c"
}

# 1. Already answering?
for c in ${DOCKER:+"$DOCKER"} /usr/bin/docker; do
  if answers "$c"; then
    say "engine already answers via $c"
    report "$c"
    exit 0
  fi
done

[[ $(id -u) -eq 0 ]] || die "not root: cannot install packages or start dockerd (run as root, or set DOCKER to a client that reaches an engine)"

# 2. Install dockerd (+ BuildKit-capable client) and debootstrap if missing.
if ! command -v dockerd >/dev/null 2>&1 || [[ ! -x /usr/bin/docker ]] || ! command -v debootstrap >/dev/null 2>&1; then
  say "installing docker.io debootstrap (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed (is the Debian mirror reachable?)"
  apt-get install -y -qq --no-install-recommends docker.io debootstrap >/tmp/docker-engine-apt.log 2>&1 \
    || { tail -20 /tmp/docker-engine-apt.log >&2; die "apt-get install docker.io debootstrap failed (log: /tmp/docker-engine-apt.log)"; }
fi
command -v dockerd >/dev/null 2>&1 || die "dockerd not found after installing docker.io"

# 3. Start dockerd unless one is already running (e.g. still starting up).
if pgrep -x dockerd >/dev/null 2>&1; then
  say "dockerd already running (pid $(pgrep -x dockerd | head -1)); waiting for it"
else
  # A stale socket/pidfile from a dead daemon blocks startup.
  [[ -S $SOCK ]] && rm -f "$SOCK"
  rm -f /var/run/docker.pid
  say "starting dockerd (log: $LOG)"
  # setsid + nohup: own session, survives this script and its terminal.
  setsid nohup dockerd >>"$LOG" 2>&1 </dev/null &
  disown || true
fi

# 4. Wait for the socket and `docker info`.
C=$(client)
deadline=$((SECONDS + TIMEOUT))
until [[ -S $SOCK ]] && answers "$C"; do
  if (( SECONDS >= deadline )); then
    say "last lines of $LOG:"; tail -20 "$LOG" >&2 || true
    die "dockerd did not answer within ${TIMEOUT}s"
  fi
  if ! pgrep -x dockerd >/dev/null 2>&1; then
    say "last lines of $LOG:"; tail -20 "$LOG" >&2 || true
    die "dockerd exited during startup"
  fi
  sleep 1
done
say "dockerd answered after $((SECONDS))s"
report "$C"
