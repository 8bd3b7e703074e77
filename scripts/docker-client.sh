#!/usr/bin/env bash
# Prints the path of a docker client that can build with BuildKit.
#   $DOCKER if set, else /usr/bin/docker (Debian's docker.io, BuildKit built in),
#   else `docker` from PATH.
# Note: the preinstalled /usr/local/bin/docker has no buildx plugin, so
# DOCKER_BUILDKIT=1 builds fail with it; prefer /usr/bin/docker.
set -euo pipefail
if [[ -n "${DOCKER:-}" ]]; then
  printf '%s\n' "$DOCKER"
elif [[ -x /usr/bin/docker ]]; then
  printf '%s\n' /usr/bin/docker
else
  printf '%s\n' docker
fi
