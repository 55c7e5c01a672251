#!/usr/bin/env bash
# Benchmarks Berth against CNCF Distribution (Debian's docker-registry 2.8.2) side by side on
# loopback, each on local disk, with nginx (sendfile) as the machine's limit for blob GET.
# See issue 6. Builds nothing: package Berth first with ./mvnw -q package -DskipTests.
#
#   bench/run.sh [--quick] [--only registry|proxy|events|warmup] [--jar PATH] [--java PATH] [--runs N] [--out FILE] [--keep]
#
#   --quick   smaller sizes (256 MiB layer, 40 MiB five-layer image, 16 small images), 1 run,
#             3 s of wrk (after 1 s of warm-up instead of 20), and one Berth (with -Xmx128m) instead of two; under two minutes once
#             the data exists, on an idle machine, for the registry scenario, and about 1m30s for the proxy scenario (the
#             same sizes; its Berth also -Xmx128m) on a busy one. The events scenario keeps its 100 small images
#             (its Berth also -Xmx128m): about 1m30s on a busy machine. Writes bench/work/RESULTS-quick.md
#             unless --out says otherwise, so it never overwrites the committed full results.
#   --only    one scenario: registry (Berth and Distribution as registries: pushes, pulls, blob GET,
#             manifest GET, tag list, parallel pushes, -Xmx128m), proxy (both as pull-through
#             caches of one plain Distribution upstream: cold, warm and 8 concurrent cold pulls) or
#             events (Berth's parallel push without and with 3 webhook subscriptions, one receiver slow;
#             delivery lag and counts) or warmup (the first minute: fresh servers, a short warm-up,
#             then 20 timed 1 MiB pushes and pulls each, and manifest GET's rate in 1 s windows from
#             cold); default all four. Its report goes to bench/work/RESULTS[-quick]-SCENARIO.md
#             unless --out says otherwise
#   --jar     the Berth jar (default: target/berth-*.jar of this checkout)
#   --java    the java launcher (default: Temurin 25 when installed, else java on PATH)
#   --runs    rounds per figure (default 4, even: each server goes first in half of them; the figure is the median)
#   --out     where the report goes (default bench/RESULTS.md)
#   --keep    keep the run's temporary directory (server data, logs) under bench/work/
#   --image   start Berth as its container image does, from the image's own files: its Java runtime,
#             the AOT cache recorded at build time and the bean definitions made then (needs target/jib-image.tar: BERTH_IMAGE_JDK=<jdk 25>
#             ./mvnw package jib:buildTar -Dberth.image.base=scratch)
#   --aot     start Berth as the README's production recipe does: the jar with a JDK 25 AOT cache
#             recorded once in a training run (a start, a push and pull, 5 s of manifest GETs)
#   --archive the same with the class-data archive the JVM wrote when that training run stopped
#             (-XX:+AutoCreateSharedArchive, the Java 19-24 recipe)
#
# Data is generated deterministically under bench/work/data/ (gitignored) on first use.
# Each round starts both servers afresh on empty storage (so pushes are real uploads, not
# "blob exists" skips, and a cache's first pull is a real miss), warms each up with the same kinds
# of work on other bytes (untimed), and stops them at its end, reading their peak RSS (VmHWM) first.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
LIB="python3 $BENCH_DIR/benchlib.py"
COMMAND_LINE="bench/run.sh${*:+ $*}"

QUICK=0 JAR="" JAVA_BIN="" RUNS="" OUT="" KEEP=0 ONLY="" AOT=0 ARCHIVE=0 IMAGE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --only) ONLY=$2; shift ;;
    --jar) JAR=$2; shift ;;
    --java) JAVA_BIN=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --out) OUT=$2; shift ;;
    --keep) KEEP=1 ;;
    --aot) AOT=1 ;;
    --archive) ARCHIVE=1 ;;
    --image) IMAGE=1 ;;
    -h|--help) sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# One scenario alone is a partial report: it never replaces the full one by default.
if [ -z "$OUT" ] && [ -n "$ONLY" ]; then
  if [ "$QUICK" = 1 ]; then OUT=$BENCH_DIR/work/RESULTS-quick-$ONLY.md; else OUT=$BENCH_DIR/work/RESULTS-$ONLY.md; fi
fi
if [ "$QUICK" = 1 ]; then
  BIG_MIB=256 FIVE_MIB=40 SMALL=16 WRK_SECS=3 WARMUP_SECS=1 RUNS=${RUNS:-1}
  # One Berth instead of two: the main one runs with the small heap and its push/pull figures
  # double as the -Xmx128m check (a JVM start costs up to a minute on a loaded 2-core machine).
  BERTH_MAIN_FLAGS=(-Xmx128m)
  OUT=${OUT:-$BENCH_DIR/work/RESULTS-quick.md}
else
  # wrk warms each endpoint 20 s before its 10 timed seconds: a fresh JVM served manifests at
  # 1,100 req/s in its first 4 s of load and reached its steady 10,000+ only after about 20 s.
  BIG_MIB=1024 FIVE_MIB=200 SMALL=100 WRK_SECS=10 WARMUP_SECS=20 RUNS=${RUNS:-4}
  BERTH_MAIN_FLAGS=()
  OUT=${OUT:-$BENCH_DIR/RESULTS.md}
fi
case "$RUNS" in ''|*[!0-9]*|0) echo "--runs needs a positive number" >&2; exit 2 ;; esac
case "$ONLY" in
  '') SCENARIOS="registry proxy events warmup" ;;
  registry|proxy|events|warmup) SCENARIOS=$ONLY ;;
  *) echo "--only takes registry, proxy, events or warmup" >&2; exit 2 ;;
esac
scenario() { case " $SCENARIOS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- tools

ensure_tools() {
  local missing=() pair
  for pair in docker-registry:docker-registry skopeo:skopeo wrk:wrk nginx:nginx-light curl:curl python3:python3; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${pair%%:*}" ] || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return
  log "installing ${missing[*]}"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y --no-install-recommends "${missing[@]}" \
    || { $sudo apt-get update && $sudo apt-get install -y --no-install-recommends "${missing[@]}"; }
}
ensure_tools
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

if [ -z "$JAR" ]; then
  for candidate in "$ROOT"/target/berth-*.jar; do
    case "$candidate" in *.original|*-plain.jar) ;; *) [ -f "$candidate" ] && JAR=$candidate ;; esac
  done
fi
[ -n "$JAR" ] && [ -f "$JAR" ] || die "no Berth jar: run ./mvnw -q package -DskipTests first, or pass --jar PATH"
if [ -z "$JAVA_BIN" ]; then
  if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then JAVA_BIN=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA_BIN=$JAVA_HOME/bin/java
  else JAVA_BIN=$(command -v java) || die "no java found"; fi
fi
# Virtual threads are on in application.yml; the server uses them on Java 21+. Berth runs with the
# JVM settings it ships with (pom.xml's berth.jvm.args, as the image and spring-boot:run have them).
# BENCH_JVM_FLAGS (even empty) replaces them, to measure other settings beside these.
if [ -n "${BENCH_JVM_FLAGS+set}" ]; then read -r -a SHIPPED_FLAGS <<<"$BENCH_JVM_FLAGS"
else mapfile -t SHIPPED_FLAGS < <(python3 "$BENCH_DIR/benchlib.py" shipped-jvm-flags "$BENCH_DIR/../pom.xml"); fi
JAVA_FLAGS=(-XX:+ExitOnOutOfMemoryError "${SHIPPED_FLAGS[@]}")

# ---------------------------------------------------------------- data

DATA="$BENCH_DIR/work/data/big${BIG_MIB}-five${FIVE_MIB}-small${SMALL}"
WARM_DATA="$BENCH_DIR/work/data/warmup-big64-five${FIVE_MIB}-small${SMALL}"
CONC_DATA="$BENCH_DIR/work/data/concurrent-five${FIVE_MIB}"
if scenario registry || scenario proxy; then
  if [ ! -f "$DATA/index.json" ]; then
    log "generating test images into $DATA (once)"
    rm -rf "$DATA"
    python3 "$BENCH_DIR/gen_layout.py" "$DATA" --big-mib "$BIG_MIB" --five-mib "$FIVE_MIB" --small-count "$SMALL"
  fi
  # The untimed warm-up set: the same refs and sizes (a 64 MiB "big"), other bytes, so nothing it
  # leaves behind turns a timed push into a "blob exists" skip.
  if [ ! -f "$WARM_DATA/index.json" ]; then
    log "generating warm-up images into $WARM_DATA (once)"
    rm -rf "$WARM_DATA"
    python3 "$BENCH_DIR/gen_layout.py" "$WARM_DATA" --big-mib 64 --five-mib "$FIVE_MIB" --small-count "$SMALL" \
      --seed-prefix warmup-
  fi
  BIG_BYTES=$($LIB image-bytes "$DATA" big)
  FIVE_BYTES=$($LIB image-bytes "$DATA" five)
  BIG_LAYER=$($LIB layer-digest "$DATA" big)
  BIG_LAYER_BYTES=$(stat -c %s "$DATA/blobs/sha256/${BIG_LAYER#sha256:}")
fi
# The proxy scenario's 8 concurrent cold pulls need a five-layer image no cache has seen yet in the
# round (the timed one is cached by then, and Berth would link stored blobs under a new name
# without fetching them): the same sizes, other bytes.
if scenario proxy; then
  if [ ! -f "$CONC_DATA/index.json" ]; then
    log "generating the concurrent-pull image into $CONC_DATA (once)"
    rm -rf "$CONC_DATA"
    python3 "$BENCH_DIR/gen_layout.py" "$CONC_DATA" --big-mib 1 --five-mib "$FIVE_MIB" --small-count 0 \
      --seed-prefix concurrent-
  fi
  CONC_BYTES=$($LIB image-bytes "$CONC_DATA" five)
fi
# The events scenario pushes 100 small images (as the registry scenario's full run does) three
# times a round into one Berth: s000-s099 in its first timed slot, s100-s199 in its second, s200-s299
# as the untimed warm-up. Three sets of other bytes, so no push meets blobs already stored (Berth
# links a stored blob into another repository without an upload). 100 in --quick too: the figures
# are about a hundred deliveries per receiver, and these images are small.
EV_COUNT=100
EV_DATA="$BENCH_DIR/work/data/events-small$((3 * EV_COUNT))"
if scenario events && [ ! -f "$EV_DATA/index.json" ]; then
  log "generating the events scenario's small images into $EV_DATA (once)"
  rm -rf "$EV_DATA"
  # gen_layout.py always writes a "big" and a "five" image: 1 MiB and 5 MiB here, unused.
  python3 "$BENCH_DIR/gen_layout.py" "$EV_DATA" --big-mib 1 --five-mib 5 --small-count $((3 * EV_COUNT)) \
    --seed-prefix events-
fi

# The warm-up scenario pushes and pulls single-layer 1 MiB images one by one into fresh servers:
# m000 untimed, m001-m020 timed.
WU_COUNT=20
WU_DATA="$BENCH_DIR/work/data/warmup-1mib$((WU_COUNT + 1))"
if scenario warmup && [ ! -f "$WU_DATA/index.json" ]; then
  log "generating the warm-up scenario's 1 MiB images into $WU_DATA (once)"
  rm -rf "$WU_DATA"
  python3 "$BENCH_DIR/gen_layout.py" "$WU_DATA" --big-mib 1 --five-mib 5 --small-count 0 \
    --one-mib-count $((WU_COUNT + 1)) --seed-prefix first-minute-
fi

# ---------------------------------------------------------------- processes

RUN_DIR=$(mktemp -d "$BENCH_DIR/work/run.XXXXXX")
SAMPLES="$RUN_DIR/samples.tsv" META="$RUN_DIR/meta.tsv"
: >"$SAMPLES"; : >"$META"
PIDS=()

stop_pid() {  # TERM, up to 20 s of grace, then KILL
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$? pid i
  trap - EXIT INT TERM
  # Last started first: a cache goes before the upstream it fetches from.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[$i]}"; done
  # Anything else this script started (a skopeo or wrk interrupted mid-run), and what a background
  # subshell started (the proxy scenario's concurrent pulls: timeout, which passes TERM to skopeo).
  for pid in $(jobs -p); do pkill -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  if [ "$KEEP" = 1 ] || [ "$status" != 0 ]; then log "run directory kept: $RUN_DIR"; else rm -rf "$RUN_DIR"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
rate() { awk -v bytes="$1" -v s="$2" 'BEGIN { printf "%.2f", bytes / s / 1e6 }'; }
sample() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$SAMPLES"; log "  $1 $2 = $3"; }
meta() { printf '%s\t%s\n' "$1" "$2" >>"$META"; }

# Polls /v2/ until 200 (at most 120 s); prints seconds since $2 and the CPU seconds used by then.
wait_v2() {
  local port=$1 t0=$2 pid=$3 i code
  for i in $(seq 1 2400); do
    kill -0 "$pid" 2>/dev/null || die "server on port $port died; see its log in $RUN_DIR"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/v2/" || true)
    # 401: a registry with auth on is up and answering its challenge.
    if [ "$code" = 200 ] || [ "$code" = 401 ]; then echo "$(elapsed "$t0" "$(now)") $(cpu_seconds "$pid")"; return; fi
    sleep 0.05
  done
  die "no 200 from /v2/ on port $port after 120 s"
}

# user + system CPU seconds the process has used so far: start-up cost that a busy neighbour cannot inflate.
cpu_seconds() {
  sed 's/^.*) //' "/proc/$1/stat" | awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($12 + $13) / hz }'
}

vmhwm_mib() { awk '/^VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
vmrss_mib() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# start_berth NAME [java flags...] [-- berth args...]: sets SRV_PID, SRV_PORT, SRV_STARTUP ("wall-seconds cpu-seconds").
# The same NAME again restarts on the same data.
start_berth() {
  local name=$1; shift
  BERTH_JAVA_FLAGS=(); BERTH_ARGS=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do BERTH_JAVA_FLAGS+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  BERTH_ARGS=("$@")
  local dir="$RUN_DIR/$name" t0
  mkdir -p "$dir"
  SRV_PORT=$($LIB free-port)
  t0=$(now)
  MALLOC_ARENA_MAX=2 "$JAVA_BIN" "${JAVA_FLAGS[@]}" ${CACHE_FLAGS[@]+"${CACHE_FLAGS[@]}"} "${BERTH_JAVA_FLAGS[@]}" "${LAUNCH[@]}" --server.address=127.0.0.1 --server.port="$SRV_PORT" \
    --berth.data-dir="$dir/data" "${BERTH_ARGS[@]}" >>"$dir/server.log" 2>&1 &
  SRV_PID=$!; PIDS+=("$SRV_PID")
  SRV_STARTUP=$(wait_v2 "$SRV_PORT" "$t0" "$SRV_PID")
}

# start_distribution NAME [--upstream] [--proxy URL]: sets SRV_PID, SRV_PORT, SRV_STARTUP.
#   --upstream  the proxy scenario's upstream: its access log (one line per request, with the bytes
#               of the response) goes to NAME/access.log, and its Prometheus metrics (requests in
#               flight) to a debug port, SRV_DEBUG_PORT
#   --proxy URL a pull-through cache of the registry at URL (Distribution's proxy mode)
start_distribution() {
  local name=$1; shift
  local upstream=0 remote="" dir="$RUN_DIR/$name" t0
  while [ $# -gt 0 ]; do
    case "$1" in
      --upstream) upstream=1 ;;
      --proxy) remote=$2; shift ;;
      *) die "start_distribution: unknown option $1" ;;
    esac
    shift
  done
  mkdir -p "$dir/storage"
  SRV_PORT=$($LIB free-port)
  # Debian's and upstream's default config, minus auth and the access log (Berth writes none; the
  # upstream keeps it, to count what the caches fetch): filesystem storage, in-memory blob
  # descriptor cache, no redirects.
  cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: $([ "$upstream" = 1 ] && echo false || echo true)
storage:
  filesystem:
    rootdirectory: $dir/storage
  cache:
    blobdescriptor: inmemory
  delete:
    enabled: true
  redirect:
    disable: true
http:
  addr: 127.0.0.1:$SRV_PORT
EOF
  if [ "$upstream" = 1 ]; then
    SRV_DEBUG_PORT=$($LIB free-port)
    cat >>"$dir/config.yml" <<EOF
  debug:
    addr: 127.0.0.1:$SRV_DEBUG_PORT
    prometheus:
      enabled: true
      path: /metrics
EOF
  fi
  if [ -n "$remote" ]; then
    cat >>"$dir/config.yml" <<EOF
proxy:
  remoteurl: $remote
EOF
  fi
  t0=$(now)
  if [ "$upstream" = 1 ]; then
    # The access log is Distribution's stdout; its own log, stderr.
    docker-registry serve "$dir/config.yml" >"$dir/access.log" 2>"$dir/server.log" &
  else
    docker-registry serve "$dir/config.yml" >"$dir/server.log" 2>&1 &
  fi
  SRV_PID=$!; PIDS+=("$SRV_PID")
  SRV_STARTUP=$(wait_v2 "$SRV_PORT" "$t0" "$SRV_PID")
}

start_nginx() {
  local dir="$RUN_DIR/nginx"
  mkdir -p "$dir/tmp"
  NGINX_PORT=$($LIB free-port)
  cat >"$dir/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $DATA/blobs/sha256;
  }
}
EOF
  "$NGINX" -p "$dir" -c "$dir/nginx.conf" >"$dir/stdout.log" 2>&1 &
  NGINX_PID=$!; PIDS+=("$NGINX_PID")
  wait_for_http "http://127.0.0.1:$NGINX_PORT/${BIG_LAYER#sha256:}" "$NGINX_PID"
}

wait_for_http() {
  local url=$1 pid=$2 i
  for i in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || die "nginx died; see $RUN_DIR/nginx"
    [ "$(curl -s -o /dev/null -I -w '%{http_code}' --max-time 2 "$url" || true)" = 200 ] && return
    sleep 0.05
  done
  die "no 200 from $url"
}

# stop_server SYSTEM PID METRIC: records VmHWM, then stops it
stop_server() {
  sample "$3" "$1" "$(vmhwm_mib "$2")"
  stop_pid "$2"
}

# ---------------------------------------------------------------- workloads

SKOPEO=(skopeo copy -q --insecure-policy --retry-times 0)

# Before each timed transfer: the previous one's dirty pages go to disk first, untimed. Without it
# whoever went second paid for the first one's writeback (a pull measured 5.5 s after another
# pull and 4.8 s after a sync), and the round's order, not the registry, decided the ratio.
settle() { sync; }

push() {  # push SYSTEM REGISTRY REF METRIC BYTES
  local t0 t1
  settle
  t0=$(now)
  "${SKOPEO[@]}" --dest-tls-verify=false "oci:$DATA:$3" "docker://$2/bench/$3:$3" >/dev/null \
    || die "push of $3 to $1 failed"
  t1=$(now)
  sample "$4" "$1" "$(rate "$5" "$(elapsed "$t0" "$t1")")"
}

pull() {  # pull SYSTEM REGISTRY REF METRIC BYTES
  local dest="$RUN_DIR/pulled-$1-$3" t0 t1
  rm -rf "$dest"
  settle
  t0=$(now)
  "${SKOPEO[@]}" --src-tls-verify=false "docker://$2/bench/$3:$3" "oci:$dest:$3" >/dev/null \
    || die "pull of $3 from $1 failed"
  t1=$(now)
  $LIB verify "$DATA" "$3" "$dest" "$3" || die "pulled $3 from $1 does not match what was pushed"
  rm -rf "$dest"
  sample "$4" "$1" "$(rate "$5" "$(elapsed "$t0" "$t1")")"
}

blob_get() {  # blob_get SYSTEM URL
  local out speed code size
  settle
  out=$(curl -s -o /dev/null -w '%{speed_download} %{http_code} %{size_download}' "$2") || die "blob GET from $1 failed"
  read -r speed code size <<<"$out"
  [ "$code" = 200 ] && [ "$size" = "$BIG_LAYER_BYTES" ] || die "blob GET from $1: HTTP $code, $size bytes"
  sample get_blob "$1" "$(awk -v s="$speed" 'BEGIN { printf "%.2f", s / 1e6 }')"
}

ACCEPT='Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json'

# Gives the five-layer image ten more tags, so the tag list is not a one-liner.
add_tags() {
  local registry=$1 manifest="$RUN_DIR/manifest.json" i
  curl -sf -H "$ACCEPT" -o "$manifest" "http://$registry/v2/bench/five/manifests/five" || die "manifest GET on $registry failed"
  for i in $(seq -w 0 9); do
    curl -sf -o /dev/null -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
      --data-binary @"$manifest" "http://$registry/v2/bench/five/manifests/t$i" || die "tagging t$i on $registry failed"
  done
}

rps() {  # rps SYSTEM METRIC URL [HEADER]
  local out value errors header=${4:-X-Bench: 1}
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "$ACCEPT" -H "$header" "$3")" = 200 ] || die "$3 does not answer 200"
  # Untimed warm-up for both servers: a 10 s run on a cold JVM would measure the JIT, not the path.
  wrk -t2 -c32 -d"${WARMUP_SECS}s" -H "$ACCEPT" -H "$header" "$3" >/dev/null || die "wrk warm-up against $1 failed"
  out=$(wrk -t2 -c32 -d"${WRK_SECS}s" -H "$ACCEPT" -H "$header" "$3") || die "wrk against $1 failed"
  errors=$(awk '/Non-2xx or 3xx responses/ { print $NF }' <<<"$out")
  [ -z "$errors" ] || die "wrk against $1: $errors non-2xx responses"
  value=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  [ -n "$value" ] || die "no Requests/sec in wrk output: $out"
  sample "$2" "$1" "$value"
}

# Untimed: every kind of timed work once, on the warm-up set, so the timed runs meet a server that
# has been up a while (Berth's JIT has compiled its paths) rather than one that has just started.
warm_up() {  # warm_up SYSTEM REGISTRY
  local ref dest="$RUN_DIR/warm-pulled-$1"
  for ref in big five; do
    "${SKOPEO[@]}" --dest-tls-verify=false "oci:$WARM_DATA:$ref" "docker://$2/warmup/$ref:$ref" >/dev/null \
      || die "warm-up push of $ref to $1 failed"
    rm -rf "$dest"
    "${SKOPEO[@]}" --src-tls-verify=false "docker://$2/warmup/$ref:$ref" "oci:$dest:$ref" >/dev/null \
      || die "warm-up pull of $ref from $1 failed"
  done
  rm -rf "$dest"
  seq -f 's%03g' 0 $((SMALL - 1)) | xargs -P8 -I{} \
    "${SKOPEO[@]}" --dest-tls-verify=false "oci:$WARM_DATA:{}" "docker://$2/warmup-small/{}:latest" >/dev/null \
    || die "a warm-up push to $1 failed"
}

parallel_push() {  # parallel_push SYSTEM REGISTRY
  local t0 t1
  settle
  t0=$(now)
  seq -f 's%03g' 0 $((SMALL - 1)) | xargs -P8 -I{} \
    "${SKOPEO[@]}" --dest-tls-verify=false "oci:$DATA:{}" "docker://$2/small/{}:latest" >/dev/null \
    || die "a parallel push to $1 failed"
  t1=$(now)
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "$ACCEPT" \
      "http://$2/v2/small/s$(printf %03d $((SMALL - 1)))/manifests/latest")" = 200 ] || die "last small image missing on $1"
  sample parallel_push "$1" "$(elapsed "$t0" "$t1")"
}

# ---------------------------------------------------------------- proxy scenario

# One plain Distribution, the upstream, holds the images for the whole run; each round starts a
# Berth with it as upstream "up" and a Distribution in proxy mode in front of it, both on empty
# storage. The upstream's bench/five is CACHE/up/bench/five on Berth and CACHE/bench/five on
# Distribution; "upstream" as a system is the same pull straight from the upstream.
PULL_TIMEOUT=600  # s: a cache that stalls fails the run, naming itself, instead of hanging it

source_of() {  # source_of SYSTEM: the prefix SYSTEM serves the upstream's repositories under
  case $1 in
    berth) echo "$BC/up" ;;
    distribution) echo "$DC" ;;
    upstream) echo "$UP" ;;
    *) die "source_of: no system $1" ;;
  esac
}

log_of() {  # log_of SYSTEM: its server log, for error messages
  case $1 in
    berth) echo "$RUN_DIR/$BC_NAME/server.log" ;;
    distribution) echo "$RUN_DIR/$DC_NAME/server.log" ;;
    *) echo "$RUN_DIR/upstream/server.log" ;;
  esac
}

# proxy_copy SYSTEM SOURCE DEST [CLIENT_LOG]: skopeo copy docker://SOURCE oci:DEST, bounded by PULL_TIMEOUT.
proxy_copy() {
  local status=0 err=${4:-$RUN_DIR/skopeo.err}
  timeout -k 10 "$PULL_TIMEOUT" "${SKOPEO[@]}" --src-tls-verify=false "docker://$2" "oci:$3" >/dev/null 2>"$err" \
    || status=$?
  [ "$status" = 0 ] && return
  [ -z "${4:-}" ] && cat "$err" >&2
  if [ "$status" = 124 ] || [ "$status" = 137 ]; then
    die "pull of $2 through $1 did not finish within $PULL_TIMEOUT s; see $(log_of "$1")"
  fi
  die "pull of $2 through $1 failed (skopeo exit $status: $(tail -c 300 "$err" | tr '\n' ' ')); see $(log_of "$1")"
}

upstream_mark() { stat -c %s "$UP_ACCESS"; }  # where the upstream's access log ends now

upstream_in_flight() {  # requests the upstream is serving right now
  local metrics
  metrics=$(curl -sf --max-time 5 "http://127.0.0.1:$UP_DEBUG_PORT/metrics") || die "no metrics from the upstream"
  awk '/^registry_http_in_flight_requests/ { n += $2 } END { print n + 0 }' <<<"$metrics"
}

# Until nothing fetches from the upstream: no request in flight there for a second (Distribution
# stores a blob it proxies in a background fetch of its own, which may outlast its client's pull),
# and for Distribution every blob of the image linked in its repository. Untimed; at most 120 s.
# The bytes of the pull are counted after this, so a fetch still running is not missed.
cache_settle() {  # cache_settle SYSTEM REPO LAYOUT REF
  local quiet=0 i digest missing
  for i in $(seq 1 1200); do
    if [ "$(upstream_in_flight)" = 0 ]; then quiet=$((quiet + 1)); else quiet=0; fi
    if [ "$quiet" -ge 10 ]; then
      [ "$1" != distribution ] && return
      missing=0
      for digest in $($LIB blob-digests "$3" "$4"); do
        [ -f "$RUN_DIR/$DC_NAME/storage/docker/registry/v2/repositories/$2/_layers/sha256/${digest#sha256:}/link" ] \
          || { missing=1; break; }
      done
      [ "$missing" = 0 ] && return
    fi
    sleep 0.1
  done
  die "$1 still fetching $2 from the upstream, or has not stored it, 120 s after its pull; see $(log_of "$1")"
}

# copies SENT BYTES: how many copies of an image of BYTES the upstream's SENT bytes make
copies() { awk -v got="$1" -v image="$2" 'BEGIN { printf "%.2f", got / image }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1e6 }'; }

# proxy_pull SYSTEM METRIC REPO LAYOUT REF BYTES: a timed pull through a cache (or straight from
# the upstream), digests checked; for a cache, also the copies of the image it fetched upstream.
proxy_pull() {
  local system=$1 metric=$2 repo=$3 layout=$4 ref=$5 bytes=$6 dest="$RUN_DIR/proxy-pulled-$1-$5" mark t0 t1
  rm -rf "$dest"
  settle
  mark=$(upstream_mark)
  t0=$(now)
  proxy_copy "$system" "$(source_of "$system")/$repo:$ref" "$dest:$ref"
  t1=$(now)
  $LIB verify "$layout" "$ref" "$dest" "$ref" \
    || die "$repo:$ref pulled through $system does not match the upstream's image; see $(log_of "$system")"
  rm -rf "$dest"
  sample "$metric" "$system" "$(rate "$bytes" "$(elapsed "$t0" "$t1")")"
  if [ "$system" != upstream ]; then
    cache_settle "$system" "$repo" "$layout" "$ref"
    sample "${metric}_copies" "$system" "$(copies "$($LIB access-bytes "$UP_ACCESS" "$mark")" "$bytes")"
  fi
}

# concurrent_pull SYSTEM: 8 skopeo clients pull concurrent/five at once, each into its own layout;
# wall time from the first start to the last end, then the bytes the upstream sent meanwhile.
concurrent_pull() {
  local system=$1 src i mark t0 t1 fetched pids=() failed=()
  src="$(source_of "$system")/concurrent/five:five"
  for i in 1 2 3 4 5 6 7 8; do rm -rf "$RUN_DIR/concurrent-$system-$i"; done
  settle
  mark=$(upstream_mark)
  t0=$(now)
  for i in 1 2 3 4 5 6 7 8; do
    ( proxy_copy "$system" "$src" "$RUN_DIR/concurrent-$system-$i:five" "$RUN_DIR/concurrent-$system-$i.err" ) &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed+=("$((i + 1))"); done
  t1=$(now)
  if [ ${#failed[@]} -gt 0 ]; then
    for i in "${failed[@]}"; do log "  client $i: $(tail -c 300 "$RUN_DIR/concurrent-$system-$i.err" | tr '\n' ' ')"; done
    die "${#failed[@]} of 8 concurrent pulls of $src failed; see $(log_of "$system")"
  fi
  for i in 1 2 3 4 5 6 7 8; do
    $LIB verify "$CONC_DATA" five "$RUN_DIR/concurrent-$system-$i" five \
      || die "client $i's pull of $src does not match the upstream's image; see $(log_of "$system")"
    rm -rf "$RUN_DIR/concurrent-$system-$i"
  done
  [ "$system" = upstream ] || cache_settle "$system" concurrent/five "$CONC_DATA" five
  fetched=$($LIB access-bytes "$UP_ACCESS" "$mark")
  sample proxy_concurrent "$system" "$(elapsed "$t0" "$t1")"
  sample proxy_concurrent_mb "$system" "$(mb "$fetched")"
  sample proxy_concurrent_copies "$system" "$(copies "$fetched" "$CONC_BYTES")"
}

# Untimed: a cold and a warm pull of the warm-up images through each cache, so the timed pulls meet
# a JVM that has run its cache paths (a miss, a fetch, a hit) rather than one that has just started.
proxy_warm_up() {  # proxy_warm_up SYSTEM
  local ref pass dest="$RUN_DIR/warm-pulled-$1"
  for ref in big five; do
    for pass in cold warm; do
      rm -rf "$dest"
      proxy_copy "$1" "$(source_of "$1")/warmup/$ref:$ref" "$dest:$ref"
      cache_settle "$1" "warmup/$ref" "$WARM_DATA" "$ref"
    done
  done
  rm -rf "$dest"
}

# The upstream, once per run: a plain Distribution holding the timed, warm-up and concurrent images.
start_upstream() {
  local spec layout ref repo
  start_distribution upstream --upstream
  UP_PID=$SRV_PID; UP="127.0.0.1:$SRV_PORT"; UP_DEBUG_PORT=$SRV_DEBUG_PORT; UP_ACCESS="$RUN_DIR/upstream/access.log"
  log "upstream Distribution on $UP; pushing the images to it (untimed)"
  for spec in "$DATA big bench/big" "$DATA five bench/five" "$WARM_DATA big warmup/big" "$WARM_DATA five warmup/five" \
      "$CONC_DATA five concurrent/five"; do
    read -r layout ref repo <<<"$spec"
    "${SKOPEO[@]}" --dest-tls-verify=false "oci:$layout:$ref" "docker://$UP/$repo:$ref" >/dev/null \
      || die "push of $repo:$ref to the upstream failed; see $RUN_DIR/upstream/server.log"
  done
}

proxy_round() {  # proxy_round N
  local round=$1 s order balanced
  BC_NAME="berth-proxy-$round" DC_NAME="distribution-proxy-$round"
  # Auth as in the registry scenario's main rows (off); no credentials for the upstream, which has no auth.
  start_berth "$BC_NAME" ${BERTH_MAIN_FLAGS[@]+"${BERTH_MAIN_FLAGS[@]}"} -- --berth.auth.enabled=false \
    --logging.level.dev.berth.requests=warn '--berth.proxy.upstreams[0].name=up' "--berth.proxy.upstreams[0].url=http://$UP"
  BC_PID=$SRV_PID; BC="127.0.0.1:$SRV_PORT"
  start_distribution "$DC_NAME" --proxy "http://$UP"
  DC_PID=$SRV_PID; DC="127.0.0.1:$SRV_PORT"

  if [ $((round % 2)) = 1 ]; then order="berth distribution"; else order="distribution berth"; fi
  balanced="$order $(awk '{ print $2, $1 }' <<<"$order")"

  for s in $order; do log "  warming up $s as a cache (untimed)"; proxy_warm_up "$s"; done

  # Cold: the first pull through each cache; the direct pull before and after them is the reference.
  for s in upstream $order upstream; do
    proxy_pull "$s" "$([ "$s" = upstream ] && echo proxy_direct_big || echo proxy_cold_big)" bench/big "$DATA" big "$BIG_BYTES"
  done
  for s in upstream $order upstream; do
    proxy_pull "$s" "$([ "$s" = upstream ] && echo proxy_direct_five || echo proxy_cold_five)" bench/five "$DATA" five "$FIVE_BYTES"
  done
  # Warm: now cached, so reads, timed A B B A.
  for s in $balanced; do proxy_pull "$s" proxy_warm_big bench/big "$DATA" big "$BIG_BYTES"; done
  for s in $balanced; do proxy_pull "$s" proxy_warm_five bench/five "$DATA" five "$FIVE_BYTES"; done
  for s in upstream $order; do concurrent_pull "$s"; done

  stop_server berth "$BC_PID" proxy_rss
  stop_server distribution "$DC_PID" proxy_rss
}

# ---------------------------------------------------------------- events scenario

# Berth alone: Distribution's notifications are in-memory (no subscriptions, no retries), so there is
# no like-for-like row; the comparison is Berth with subscriptions against Berth without them.
# Three receivers (bench/webhook_receiver.py) on loopback, per round: two answer 204 at once, one
# after 1 s. Each subscription is for one namespace, so a receiver's log tells each phase's
# deliveries apart (namespace warm: the warm-up; hooked: the timed push with subscriptions; plain:
# the timed push without), and events that Berth fans out late can never count for another phase.
REC_NAMES=(fast1 fast2 slow)
REC_DELAYS=(0 0 1)
REC_CLASSES=(fast fast slow)
EV_TIMEOUT=180  # s after a push for its deliveries to arrive and show as delivered in Berth's log
EV_FAILED=()    # what went wrong with the deliveries: reported at the end, and the exit status is 1

ev_fail() { log "error: $*"; EV_FAILED+=("$*"); }

# start_receivers DIR: the three receivers, logs in DIR; sets REC_PORTS, REC_LOGS and REC_PIDS
start_receivers() {
  local dir=$1 i j
  mkdir -p "$dir"
  REC_PORTS=() REC_LOGS=() REC_PIDS=()
  for i in "${!REC_NAMES[@]}"; do
    REC_LOGS+=("$dir/${REC_NAMES[$i]}.jsonl")
    python3 "$BENCH_DIR/webhook_receiver.py" --name "${REC_NAMES[$i]}" --delay "${REC_DELAYS[$i]}" \
      --log "${REC_LOGS[$i]}" --port-file "$dir/${REC_NAMES[$i]}.port" 2>>"$dir/receivers.log" &
    REC_PIDS+=($!); PIDS+=($!)
  done
  for i in "${!REC_NAMES[@]}"; do
    # The port file appears once the receiver listens.
    for j in $(seq 1 200); do
      [ -s "$dir/${REC_NAMES[$i]}.port" ] && break
      kill -0 "${REC_PIDS[$i]}" 2>/dev/null || die "webhook receiver ${REC_NAMES[$i]} died; see $dir/receivers.log"
      sleep 0.05
    done
    [ -s "$dir/${REC_NAMES[$i]}.port" ] || die "webhook receiver ${REC_NAMES[$i]} not listening after 10 s; see $dir/receivers.log"
    REC_PORTS+=("$(cat "$dir/${REC_NAMES[$i]}.port")")
  done
}

stop_receivers() {
  local pid
  for pid in "${REC_PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || ev_fail "a webhook receiver (pid $pid) had died before the round's end; see $EV_DIR/receivers.log"
    stop_pid "$pid"
  done
}

api() {  # api METHOD PATH [JSON]: sets API_CODE and API_BODY
  local out
  out=$(curl -s --max-time 30 -w '\n%{http_code}' -X "$1" -H 'Content-Type: application/json' ${3:+--data "$3"} \
    "http://$EB$2") || die "$1 $2 on Berth failed (curl); see $EB_LOG"
  API_CODE=${out##*$'\n'} API_BODY=${out%$'\n'*}
}

# subscribe NS: one subscription per receiver for manifest.pushed in namespace NS, CloudEvents; sets EV_SUBS
subscribe() {
  local i id
  EV_SUBS=()
  for i in "${!REC_NAMES[@]}"; do
    api POST /api/v1/webhooks "{\"url\":\"http://127.0.0.1:${REC_PORTS[$i]}/${REC_NAMES[$i]}\",\"events\":[\"manifest.pushed\"],\"format\":\"cloudevents\",\"namespace\":\"$1\"}"
    [ "$API_CODE" = 201 ] || die "creating the webhook for ${REC_NAMES[$i]} failed: HTTP $API_CODE $API_BODY"
    id=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["webhook"]["id"])' <<<"$API_BODY") \
      || die "no webhook id in Berth's answer: $API_BODY"
    EV_SUBS+=("$id")
  done
}

unsubscribe() {
  local id
  for id in "${EV_SUBS[@]}"; do
    api DELETE "/api/v1/webhooks/$id"
    [ "$API_CODE" = 204 ] || die "deleting webhook $id failed: HTTP $API_CODE $API_BODY"
  done
  EV_SUBS=()
}

no_subscriptions() {  # before the push without subscriptions: make sure there are none
  api GET "/api/v1/webhooks?size=1"
  [ "$API_CODE" = 200 ] || die "listing webhooks failed: HTTP $API_CODE $API_BODY"
  [ "$(python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])' <<<"$API_BODY")" = 0 ] \
    || die "Berth still has webhook subscriptions before the push without any: $API_BODY"
}

# events_push NS FIRST [SYSTEM]: the EV_COUNT small images from s<FIRST> on, pushed by 8 parallel skopeo clients
# into NS/s...:latest; timed (metric events_push for SYSTEM) when SYSTEM is given. Sets EV_PUSH_END.
events_push() {
  local ns=$1 first=$2 system=${3:-} t0 t1 urls=() i found
  settle
  t0=$(now)
  seq -f 's%03g' "$first" $((first + EV_COUNT - 1)) | xargs -P8 -I{} \
    "${SKOPEO[@]}" --dest-tls-verify=false "oci:$EV_DATA:{}" "docker://$EB/$ns/{}:latest" >/dev/null \
    || die "a parallel push to $ns/ on Berth failed; see $EB_LOG"
  t1=$(now)
  EV_PUSH_END=$t1
  # Every image there, in one curl (each URL with its own -o).
  for i in $(seq "$first" $((first + EV_COUNT - 1))); do
    urls+=(-o /dev/null "http://$EB/v2/$ns/s$(printf %03d "$i")/manifests/latest")
  done
  found=$(curl -s -I -H "$ACCEPT" -w '%{http_code}\n' "${urls[@]}" | grep -c '^200$' || true)
  [ "$found" = "$EV_COUNT" ] || die "only $found of the $EV_COUNT images pushed to $ns/ are on Berth"
  [ -z "$system" ] || sample events_push "$system" "$(elapsed "$t0" "$t1")"
}

# delivery_state: Berth's delivery log for EV_SUBS, summed: sets DS_TOTAL (deliveries), DS_DELIVERED
# (those in state delivered) and DS_RETRIES (attempts beyond each delivery's first)
delivery_state() {
  local id files=() state
  for id in "${EV_SUBS[@]}"; do
    api GET "/api/v1/webhooks/$id/deliveries?size=100"
    [ "$API_CODE" = 200 ] || die "the delivery log of webhook $id: HTTP $API_CODE $API_BODY"
    printf '%s' "$API_BODY" >"$EV_DIR/deliveries-$id.json"
    files+=("$EV_DIR/deliveries-$id.json")
  done
  state=$($LIB webhook-deliveries "${files[@]}") || die "unreadable delivery log in $EV_DIR/deliveries-*.json"
  read -r DS_TOTAL DS_DELIVERED DS_RETRIES <<<"$state"
}

# wait_deliveries NS: until each receiver has the EV_COUNT events of NS and Berth's delivery log has
# them all delivered (so no delivery is in flight when the subscriptions are deleted), at most
# EV_TIMEOUT s; sets EV_RETRIES. Untimed: the lags come from the receivers' logs. Fails (after
# reporting it) when they did not all arrive in time.
wait_deliveries() {
  local ns=$1 deadline counts c ok status=0 want=$((EV_COUNT * ${#REC_NAMES[@]}))
  deadline=$(awk -v t="$(now)" -v d="$EV_TIMEOUT" 'BEGIN { printf "%.3f", t + d }')
  DS_TOTAL=0 DS_DELIVERED=0 DS_RETRIES=0
  while :; do
    kill -0 "$EB_PID" 2>/dev/null || die "Berth died while delivering; see $EB_LOG"
    counts=$($LIB webhook-count "$ns" "${REC_LOGS[@]}")
    ok=1
    for c in $counts; do [ "$c" -ge "$EV_COUNT" ] || ok=0; done
    if [ "$ok" = 1 ]; then
      delivery_state
      [ "$DS_DELIVERED" -ge "$want" ] && break
    fi
    if awk -v t="$(now)" -v d="$deadline" 'BEGIN { exit !(t > d) }'; then
      [ "$ok" = 1 ] || delivery_state
      ev_fail "namespace $ns: after $EV_TIMEOUT s the receivers (${REC_NAMES[*]}) have $counts of $EV_COUNT events each; Berth's delivery log: $DS_DELIVERED of $DS_TOTAL deliveries delivered ($want expected); see $EB_LOG and $EV_DIR"
      status=1
      break
    fi
    sleep 0.5
  done
  [ "$DS_TOTAL" -le "$want" ] || ev_fail "namespace $ns: Berth's delivery log has $DS_TOTAL deliveries, $want expected"
  EV_RETRIES=$DS_RETRIES
  return "$status"
}

# delivery_stats NS PUSH_END [record]: counts, duplicates and lags of NS's events from the receivers'
# logs; recorded as samples with "record"; anything amiss is reported either way.
delivery_stats() {
  local key value specs=() i
  for i in "${!REC_NAMES[@]}"; do specs+=("${REC_CLASSES[$i]}=${REC_LOGS[$i]}"); done
  while IFS=$'\t' read -r key value; do
    if [ "$key" = problem ]; then ev_fail "namespace $1: $value"
    elif [ "${3:-}" = record ]; then sample "$key" berth "$value"; fi
  done < <($LIB webhook-stats "$1" "$EV_COUNT" "$2" "${specs[@]}" || echo "problem	webhook-stats failed")
}

# log_problems MARK: WARN and ERROR lines Berth logged after byte MARK of its log (after start-up)
log_problems() {
  tail -c +$(($1 + 1)) "$EB_LOG" | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[^ ]+ +(WARN|ERROR) ' || true
}

events_round() {  # events_round N
  local round=$1 order system slot=0 hooked_end="" mark problems
  EB_NAME="berth-events-$round" EV_DIR="$RUN_DIR/events-$round"
  # Auth off and no access log, as in the other scenarios' main rows; loopback receivers allowed.
  start_berth "$EB_NAME" ${BERTH_MAIN_FLAGS[@]+"${BERTH_MAIN_FLAGS[@]}"} -- --berth.auth.enabled=false \
    --logging.level.dev.berth.requests=warn --berth.events.allow-private-targets=true
  EB_PID=$SRV_PID; EB="127.0.0.1:$SRV_PORT"; EB_LOG="$RUN_DIR/$EB_NAME/server.log"
  mark=$(stat -c %s "$EB_LOG")
  start_receivers "$EV_DIR"

  # Untimed: a parallel push with the three subscriptions, all its deliveries awaited, so the timed
  # pushes meet a JVM that has run the push, fan-out and delivery paths.
  log "  warming up Berth with 3 subscriptions (untimed)"
  subscribe warm
  events_push warm $((2 * EV_COUNT))
  wait_deliveries warm || true
  delivery_stats warm "$EV_PUSH_END"
  unsubscribe

  # Which goes first alternates by round; the first slot always pushes s000-s099, the second s100-s199.
  if [ $((round % 2)) = 1 ]; then order="plain hooked"; else order="hooked plain"; fi
  for system in $order; do
    if [ "$system" = hooked ]; then subscribe hooked; else no_subscriptions; fi
    events_push "$system" $((slot * EV_COUNT)) "$system"
    slot=$((slot + 1))
    if [ "$system" = hooked ]; then
      hooked_end=$EV_PUSH_END
      if wait_deliveries hooked; then
        log "  all delivered, as Berth's delivery log has it, $(elapsed "$hooked_end" "$(now)") s after the push (polled every 0.5 s)"
      fi
      sample events_retries berth "$EV_RETRIES"
      unsubscribe
    fi
  done
  # Last, so late duplicates of the timed push with subscriptions had the other push's time to show.
  delivery_stats hooked "$hooked_end" record
  problems=$(log_problems "$mark")
  sample events_log_problems berth "$(grep -c . <<<"$problems" || true)"
  [ -z "$problems" ] || ev_fail "Berth logged warnings or errors during the round (first 5 below); see $EB_LOG
$(head -5 <<<"$problems" | cut -c1-400)"
  stop_server berth "$EB_PID" events_rss
  stop_receivers
}

# ---------------------------------------------------------------- run

meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta command "$COMMAND_LINE"
meta mode "$([ "$QUICK" = 1 ] && echo quick || echo full); $RUNS run(s); scenarios: $SCENARIOS$( (scenario registry || scenario proxy) && echo "; layer ${BIG_LAYER_BYTES} B; five-layer image ${FIVE_BYTES} B")$(scenario registry && echo "; $SMALL small images; wrk -t2 -c32 -d${WRK_SECS}s after ${WARMUP_SECS}s warm-up")$(scenario events && echo "; events: $EV_COUNT small images per push")"
scenario registry && meta warmup "per round, before timing, each server gets an untimed push and pull of a 64 MiB layer and of the five-layer image, and a parallel push of the small images, all with other bytes than the timed set; and a sync (untimed) before each timed transfer; pulls and blob GETs are timed twice per round, in the order A B B A, and the median is over all their samples"
meta big_label "$([ "$BIG_MIB" = 1024 ] && echo 1 GiB || echo "$BIG_MIB MiB")"
meta five_label "~$FIVE_MIB MiB"
meta small_count "$SMALL"
meta nproc "$(nproc)"
meta cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
meta ram "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
meta kernel "$(uname -r)"
meta loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg)"
# --aot: the production recipe's AOT cache; --archive: the Java 19-24 recipe's class-data archive.
# Either belongs to the jar it was made with (a copy in the run's directory, so a rebuild cannot
# change it) and to these JVM flags; the JVM writes it when the training run exits. --image: the
# image's files as they are, the jar's manifest's Add-Opens given as the image's entrypoint gives them.
CACHE_FLAGS=() LAUNCH=(-jar "$JAR")
if [ $((AOT + ARCHIVE + IMAGE)) -gt 1 ]; then die "--image, --aot and --archive are ways to start: choose one"; fi
if [ "$IMAGE" = 1 ]; then
  IMAGE_TAR="$ROOT/target/jib-image.tar" IMAGE_ROOT="$RUN_DIR/image"
  [ -f "$IMAGE_TAR" ] || die "--image needs $IMAGE_TAR: BERTH_IMAGE_JDK=<jdk 25> ./mvnw package jib:buildTar -Dberth.image.base=scratch"
  mkdir -p "$IMAGE_ROOT/tar"
  tar -xf "$IMAGE_TAR" -C "$IMAGE_ROOT/tar"
  for layer in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))[0]["Layers"]))' "$IMAGE_ROOT/tar/manifest.json"); do
    tar -xzf "$IMAGE_ROOT/tar/$layer" -C "$IMAGE_ROOT" --warning=no-unknown-keyword
  done
  rm -rf "$IMAGE_ROOT/tar"
  sed -i "s#/app/#$IMAGE_ROOT/app/#g" "$IMAGE_ROOT/app/jib-classpath-file"
  JAVA_BIN="$IMAGE_ROOT/opt/java/bin/java" JAR="$IMAGE_ROOT/app/classpath/$(ls "$IMAGE_ROOT/app/classpath")"
  CACHE_FLAGS=(-XX:AOTCache="$IMAGE_ROOT/app/berth.aot")
  LAUNCH=(--add-opens=java.base/java.security=ALL-UNNAMED --add-opens=java.base/sun.security.provider=ALL-UNNAMED
    -Dspring.aot.enabled=true -cp "@$IMAGE_ROOT/app/jib-classpath-file" dev.berth.BerthApplication)
  meta image "the image's files from target/jib-image.tar: its runtime (/opt/java), the AOT cache recorded at build time (/app/berth.aot) and the bean definitions generated at build time (-Dspring.aot.enabled=true)"
fi

meta berth "$(git -C "$ROOT" log -1 --format=%h -- src pom.xml 2>/dev/null || echo '?') (last commit of src/ and pom.xml)$(git -C "$ROOT" diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' (src modified)'); jar $(basename "$JAR")"
meta jdk "$("$JAVA_BIN" -version 2>&1 | sed -n 2p) ($JAVA_BIN)"
meta berth_flags "${JAVA_FLAGS[*]}${BERTH_MAIN_FLAGS[@]+ ${BERTH_MAIN_FLAGS[*]}} ${LAUNCH[*]//$RUN_DIR/<run>} --server.address=127.0.0.1 --server.port=<free> --berth.data-dir=<tmp> --berth.auth.enabled=false --logging.level.dev.berth.requests=warn (no access log, as Distribution; auth-on rows: the same data, restarted with auth on)"
meta distribution "$(docker-registry --version 2>&1 | head -1); storage filesystem, cache inmemory, access log off"
meta skopeo "$(skopeo --version)"
meta wrk "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
meta nginx "$("$NGINX" -v 2>&1 | sed 's/^nginx version: //'); sendfile on, 1 worker"
meta curl "$(curl --version | head -1 | cut -d' ' -f1-2)"
meta runs "$RUNS"
if scenario proxy; then
  meta proxy "one plain Distribution as the upstream for the whole run (access log on, to count the bytes it sends; in-flight requests from its Prometheus metrics); per round a Berth with --berth.proxy.upstreams[0].name=up --berth.proxy.upstreams[0].url=http://<upstream> (no upstream credentials; auth off, as above; ${BERTH_MAIN_FLAGS[*]:-default heap}) and a Distribution with proxy.remoteurl=http://<upstream>, each on empty storage; each warmed up untimed with a cold and a warm pull of other images (a 64 MiB layer, a five-layer image); cold pulls once per cache per round, with the direct pull from the upstream before and after them; warm pulls A B B A; after each pull through a cache, untimed, until the upstream has had no request in flight for 1 s (and Distribution has linked every blob) before its bytes are counted"
  meta concurrent_image "five layers, ${CONC_BYTES} B, other bytes than the timed five-layer image (so it is cold in every cache)"
fi
if scenario events; then
  meta events_count "$EV_COUNT"
  meta events "per round a Berth on empty storage with --berth.events.allow-private-targets=true (auth off, as above; ${BERTH_MAIN_FLAGS[*]:-default heap}; events poll interval and concurrency at their defaults, 1 s and 8) and three receivers (bench/webhook_receiver.py, Python ThreadingHTTPServer on loopback: two answer 204 at once, one after sleeping 1 s); untimed warm-up: a parallel push of $EV_COUNT other small images with the three subscriptions, its deliveries awaited; then the parallel push of $EV_COUNT small images timed with no subscription and with three (manifest.pushed, cloudevents, one per receiver, for the pushed namespace only), each with its own images, the first of the two alternating by round; after the push with subscriptions, untimed, until every receiver has its $EV_COUNT events and Berth's delivery log shows all delivered (at most ${EV_TIMEOUT} s), then the subscriptions are deleted"
fi

registry_round() {  # registry_round N: the registry scenario's round N
  local round=$1
  # Auth off and no access log, as Distribution runs: the same settings for both. Auth on is measured below.
  start_berth "berth-$round" ${BERTH_MAIN_FLAGS[@]+"${BERTH_MAIN_FLAGS[@]}"} -- --berth.auth.enabled=false \
    --logging.level.dev.berth.requests=warn
  B_PID=$SRV_PID; B="127.0.0.1:$SRV_PORT"
  sample startup berth "${SRV_STARTUP% *}"; sample startup_cpu berth "${SRV_STARTUP#* }"
  start_distribution "distribution-$round"; D_PID=$SRV_PID; D="127.0.0.1:$SRV_PORT"
  sample startup distribution "${SRV_STARTUP% *}"; sample startup_cpu distribution "${SRV_STARTUP#* }"
  # Resident memory of both, idle, 10 s after their first answer (a JVM settles its compilers by then).
  sleep 10
  sample idle_rss berth "$(vmrss_mib "$B_PID")"; sample idle_rss distribution "$(vmrss_mib "$D_PID")"

  # Alternate who goes first, so a warm cache or a neighbour's burst does not always favour one.
  if [ $((round % 2)) = 1 ]; then ORDER="berth distribution"; else ORDER="distribution berth"; fi
  registry() { [ "$1" = berth ] && echo "$B" || echo "$D"; }
  # Reads change nothing, so each is timed twice, in the order A B B A: both servers take both
  # places in every round. The first read of a pair came out slower whichever server it was.
  BALANCED="$ORDER $(awk '{ print $2, $1 }' <<<"$ORDER")"

  for s in $ORDER; do log "  warming up $s (untimed)"; warm_up "$s" "$(registry "$s")"; done

  for s in $ORDER; do push "$s" "$(registry "$s")" big push_big "$BIG_BYTES"; done
  for s in $BALANCED; do pull "$s" "$(registry "$s")" big pull_big "$BIG_BYTES"; done
  for s in $ORDER; do push "$s" "$(registry "$s")" five push_five "$FIVE_BYTES"; done
  for s in $BALANCED; do pull "$s" "$(registry "$s")" five pull_five "$FIVE_BYTES"; done
  for s in nginx $BALANCED nginx; do
    case $s in
      nginx) blob_get nginx "http://127.0.0.1:$NGINX_PORT/${BIG_LAYER#sha256:}" ;;
      *) blob_get "$s" "http://$(registry "$s")/v2/bench/big/blobs/$BIG_LAYER" ;;
    esac
  done
  for s in $ORDER; do add_tags "$(registry "$s")"; done
  for s in $ORDER; do rps "$s" manifest_rps "http://$(registry "$s")/v2/bench/five/manifests/five"; done
  for s in $ORDER; do rps "$s" tags_rps "http://$(registry "$s")/v2/bench/five/tags/list"; done
  for s in $ORDER; do parallel_push "$s" "$(registry "$s")"; done

  stop_server berth "$B_PID" rss
  stop_server distribution "$D_PID" rss

  # The same Berth data with auth on: wrk sends a bearer token from /token, as clients do.
  start_berth "berth-$round" ${BERTH_MAIN_FLAGS[@]+"${BERTH_MAIN_FLAGS[@]}"} -- \
    --berth.auth.admin-password=bench-password --berth.auth.token-ttl=30m --logging.level.dev.berth.requests=warn
  BA="127.0.0.1:$SRV_PORT"
  TOKEN=$(curl -sf -u admin:bench-password "http://$BA/token?service=berth&scope=repository:bench/five:pull" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])') || die "no token from Berth"
  rps berth manifest_rps_auth "http://$BA/v2/bench/five/manifests/five" "Authorization: Bearer $TOKEN"
  rps berth tags_rps_auth "http://$BA/v2/bench/five/tags/list" "Authorization: Bearer $TOKEN"
  stop_pid "$SRV_PID"

  # Invariant 1: a 1 GiB layer pushes and pulls with a small heap.
  if [ "$QUICK" = 1 ]; then
    # The main Berth ran with -Xmx128m: its figures are the small-heap figures.
    awk -F'\t' -v OFS='\t' '$2 == "berth" && ($1 == "push_big" || $1 == "pull_big" || $1 == "rss") {
      sub(/^(push_big|pull_big|rss)$/, "smallheap_&", $1); sub(/_big$/, "", $1); $2 = "berth-small"; print }' \
      "$SAMPLES" >>"$SAMPLES.tmp" && cat "$SAMPLES.tmp" >>"$SAMPLES" && rm -f "$SAMPLES.tmp"
  else
    start_berth "berth-small-$round" -Xmx128m -- --berth.auth.enabled=false --logging.level.dev.berth.requests=warn
    S="127.0.0.1:$SRV_PORT"
    push berth-small "$S" big smallheap_push "$BIG_BYTES"
    pull berth-small "$S" big smallheap_pull "$BIG_BYTES"
    stop_server berth-small "$SRV_PID" smallheap_rss
  fi
}

# ---------------------------------------------------------------- warm-up scenario

# The first minute after a start (a rollout, a restart): fresh servers on empty storage, one untimed
# push and pull each, then timed. Every 1 MiB image is timed on its own (the report's figure is the
# median of all of them), alternating which server goes first; then manifest GET under wrk -c32 in
# ten 1 s windows from cold, against the steady rate after 20 s more of load: the second in which
# the rate first reached 90% of it.
wu_copy() {  # wu_copy push|pull SYSTEM REGISTRY REF: prints the seconds the copy took
  local dest="$RUN_DIR/wu-pulled-$2" t0 t1
  settle
  if [ "$1" = push ]; then
    t0=$(now)
    "${SKOPEO[@]}" --dest-tls-verify=false "oci:$WU_DATA:$4" "docker://$3/first/$4:$4" >/dev/null || die "push of $4 to $2 failed"
    t1=$(now)
  else
    rm -rf "$dest"
    t0=$(now)
    "${SKOPEO[@]}" --src-tls-verify=false "docker://$3/first/$4:$4" "oci:$dest:$4" >/dev/null || die "pull of $4 from $2 failed"
    t1=$(now)
    $LIB verify "$WU_DATA" "$4" "$dest" "$4" || die "pulled $4 from $2 does not match what was pushed"
    rm -rf "$dest"
  fi
  elapsed "$t0" "$t1"
}

wu_steady() {  # wu_steady SYSTEM URL: samples warm_manifest_steady (seconds of load until 90% of the steady rate)
  local w rates=() out steady reached=11
  for w in $(seq 1 10); do
    out=$(wrk -t2 -c32 -d1s -H "$ACCEPT" "$2") || die "wrk against $1 failed"
    rates+=("$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")")
  done
  wrk -t2 -c32 -d20s -H "$ACCEPT" "$2" >/dev/null || die "wrk against $1 failed"
  steady=$(wrk -t2 -c32 -d10s -H "$ACCEPT" "$2" | awk '/^Requests\/sec/ { print $2 }')
  for w in $(seq 1 10); do
    if awk -v r="${rates[$((w - 1))]}" -v s="$steady" 'BEGIN { exit !(r >= 0.9 * s) }'; then reached=$w; break; fi
  done
  log "  $1 manifest GET, 1 s windows from cold: ${rates[*]}; steady $steady req/s"
  sample warm_manifest_first "$1" "${rates[0]}"
  sample warm_manifest_steady "$1" "$reached"
}

warmup_round() {  # warmup_round N
  local round=$1 i ref s WB WD WB_PID WD_PID
  start_berth "wu-berth-$round" -- --berth.auth.enabled=false --logging.level.dev.berth.requests=warn
  WB_PID=$SRV_PID; WB="127.0.0.1:$SRV_PORT"
  start_distribution "wu-distribution-$round"; WD_PID=$SRV_PID; WD="127.0.0.1:$SRV_PORT"
  wu_registry() { [ "$1" = berth ] && echo "$WB" || echo "$WD"; }
  for s in berth distribution; do  # the short warm-up: one push and one pull, untimed
    wu_copy push "$s" "$(wu_registry "$s")" m000 >/dev/null; wu_copy pull "$s" "$(wu_registry "$s")" m000 >/dev/null
  done
  for i in $(seq 1 "$WU_COUNT"); do
    ref=$(printf 'm%03d' "$i")
    if [ $(((i + round) % 2)) = 0 ]; then ORDER="berth distribution"; else ORDER="distribution berth"; fi
    for s in $ORDER; do sample warm_push "$s" "$(wu_copy push "$s" "$(wu_registry "$s")" "$ref")"; done
    for s in $ORDER; do sample warm_pull "$s" "$(wu_copy pull "$s" "$(wu_registry "$s")" "$ref")"; done
  done
  for s in berth distribution; do wu_steady "$s" "http://$(wu_registry "$s")/v2/first/m001/manifests/m001"; done
  stop_pid "$WB_PID"; stop_pid "$WD_PID"
}

if [ "$AOT" = 1 ] || [ "$ARCHIVE" = 1 ]; then
  TRAIN_DATA="$BENCH_DIR/work/data/aot-training"
  if [ ! -f "$TRAIN_DATA/index.json" ]; then
    rm -rf "$TRAIN_DATA"
    python3 "$BENCH_DIR/gen_layout.py" "$TRAIN_DATA" --big-mib 64 --five-mib 5 --small-count 0 --seed-prefix training-
  fi
  log "recording the jar's start-up cache (training run)"
  mkdir -p "$RUN_DIR/app"
  cp -p "$JAR" "$RUN_DIR/app/" || die "copying $JAR failed"
  JAR=$(ls "$RUN_DIR"/app/*.jar) LAUNCH=(-jar "$(ls "$RUN_DIR"/app/*.jar)")
  if [ "$AOT" = 1 ]; then
    CACHE="$RUN_DIR/app/berth.aot"
    CACHE_FLAGS=(-XX:AOTCacheOutput="$CACHE")
    LAUNCH=(-Dspring.aot.enabled=true "${LAUNCH[@]}")  # the recipe's build-time bean definitions
  else
    CACHE="$RUN_DIR/app/berth.jsa"
    CACHE_FLAGS=(-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$CACHE" -Xlog:cds=error)
  fi
  start_berth training -- --berth.auth.enabled=false --logging.level.dev.berth.requests=warn
  TRAIN="127.0.0.1:$SRV_PORT"
  "${SKOPEO[@]}" --dest-tls-verify=false "oci:$TRAIN_DATA:big" "docker://$TRAIN/training/big:big" >/dev/null || die "training push failed"
  rm -rf "$RUN_DIR/training-pulled"
  "${SKOPEO[@]}" --src-tls-verify=false "docker://$TRAIN/training/big:big" "oci:$RUN_DIR/training-pulled:big" >/dev/null \
    || die "training pull failed"
  wrk -t2 -c32 -d5s -H "$ACCEPT" "http://$TRAIN/v2/training/big/manifests/big" >/dev/null || die "training wrk failed"
  stop_pid "$SRV_PID"
  [ -s "$CACHE" ] || die "the training run wrote no cache (see $RUN_DIR/training/server.log)"
  if [ "$AOT" = 1 ]; then
    CACHE_FLAGS=(-XX:AOTCache="$CACHE")
    meta aot "the jar with -Dspring.aot.enabled=true and a JDK 25 AOT cache from a training run (a start, a 64 MiB push and pull, 5 s of manifest GETs)"
  else
    meta archive "the jar with the class-data archive its training run wrote at its stop (a start, a 64 MiB push and pull, 5 s of manifest GETs), as the image keeps one in /data"
  fi
fi

if scenario registry; then
  start_nginx
  log "nginx on 127.0.0.1:$NGINX_PORT; data $DATA; jar $JAR; java $JAVA_BIN"
  for round in $(seq 1 "$RUNS"); do
    log "round $round/$RUNS (registry)"
    registry_round "$round"
  done
fi

if scenario proxy; then
  start_upstream
  for round in $(seq 1 "$RUNS"); do
    log "round $round/$RUNS (proxy)"
    proxy_round "$round"
  done
  stop_pid "$UP_PID"
fi

if scenario events; then
  for round in $(seq 1 "$RUNS"); do
    log "round $round/$RUNS (events)"
    events_round "$round"
  done
fi

if scenario warmup; then
  for round in $(seq 1 "$RUNS"); do
    log "round $round/$RUNS (warm-up)"
    warmup_round "$round"
  done
fi

meta loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$(dirname "$OUT")"
echo
$LIB report "$SAMPLES" "$META" "$OUT"
echo
log "report written to $OUT"
if [ ${#EV_FAILED[@]} -gt 0 ]; then
  log "the events scenario saw ${#EV_FAILED[@]} problem(s) with Berth's deliveries (also above, where they happened):"
  for problem in "${EV_FAILED[@]}"; do log "  $problem"; done
  exit 1
fi
