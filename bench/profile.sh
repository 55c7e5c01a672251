#!/usr/bin/env bash
# Profiles Berth with JFR on the registry's busiest paths, one recording per phase:
#   push      three 1 GiB monolithic-session uploads with curl (POST, one PATCH, PUT), timed per step
#   blob      three GETs of that 1 GiB blob with curl
#   manifest  wrk on GET /v2/<name>/manifests/<tag>
#   tags      wrk on GET /v2/<name>/tags/list
# and prints where the CPU samples land and what each phase allocates, in all and per upload, GET or request
# (bench/jfr_top.py). Needs the data of bench/run.sh (run it once first, any mode) and the packaged jar.
#
#   bench/profile.sh [--jar PATH] [--java PATH] [--data DIR] [--secs N]
#
# Recordings and summaries stay in bench/work/profile/.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
JAR="" JAVA_BIN="" DATA="" SECS=15
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) JAR=$2; shift ;;
    --java) JAVA_BIN=$2; shift ;;
    --data) DATA=$2; shift ;;
    --secs) SECS=$2; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$JAR" ] || for c in "$ROOT"/target/berth-*.jar; do case "$c" in *.original) ;; *) JAR=$c ;; esac; done
[ -f "$JAR" ] || { echo "no jar: ./mvnw -q package -DskipTests first" >&2; exit 1; }
if [ -z "$JAVA_BIN" ]; then
  JAVA_BIN=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  [ -x "$JAVA_BIN" ] || JAVA_BIN=$(command -v java)
fi
JDK_BIN=$(dirname "$(readlink -f "$JAVA_BIN")")
if [ -z "$DATA" ]; then
  DATA=$(ls -d "$BENCH_DIR"/work/data/big1024-* 2>/dev/null | head -1 || true)
  [ -n "$DATA" ] || DATA=$(ls -d "$BENCH_DIR"/work/data/* 2>/dev/null | head -1 || true)
fi
[ -f "$DATA/index.json" ] || { echo "no test data: run bench/run.sh --quick once" >&2; exit 1; }
LIB="python3 $BENCH_DIR/benchlib.py"

OUT="$BENCH_DIR/work/profile"
rm -rf "$OUT"; mkdir -p "$OUT"
PORT=$($LIB free-port)
"$JAVA_BIN" -XX:+ExitOnOutOfMemoryError -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
  -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" --berth.data-dir="$OUT/data" \
  --berth.auth.enabled=false >"$OUT/server.log" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null; for i in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done; kill -9 "$PID" 2>/dev/null || true' EXIT
R="127.0.0.1:$PORT"
for i in $(seq 1 2400); do
  kill -0 "$PID" 2>/dev/null || { echo "Berth died, see $OUT/server.log" >&2; exit 1; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$R/v2/" || true)" = 200 ] && break
  sleep 0.05
done
echo "Berth up on $R ($("$JAVA_BIN" -version 2>&1 | sed -n 2p))"

jfr_start() { "$JDK_BIN/jcmd" "$PID" JFR.start name="$1" settings=profile filename="$OUT/$1.jfr" >/dev/null; }
jfr_stop() { "$JDK_BIN/jcmd" "$PID" JFR.stop name="$1" >/dev/null; }

LAYER=$($LIB layer-digest "$DATA" big)
FILE="$DATA/blobs/sha256/${LAYER#sha256:}"
SIZE=$(stat -c %s "$FILE")

# One upload the way skopeo does it: POST opens a session, one PATCH streams the blob, PUT closes it.
# Prints the PATCH and PUT times.
absolute() { case "$1" in http*) echo "$1" ;; *) echo "http://$R$1" ;; esac; }
location_of() { awk -F': ' 'tolower($1) == "location" { sub(/\r$/, "", $2); print $2 }' "$1"; }
upload() {  # upload FILE DIGEST REPO
  local hdr="$OUT/headers" location patch put sep
  curl -sf -o /dev/null -D "$hdr" -X POST "http://$R/v2/$3/blobs/uploads/"
  location=$(absolute "$(location_of "$hdr")")
  patch=$(curl -sf -o /dev/null -D "$hdr" -w '%{time_total}' -X PATCH -T "$1" -H 'Expect:' \
    -H 'Content-Type: application/octet-stream' "$location")
  location=$(absolute "$(location_of "$hdr")")
  sep='?'; case "$location" in *\?*) sep='&' ;; esac
  put=$(curl -sf -o /dev/null -w '%{time_total}' -X PUT "$location${sep}digest=$2")
  echo "$patch $put"
}

# Warm the JIT on the upload path so the recording shows the steady state.
warm=$(mktemp "$OUT/warm.XXXXXX"); head -c $((64 << 20)) "$FILE" >"$warm"
wdigest="sha256:$(sha256sum "$warm" | cut -d' ' -f1)"
for i in 1 2 3; do upload "$warm" "$wdigest" "prof/warm$i" >/dev/null; done
rm -f "$warm"

jfr_start push
echo "push: $SIZE bytes per upload (POST, PATCH with the whole blob, PUT ?digest=)"
for i in 1 2 3; do
  read -r patch put <<<"$(upload "$FILE" "$LAYER" "prof/p$i")"
  awk -v p="$patch" -v q="$put" -v n="$SIZE" \
    'BEGIN { printf "  PATCH %.2f s (%.0f MB/s)  PUT (verify, fsync, rename, rows) %.2f s\n", p, n / p / 1e6, q }'
done | tee "$OUT/push-steps.txt"
jfr_stop push

jfr_start blob
for i in 1 2 3; do
  curl -sf -o /dev/null -w '  blob GET %{size_download} bytes in %{time_total} s\n' "http://$R/v2/prof/p1/blobs/$LAYER"
done
jfr_stop blob

skopeo copy -q --insecure-policy --dest-tls-verify=false "oci:$DATA:five" "docker://$R/prof/five:five" >/dev/null
ACCEPT='Accept: application/vnd.oci.image.manifest.v1+json'
wrk -t2 -c32 -d3s -H "$ACCEPT" "http://$R/v2/prof/five/manifests/five" >/dev/null  # JIT warm-up
jfr_start manifest
wrk -t2 -c32 -d"${SECS}s" -H "$ACCEPT" "http://$R/v2/prof/five/manifests/five" | tee "$OUT/manifest-wrk.txt" | grep -E 'Requests/sec|Latency|Non-2xx'
jfr_stop manifest
jfr_start tags
wrk -t2 -c32 -d"${SECS}s" "http://$R/v2/prof/five/tags/list" | tee "$OUT/tags-wrk.txt" | grep -E 'Requests/sec|Latency|Non-2xx'
jfr_stop tags

requests_of() { awk '/requests in/ { print $1 }' "$OUT/$1-wrk.txt"; }
for phase in push blob manifest tags; do
  echo; echo "=== $phase ==="
  python3 "$BENCH_DIR/jfr_top.py" "$JDK_BIN/jfr" "$OUT/$phase.jfr" 12 | tee "$OUT/$phase-top.txt"
  case $phase in
    push) count=(3 upload) ;;
    blob) count=(3 GET) ;;
    *) count=("$(requests_of "$phase")" request) ;;
  esac
  echo
  python3 "$BENCH_DIR/jfr_top.py" --alloc "$JDK_BIN/jfr" "$OUT/$phase.jfr" 12 "${count[@]}" | tee "$OUT/$phase-alloc.txt"
done
echo; echo "recordings: $OUT/*.jfr (jfr summary / jfr print --events jdk.ExecutionSample ...)"
