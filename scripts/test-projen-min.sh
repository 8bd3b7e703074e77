#!/usr/bin/env bash
# Runs the unit tests against the LOWEST projen version the peer dependency range allows
# (package.json peerDependencies.projen, its `>=X` bound), so the library is proven on both
# ends of its range: `npx projen build` covers the dev dependency (the newest), this the oldest.
#
# Works on a copy (tracked and untracked-but-not-ignored files) in a temp directory, so the
# working tree and its node_modules are never touched. Exits non-zero when the copy does not
# compile against the old projen or a unit test fails.
#
# Usage: bash scripts/test-projen-min.sh [extra jest arguments, e.g. a test path]
#        PROJEN_MIN_KEEP=1 keeps the temp directory for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

# shellcheck disable=SC2016 # JavaScript in single quotes, not shell expansions
min="$(node -e '
  const range = require("./package.json").peerDependencies?.projen;
  if (!range) { console.error("package.json has no peerDependencies.projen"); process.exit(1); }
  const m = /(?:^|\s)>=\s*v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/.exec(range);
  if (!m) { console.error(`peerDependencies.projen "${range}" has no ">=X.Y.Z" lower bound`); process.exit(1); }
  console.log(m[1]);
')"
echo "== projen peer range: $(node -p 'require("./package.json").peerDependencies.projen'); lowest: $min"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/projen-min.XXXXXX")"
# shellcheck disable=SC2317 # invoked by the trap
cleanup() {
  if [ -n "${PROJEN_MIN_KEEP:-}" ]; then echo "== kept $tmp (PROJEN_MIN_KEEP)"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

echo "== copy of the working tree (tracked and untracked, not ignored) in $tmp"
# Deleted-but-tracked files are listed by ls-files -c too: keep only those that exist.
git ls-files -z -co --exclude-standard \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar -c --null -T - -f - \
  | tar -x -C "$tmp" -f -
cd "$tmp"

echo "== npm ci"
npm ci --no-audit --no-fund --loglevel=error

echo "== npm install projen@$min (not saved)"
npm install --no-save --no-audit --no-fund --loglevel=error "projen@$min"
installed="$(node -e "console.log(require('projen/package.json').version)")"
echo "projen installed: $installed"
if [ "$installed" != "$min" ]; then
  echo "FAIL: expected projen $min, found $installed" >&2
  exit 1
fi

status=0
# tsconfig.dev.json without this repository's own .projenrc.ts: that file configures the build
# of this library and only ever runs with the dev dependency projen (it uses options newer than
# the lowest projen of the range); the library, tests and scripts are what must compile.
cat > tsconfig.projen-min.json <<'JSON'
{ "extends": "./tsconfig.dev.json", "exclude": ["node_modules", ".projenrc.ts"] }
JSON
echo "== tsc --noEmit (tsconfig.dev.json without .projenrc.ts: library, tests and scripts against projen $installed)"
if ! npx tsc --noEmit -p tsconfig.projen-min.json; then
  echo "== projen-min: FAIL: the code does not compile against projen $installed ($((SECONDS - started))s)" >&2
  exit 1
fi

echo "== jest --ci (package.json jest config; e2e excluded by testPathIgnorePatterns)"
# Coverage and junit reports belong to the main run; here only the verdict matters.
# Test paths before --reporters, which (an array option) would take them as reporters.
npx jest --ci --coverage=false "$@" --reporters=default || status=$?

if [ "$status" -eq 0 ]; then
  echo "== projen-min: PASS: unit tests pass against projen $installed ($((SECONDS - started))s)"
else
  echo "== projen-min: FAIL: unit tests fail against projen $installed (jest exit $status, $((SECONDS - started))s)" >&2
fi
exit "$status"
