#!/usr/bin/env bash
# Start-up and idle memory of one way of starting Berth, N times on the same data directory.
#
#   bench/startup.sh [--runs N] [--java PATH] [--idle SECONDS] -- JVM-ARGS...
#   bench/startup.sh --runs 5 -- -jar target/berth-0.1.0-SNAPSHOT.jar
#   bench/startup.sh --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -- -XX:AOTCache=berth/app.aot -jar berth/berth-0.1.0-SNAPSHOT.jar
#
# Each run starts the JVM (with MALLOC_ARENA_MAX=2, as the image does), polls /v2/ every 50 ms,
# and at the first answer (200 or 401) reads the wall time and the process's user+system CPU; then,
# after --idle seconds (default 10) with no traffic, its resident memory (VmRSS); then stops it. The
# first run creates the database; the table is of the later ones (an existing database, as after a
# restart): min, median, max.
set -euo pipefail
RUNS=5 JAVA_BIN=java IDLE=10
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  case "$1" in
    --runs) RUNS=$2; shift ;;
    --java) JAVA_BIN=$2; shift ;;
    --idle) IDLE=$2; shift ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
  shift
done
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || { sed -n '2,12p' "$0"; exit 2; }
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
HZ=$(getconf CLK_TCK)

one_run() {
  local port t0 pid code t1 cpu rss
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  t0=$(date +%s.%N)
  MALLOC_ARENA_MAX=2 "$JAVA_BIN" "$@" --server.address=127.0.0.1 --server.port="$port" --berth.data-dir="$DATA/data" \
    --berth.auth.admin-password=startup-bench-password >>"$DATA/berth.log" 2>&1 &
  pid=$!
  while true; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" || true)
    [ "$code" = 200 ] || [ "$code" = 401 ] && break
    kill -0 "$pid" 2>/dev/null || { tail -20 "$DATA/berth.log" >&2; echo "Berth exited during start-up" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s.%N)
  cpu=$(sed 's/^.*) //' "/proc/$pid/stat" | awk -v hz="$HZ" '{ printf "%.2f", ($12 + $13) / hz }')
  sleep "$IDLE"
  rss=$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(echo "$t1 - $t0" | bc) $cpu $rss"
}

one_run "$@" >/dev/null
for _ in $(seq "$RUNS"); do one_run "$@"; done | python3 -c '
import statistics, sys
rows = [list(map(float, line.split())) for line in sys.stdin]
for i, name in enumerate(["wall s", "CPU s", "idle RSS MiB"]):
    values = sorted(row[i] for row in rows)
    print(f"{name:>13}: min {values[0]:.2f}  median {statistics.median(values):.2f}  max {values[-1]:.2f}")
'
