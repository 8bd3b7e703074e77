#!/usr/bin/env bash
# A SECOND Docker engine, 26.1 (Debian trixie), with buildx 0.13 and the containerd
# image store, side by side with the main engine (idempotent; seconds when warm).
#
#   scripts/engine-26.sh           download/extract, start dockerd 26, load the base
#                                  images from the main engine, start a local registry
#   scripts/engine-26.sh --env     print what a caller must export (eval "$(... --env)")
#   scripts/engine-26.sh --check   prove buildx, registry cache export/import, bake and
#                                  reproducible OCI output against engine 26 + registry
#   scripts/engine-26.sh --stop    stop dockerd 26 (and its containerd) and the registry
#
# Nothing of the main engine is touched (dockerd 20.10, /var/run/docker.sock,
# /var/lib/docker, docker0, its iptables chains), nor the installed docker.io package:
#  - trixie's docker.io, docker-cli, docker-buildx and containerd are fetched with
#    `apt-get download -t trixie` through a PRIVATE apt configuration (a deb822 trixie
#    source pinned at 100, lists under $APT_DIR; /etc/apt is left alone, nothing is
#    installed from trixie) and unpacked with `dpkg-deb -x` into /opt/docker-26.
#  - dockerd 26 has its own data-root, exec-root, pidfile, socket, cgroup parent and
#    config file (containerd-snapshotter on), and runs its own managed containerd
#    (trixie's 1.7, socket under its exec-root). runc is bookworm's /usr/sbin/runc.
#  - Network: its own bridge `docker26` (172.29.0.1/16) with --iptables=false
#    --ip-masq=false; this script adds three iptables rules of its own (comment
#    "docker-26": MASQUERADE + FORWARD accept) so that RUN steps reach Debian's mirror
#    with the default network. `--network host` also works.
#  - The registry is Debian's bookworm `docker-registry` (apt-get install; the package's
#    service never starts here: policy-rc.d), run as `docker-registry serve CONFIG` on
#    127.0.0.1:5000, storage /var/lib/registry-e2e. Skipped when 5000 is already taken.
# Base images are copied from the main engine (`docker save | docker load`), only if
# missing: they are the offline stand-ins of scripts/base-images.sh, tags kept.
# Needs root. See /work/shared/design-notes.md §5.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PREFIX=/opt/docker-26
APT_DIR=/var/cache/docker-26-apt
DATA_ROOT=/var/lib/docker-26
EXEC_ROOT=/var/run/docker-26
PIDFILE=/var/run/docker-26.pid
SOCK=/var/run/docker-26.sock
LOG=/var/log/docker-26.log
CONF_DIR=/etc/docker-26
CONF=$CONF_DIR/daemon.json
CLI_CONFIG=/var/lib/docker-26-cli            # DOCKER_CONFIG for the 26 client
BRIDGE=docker26
BRIDGE_CIDR=172.29.0.1/16
BRIDGE_NET=172.29.0.0/16
POOL=172.30.0.0/16                           # for user-defined networks of engine 26
RULE_TAG=docker-26
REG_ADDR=127.0.0.1:5000
REG_DIR=/var/lib/registry-e2e
REG_CONF=$CONF_DIR/registry.yml
REG_LOG=/var/log/registry-e2e.log
REG_PIDFILE=/var/run/registry-e2e.pid
MAIN_DOCKER=/usr/bin/docker                  # client of the main engine (default socket)
TIMEOUT=${DOCKERD_TIMEOUT:-90}
TRIXIE_PKGS=(docker.io docker-cli docker-buildx containerd)
BASE_IMAGES=(
  debian:bookworm-slim
  rust:1.95-bookworm
  gcr.io/distroless/cc-debian12:nonroot
  gcr.io/distroless/static-debian12:nonroot
)

CLIENT=$PREFIX/usr/bin/docker
DOCKERD=$PREFIX/usr/sbin/dockerd
BUILDX=$PREFIX/usr/libexec/docker/cli-plugins/docker-buildx

say() { printf '[engine-26] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# The 26 client, always against the 26 engine and with the buildx plugin.
d26() { DOCKER_HOST=unix://$SOCK DOCKER_CONFIG=$CLI_CONFIG "$CLIENT" "$@"; }

print_env() {
  printf 'export DOCKER_HOST=unix://%s\n' "$SOCK"
  printf 'export DOCKER_CONFIG=%s\n' "$CLI_CONFIG"
  printf 'export DOCKER=%s\n' "$CLIENT"
  # shellcheck disable=SC2016 # literal text for the caller
  printf '# then: "$DOCKER" buildx build ... / "$DOCKER" buildx bake ...\n'
  printf '# registry (cache): %s (plain HTTP, loopback)\n' "$REG_ADDR"
}

answers() { [[ -S $SOCK && -x $CLIENT ]] && timeout 10 "$CLIENT" -H "unix://$SOCK" version >/dev/null 2>&1; }

pid_alive() { # pidfile
  local p
  [[ -f $1 ]] || return 1
  p=$(cat "$1" 2>/dev/null || true)
  [[ -n $p ]] && kill -0 "$p" 2>/dev/null
}

# --- 1. trixie packages, private apt configuration -----------------------------
mirror() {
  local m
  m=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  echo "${m:-http://deb.debian.org/debian}"
}

APT_OPTS=()
apt_private() { # only the trixie source, lists and cache under $APT_DIR
  mkdir -p "$APT_DIR/etc/sources.list.d" "$APT_DIR/etc/preferences.d" \
           "$APT_DIR/lists/partial" "$APT_DIR/archives/partial" "$APT_DIR/debs"
  cat >"$APT_DIR/etc/sources.list.d/trixie.sources" <<EOF
Types: deb
URIs: $(mirror)
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' >"$APT_DIR/etc/preferences.d/trixie"
  APT_OPTS=(
    -o "Dir::Etc::sourcelist=/dev/null"
    -o "Dir::Etc::sourceparts=$APT_DIR/etc/sources.list.d"
    -o "Dir::Etc::preferencesparts=$APT_DIR/etc/preferences.d"
    -o "Dir::State::Lists=$APT_DIR/lists"
    -o "Dir::Cache=$APT_DIR"
    -o "Dir::Cache::archives=$APT_DIR/archives"
    -o "Dir::Cache::pkgcache="
    -o "Dir::Cache::srcpkgcache="
    -o "APT::Sandbox::User=root"
  )
}

extract_trixie() {
  if [[ -x $DOCKERD && -x $CLIENT && -x $BUILDX && -x $PREFIX/usr/bin/containerd && -f $PREFIX/.complete ]]; then
    return 0
  fi
  apt_private
  say "apt-get download -t trixie ${TRIXIE_PKGS[*]} (private apt config under $APT_DIR)"
  apt-get "${APT_OPTS[@]}" update -qq >/dev/null || die "apt-get update (trixie source) failed"
  rm -f "$APT_DIR"/debs/*.deb
  ( cd "$APT_DIR/debs" && apt-get "${APT_OPTS[@]}" download -qq -t trixie "${TRIXIE_PKGS[@]}" >/dev/null ) \
    || die "apt-get download -t trixie ${TRIXIE_PKGS[*]} failed"
  rm -rf "$PREFIX"; mkdir -p "$PREFIX"
  local deb
  for deb in "$APT_DIR"/debs/*.deb; do
    say "  dpkg-deb -x $(basename "$deb")"
    dpkg-deb -x "$deb" "$PREFIX"
  done
  # docker.io's docker-init is a relative link to tini-static (package tini, not
  # unpacked): point it at bookworm's.
  if [[ ! -e $PREFIX/usr/bin/docker-init ]]; then
    [[ -x /usr/bin/tini-static ]] || die "/usr/bin/tini-static missing (apt-get install tini)"
    ln -sf /usr/bin/tini-static "$PREFIX/usr/bin/tini-static"
  fi
  local b
  for b in usr/sbin/dockerd usr/sbin/docker-proxy usr/bin/docker usr/bin/docker-init \
           usr/bin/containerd usr/bin/containerd-shim-runc-v2 usr/libexec/docker/cli-plugins/docker-buildx; do
    [[ -x $PREFIX/$b ]] || die "$PREFIX/$b missing after extraction"
  done
  touch "$PREFIX/.complete"
}

setup_client_config() {
  mkdir -p "$CLI_CONFIG/cli-plugins"
  ln -sfn "$BUILDX" "$CLI_CONFIG/cli-plugins/docker-buildx"
  [[ -f $CLI_CONFIG/config.json ]] || printf '{}\n' >"$CLI_CONFIG/config.json"
}

# --- 2. network of engine 26 ---------------------------------------------------
ipt_ensure() { # table chain rule...
  local t=$1 c=$2; shift 2
  iptables -t "$t" -C "$c" "$@" -m comment --comment "$RULE_TAG" 2>/dev/null \
    || iptables -t "$t" -I "$c" 1 "$@" -m comment --comment "$RULE_TAG"
}

setup_network() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
  fi
  # replace, not add: idempotent when the bridge kept its address (a machine restored from a
  # snapshot keeps docker26 without its dockerd). No `ip | grep -q` under pipefail: grep's early
  # exit can kill ip with SIGPIPE (141), which read as "no address" and failed CI once.
  ip addr replace "$BRIDGE_CIDR" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  if command -v iptables >/dev/null 2>&1; then
    ipt_ensure nat POSTROUTING -s "$BRIDGE_NET" ! -o "$BRIDGE" -j MASQUERADE
    ipt_ensure filter FORWARD -i "$BRIDGE" -j ACCEPT
    ipt_ensure filter FORWARD -o "$BRIDGE" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
  else
    say "warning: no iptables: containers of engine 26 reach nothing outside; build with --network host"
  fi
}

teardown_network() {
  local t line
  if command -v iptables >/dev/null 2>&1; then
    for t in nat filter; do
      while line=$(iptables -t "$t" -S | grep -m1 -- "--comment $RULE_TAG"); do
        # shellcheck disable=SC2086 # the rule spec is split on purpose
        iptables -t "$t" ${line/-A /-D }
      done
    done
  fi
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link set "$BRIDGE" down || true
    ip link delete "$BRIDGE" type bridge || true
  fi
}

# --- 2. dockerd 26 --------------------------------------------------------------
write_config() {
  mkdir -p "$CONF_DIR"
  cat >"$CONF.tmp" <<EOF
{
  "features": { "containerd-snapshotter": true },
  "default-address-pools": [ { "base": "$POOL", "size": 24 } ]
}
EOF
  mv "$CONF.tmp" "$CONF"
}

main_bridge_addrs=""

start_dockerd() {
  if answers; then
    say "dockerd 26 already answers on $SOCK"
    return 0
  fi
  if pid_alive "$PIDFILE"; then
    say "dockerd 26 running (pid $(cat "$PIDFILE")), waiting for it"
  else
    rm -f "$PIDFILE" "$SOCK"
    write_config
    setup_network
    # dockerd deletes the default bridge (docker0) when started with --bridge: that is the MAIN
    # engine's bridge. Remember its addresses and put it back once dockerd 26 answers.
    main_bridge_addrs=$(ip -o -4 addr show dev docker0 2>/dev/null | awk '{print $4}' || true)
    mkdir -p "$DATA_ROOT" "$EXEC_ROOT"
    say "starting dockerd 26 (log: $LOG)"
    # PATH: its containerd, shim, docker-proxy and docker-init come from $PREFIX;
    # runc from bookworm (/usr/sbin).
    PATH=$PREFIX/usr/sbin:$PREFIX/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      setsid nohup "$DOCKERD" \
        --config-file "$CONF" \
        --data-root "$DATA_ROOT" \
        --exec-root "$EXEC_ROOT" \
        --pidfile "$PIDFILE" \
        -H "unix://$SOCK" \
        --bridge "$BRIDGE" \
        --iptables=false --ip-masq=false \
        --cgroup-parent /docker-26 \
        >>"$LOG" 2>&1 </dev/null &
    disown || true
  fi
  local deadline=$((SECONDS + TIMEOUT)) t0=$SECONDS
  until answers; do
    if (( SECONDS >= deadline )); then
      tail -20 "$LOG" >&2 || true
      die "dockerd 26 did not answer within ${TIMEOUT}s (log: $LOG)"
    fi
    if (( SECONDS - t0 > 3 )) && ! pid_alive "$PIDFILE" && ! pgrep -f "^$DOCKERD" >/dev/null; then
      tail -20 "$LOG" >&2 || true
      die "dockerd 26 exited during startup (log: $LOG)"
    fi
    sleep 1
  done
  say "dockerd 26 answered after $((SECONDS - t0))s"
  restore_main_bridge
}

# The main engine's docker0, deleted by dockerd 26's start (moby removes the default bridge when
# --bridge names another): recreated with the addresses it had, so the main engine's RUN steps
# and containers still get a network. Nothing to do when it survived or never existed.
restore_main_bridge() {
  local addr
  if [[ -z ${main_bridge_addrs:-} ]] || ip link show docker0 >/dev/null 2>&1; then
    return 0
  fi
  ip link add docker0 type bridge
  for addr in $main_bridge_addrs; do
    ip addr replace "$addr" dev docker0
  done
  ip link set docker0 up
  say "restored the main engine's bridge docker0 ($main_bridge_addrs), which dockerd 26 removed at start"
}

# --- 3. base images from the main engine -----------------------------------------
load_base_images() {
  local img t
  for img in "${BASE_IMAGES[@]}"; do
    if d26 image inspect "$img" >/dev/null 2>&1; then
      continue
    fi
    "$MAIN_DOCKER" image inspect "$img" >/dev/null 2>&1 \
      || die "$img is not in the main engine either (run scripts/base-images.sh first)"
    t=$SECONDS
    say "loading $img from the main engine"
    "$MAIN_DOCKER" save "$img" | d26 load -q >/dev/null || die "docker save $img | docker load failed"
    d26 image inspect "$img" >/dev/null 2>&1 || die "$img missing in engine 26 after load"
    say "  loaded $img ($((SECONDS - t))s)"
  done
}

# --- 4. local registry --------------------------------------------------------------
port_taken() { [[ -n $(ss -ltnH "sport = :${REG_ADDR##*:}" 2>/dev/null) ]]; }

start_registry() {
  if port_taken; then
    say "something already listens on ${REG_ADDR##*:}: not starting a registry"
    return 0
  fi
  if ! command -v docker-registry >/dev/null 2>&1; then
    say "apt-get install docker-registry (bookworm)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o DPkg::Lock::Timeout=300 docker-registry >/tmp/engine-26-apt.log 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 || true
           DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
             -o DPkg::Lock::Timeout=300 docker-registry >/tmp/engine-26-apt.log 2>&1; } \
      || { tail -20 /tmp/engine-26-apt.log >&2; die "apt-get install docker-registry failed"; }
  fi
  mkdir -p "$CONF_DIR" "$REG_DIR"
  cat >"$REG_CONF" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $REG_DIR
  delete:
    enabled: true
http:
  addr: $REG_ADDR
EOF
  say "starting docker-registry on $REG_ADDR (log: $REG_LOG)"
  setsid nohup docker-registry serve "$REG_CONF" >>"$REG_LOG" 2>&1 </dev/null &
  echo $! >"$REG_PIDFILE"
  disown || true
  local i
  for i in $(seq 1 30); do
    curl -fsS "http://$REG_ADDR/v2/" >/dev/null 2>&1 && { say "registry answers"; return 0; }
    pid_alive "$REG_PIDFILE" || { tail -20 "$REG_LOG" >&2; die "docker-registry exited (log: $REG_LOG)"; }
    sleep 0.5
    : "$i"
  done
  die "registry did not answer on $REG_ADDR"
}

# --- --stop ------------------------------------------------------------------------
stop_pid() { # pidfile name
  local p i
  pid_alive "$1" || { rm -f "$1"; return 0; }
  p=$(cat "$1")
  say "stopping $2 (pid $p)"
  kill "$p"
  for i in $(seq 1 60); do
    kill -0 "$p" 2>/dev/null || break
    sleep 0.5
    : "$i"
  done
  if kill -0 "$p" 2>/dev/null; then
    say "$2 did not stop in 30s: SIGKILL"
    kill -9 "$p" || true
  fi
  rm -f "$1"
}

do_stop() {
  # dockerd stops the containerd it started itself (under $EXEC_ROOT/containerd).
  stop_pid "$PIDFILE" "dockerd 26"
  stop_pid "$REG_PIDFILE" "docker-registry"
  local cpid
  cpid=$(cat "$EXEC_ROOT/containerd/containerd.pid" 2>/dev/null || true)
  if [[ -n $cpid ]] && kill -0 "$cpid" 2>/dev/null \
     && [[ $(tr '\0' ' ' <"/proc/$cpid/cmdline") == *"$EXEC_ROOT"* ]]; then
    say "stopping leftover containerd of engine 26 (pid $cpid)"
    kill "$cpid" || true
  fi
  rm -f "$SOCK"
  teardown_network
  say "stopped (main engine untouched; data kept in $DATA_ROOT and $REG_DIR)"
}

# --- --check -------------------------------------------------------------------------
CHECK_FAILS=0
pass() { say "PASS $*"; }
fail() { say "FAIL $*"; CHECK_FAILS=$((CHECK_FAILS + 1)); }

# step number of the first plain-progress line that contains $2, in file $1
step_of() { grep -F -- "$2" "$1" | grep -m1 -oE '^#[0-9]+' || true; }
step_cached() { # log pattern
  local n; n=$(step_of "$1" "$2")
  [[ -n $n ]] && grep -qE "^$n CACHED\$" "$1"
}

do_check() {
  answers || die "engine 26 does not answer: run scripts/engine-26.sh first"
  curl -fsS "http://$REG_ADDR/v2/" >/dev/null 2>&1 || die "no registry on $REG_ADDR: run scripts/engine-26.sh first"
  local w t out s1 s2
  # A new cache tag per run: build 1 is a real cache miss every time.
  local ref
  ref=$REG_ADDR/check:cache-$(date +%s)
  w=$(mktemp -d /tmp/engine-26-check.XXXXXX)
  # shellcheck disable=SC2064 # expand $w now
  trap "rm -rf '$w'" EXIT
  say "work dir $w"
  d26 version --format 'server {{.Server.Version}} (client {{.Client.Version}})' >&2
  d26 info --format 'driver {{.Driver}}, containerd store: {{.DriverStatus}}' >&2 || true

  # a. buildx
  if out=$(d26 buildx version 2>&1); then pass "a. buildx version: $out"; else fail "a. buildx version: $out"; fi
  if out=$(d26 buildx ls 2>&1) && grep -qE '\bdocker\b' <<<"$out"; then
    pass "a. buildx ls (driver docker):"; printf '%s\n' "$out" >&2
  else
    fail "a. buildx ls: $out"
  fi

  # b. registry cache export, wipe, import
  mkdir -p "$w/b"
  cat >"$w/b/Dockerfile" <<'EOF'
FROM debian:bookworm-slim
RUN date +%s%N > /stamp && sleep 2
CMD ["cat", "/stamp"]
EOF
  local run_step='RUN date +%s%N > /stamp'
  d26 image rm -f check:1 >/dev/null 2>&1 || true
  d26 buildx prune -af >/dev/null 2>&1 || true
  t=$SECONDS
  if d26 buildx build --progress plain \
       --cache-to "type=registry,ref=$ref,mode=max" --cache-from "type=registry,ref=$ref" \
       -t check:1 --load "$w/b" >"$w/b1.log" 2>&1; then
    s1=$(d26 run --rm --network none check:1)
    pass "b. build 1 with --cache-to registry ($((SECONDS - t))s), stamp $s1"
    grep -E 'exporting cache|writing (layer|config|cache manifest)|preparing build cache' "$w/b1.log" | sed 's/^/      /' | head -6 >&2
    curl -fsS "http://$REG_ADDR/v2/check/tags/list" | sed 's/^/      registry: /' >&2; echo >&2
  else
    fail "b. build 1 with --cache-to type=registry failed:"; tail -15 "$w/b1.log" >&2
  fi
  d26 buildx prune -af >"$w/prune.log" 2>&1 && say "   buildx prune -af: $(tail -1 "$w/prune.log")"
  d26 image rm check:1 >/dev/null
  t=$SECONDS
  if d26 buildx build --progress plain --cache-from "type=registry,ref=$ref" \
       -t check:1 --load "$w/b" >"$w/b2.log" 2>&1; then
    s2=$(d26 run --rm --network none check:1)
    if step_cached "$w/b2.log" "$run_step" && [[ $s1 == "$s2" ]]; then
      pass "b. fresh builder imported the cache from the registry ($((SECONDS - t))s): RUN step CACHED, stamp $s2 unchanged"
      grep -E "importing cache manifest|$(step_of "$w/b2.log" "$run_step") " "$w/b2.log" | sed 's/^/      /' >&2
    else
      fail "b. rebuild with --cache-from: RUN step not CACHED (stamps $s1 / $s2)"; tail -15 "$w/b2.log" >&2
    fi
  else
    fail "b. rebuild with --cache-from failed:"; tail -15 "$w/b2.log" >&2
  fi
  # Control: without --cache-from, after a prune, the step must run again.
  d26 buildx prune -af >/dev/null 2>&1
  d26 image rm check:1 >/dev/null
  t=$SECONDS
  if d26 buildx build --progress plain -t check:1 --load "$w/b" >"$w/b3.log" 2>&1 \
     && ! step_cached "$w/b3.log" "$run_step"; then
    pass "b. control: without --cache-from the RUN step ran again ($((SECONDS - t))s, stamp $(d26 run --rm --network none check:1))"
  else
    fail "b. control build without --cache-from was CACHED or failed"; tail -15 "$w/b3.log" >&2
  fi

  # c. bake, two targets sharing a stage
  mkdir -p "$w/c"
  cat >"$w/c/Dockerfile" <<'EOF'
FROM debian:bookworm-slim AS base
RUN date +%s%N > /base-stamp
FROM base AS a
RUN echo a > /which
FROM base AS b
RUN echo b > /which
EOF
  cat >"$w/c/docker-bake.hcl" <<'EOF'
group "default" {
  targets = ["a", "b"]
}
target "common" {
  context    = "."
  dockerfile = "Dockerfile"
}
target "a" {
  inherits = ["common"]
  target   = "a"
  tags     = ["check-bake:a"]
}
target "b" {
  inherits = ["common"]
  target   = "b"
  tags     = ["check-bake:b"]
}
EOF
  t=$SECONDS
  if ( cd "$w/c" && d26 buildx bake --progress plain ) >"$w/c.log" 2>&1; then
    local ba bb wa wb
    ba=$(d26 run --rm --network none check-bake:a cat /base-stamp)
    bb=$(d26 run --rm --network none check-bake:b cat /base-stamp)
    wa=$(d26 run --rm --network none check-bake:a cat /which)
    wb=$(d26 run --rm --network none check-bake:b cat /which)
    if [[ $wa == a && $wb == b && $ba == "$bb" ]]; then
      pass "c. bake built check-bake:a and check-bake:b ($((SECONDS - t))s), shared stage built once (base stamp $ba in both)"
    else
      fail "c. bake images wrong: which=$wa/$wb base stamps $ba/$bb"
    fi
  else
    fail "c. buildx bake failed:"; tail -15 "$w/c.log" >&2
  fi

  # d. reproducible OCI tarballs (SOURCE_DATE_EPOCH + rewrite-timestamp)
  mkdir -p "$w/d"
  cat >"$w/d/Dockerfile" <<'EOF'
FROM debian:bookworm-slim
ARG SOURCE_DATE_EPOCH
COPY hello.txt /hello.txt
RUN mkdir -p /app && cp /hello.txt /app/ && echo built > /app/built
EOF
  echo hello >"$w/d/hello.txt"
  local i sums=()
  for i in 1 2; do
    touch -d "@$((1700000000 + i * 86400))" "$w/d/hello.txt"   # different mtimes
    d26 buildx prune -af >/dev/null 2>&1
    t=$SECONDS
    if d26 buildx build --progress plain --build-arg SOURCE_DATE_EPOCH=0 \
         --output "type=oci,dest=$w/oci$i.tar,rewrite-timestamp=true" "$w/d" >"$w/d$i.log" 2>&1; then
      sums+=("$(sha256sum <"$w/oci$i.tar" | cut -c1-64)")
      step_cached "$w/d$i.log" 'RUN mkdir -p /app' && fail "d. oci build $i: RUN step was CACHED (not a build from scratch)"
      say "   oci build $i: $((SECONDS - t))s sha256 ${sums[-1]}"
    else
      fail "d. oci build $i failed:"; tail -15 "$w/d$i.log" >&2
      sums+=("none$i")
    fi
  done
  if [[ ${sums[0]} == "${sums[1]}" ]]; then
    pass "d. two builds from scratch (context mtimes differ) gave byte-identical OCI tarballs: ${sums[0]}"
  else
    fail "d. OCI tarballs differ: ${sums[*]}"
  fi

  # e. RUN steps reach Debian's mirror (default network: bridge $BRIDGE)
  mkdir -p "$w/e"
  cat >"$w/e/Dockerfile" <<'EOF'
FROM debian:bookworm-slim
RUN apt-get update && date +%s%N > /stamp
EOF
  t=$SECONDS
  if d26 buildx build --progress plain "$w/e" >"$w/e.log" 2>&1 && grep -qE '(Get|Hit):[0-9]+ .*bookworm.* InRelease' "$w/e.log"; then
    pass "e. apt-get update in a RUN step (default network, bridge $BRIDGE) ($((SECONDS - t))s)"
  else
    fail "e. apt-get update in a RUN step failed (default network):"; tail -10 "$w/e.log" >&2
  fi
  t=$SECONDS
  if d26 buildx build --progress plain --network host --no-cache "$w/e" >"$w/e2.log" 2>&1 \
     && grep -qE '(Get|Hit):[0-9]+ .*bookworm.* InRelease' "$w/e2.log"; then
    pass "e. apt-get update in a RUN step with --network host ($((SECONDS - t))s)"
  else
    fail "e. apt-get update with --network host failed:"; tail -10 "$w/e2.log" >&2
  fi

  d26 image rm -f check:1 check-bake:a check-bake:b >/dev/null 2>&1 || true
  d26 image prune -f >/dev/null 2>&1 || true   # dangling results of the checks (engine 26 only)
  if (( CHECK_FAILS )); then die "--check: $CHECK_FAILS check(s) failed"; fi
  say "--check: all passed"
}

# --- main -------------------------------------------------------------------------------
case ${1:-} in
  --env) print_env; exit 0 ;;
  --stop) [[ $(id -u) -eq 0 ]] || die "not root"; do_stop; exit 0 ;;
  --check) do_check; exit 0 ;;
  "") ;;
  *) die "usage: $0 [--env|--check|--stop]" ;;
esac

[[ $(id -u) -eq 0 ]] || die "not root"
T0=$SECONDS
extract_trixie
setup_client_config
[[ -S /var/run/docker.sock ]] || die "main engine not running (scripts/docker-engine.sh): base images come from it"
start_dockerd
load_base_images
start_registry
say "ready in $((SECONDS - T0))s: $(d26 version --format 'server {{.Server.Version}}, client {{.Client.Version}}'), $(d26 buildx version | awk '{print $1, $2}')"
say "helper: $HERE/engine-26.sh --env"
print_env
