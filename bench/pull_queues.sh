#!/usr/bin/env bash
# Who paces a pull: pulls an image with skopeo while sampling, every 10 ms, the bytes waiting in
# the client's receive queue and the server's send queue of the connection. A client queue that is
# rarely empty means the server kept ahead, and the client's own work set the speed.
#
#   bench/pull_queues.sh HOST:PORT REPOSITORY:TAG [HOST:PORT REPOSITORY:TAG ...]
#
# Each pair is pulled in turn (run it with Berth and Distribution side by side, as run.sh starts them,
# and name both to have them measured under the same conditions). The ss sampling costs CPU, so
# wall times here are slower than run.sh's; compare the queues, not the speed.
set -euo pipefail

[ $# -ge 2 ] && [ $(($# % 2)) = 0 ] || { sed -n '2,10p' "$0"; exit 2; }
command -v skopeo >/dev/null && command -v ss >/dev/null || { echo "needs skopeo and ss (iproute2)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

while [ $# -gt 0 ]; do
  address=$1 image=$2; shift 2
  port=${address##*:}
  samples="$work/queues"; : >"$samples"
  sync
  (
    while :; do
      ss -tnH state established "( dport = :$port )" | awk '{ print "client", $1 }'
      ss -tnH state established "( sport = :$port )" | awk '{ print "server", $2 }'
      sleep 0.01
    done
  ) >>"$samples" &
  sampler=$!
  started=$(date +%s.%N)
  skopeo copy -q --insecure-policy --retry-times 0 --src-tls-verify=false \
    "docker://$address/$image" "oci:$work/pulled:pulled"
  finished=$(date +%s.%N)
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  rm -rf "$work/pulled"
  python3 - "$address/$image" "$started" "$finished" "$samples" <<'EOF'
import sys

name, started, finished, path = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
queues = {"client": [], "server": []}
for line in open(path):
    side, size = line.split()
    queues[side].append(int(size))

def summary(values):
    if not values:
        return "no samples"
    values = sorted(values)
    empty = sum(1 for v in values if v == 0) / len(values)
    return "%d samples, empty %.0f%%, median %.0f KiB, p10 %.0f KiB" % (
        len(values), 100 * empty, values[len(values) // 2] / 1024, values[len(values) // 10] / 1024)

print("%s: %.2f s" % (name, finished - started))
print("  client receive queue: " + summary(queues["client"]))
print("  server send queue:    " + summary(queues["server"]))
EOF
done
