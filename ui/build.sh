#!/bin/sh
# Builds the web UI into the directory given (the Maven build passes target/classes/static), so the
# jar serves it at /. Called by exec-maven-plugin in generate-resources; runnable by hand too:
#   ui/build.sh target/classes/static
# Without npm on PATH it warns and skips: a machine with only a JDK still builds and runs Berth,
# just without the UI.
set -eu

ui_dir=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh <output directory>}
case "$out" in
  /*) ;;
  *) out="$(pwd)/$out" ;;
esac

if ! command -v npm >/dev/null 2>&1; then
  echo "[berth-ui] WARNING: npm is not on PATH; skipping the web UI build (the jar will serve no UI at /)." >&2
  echo "[berth-ui]          Install Node.js 20+ with npm to build it." >&2
  exit 0
fi

cd "$ui_dir"
# npm ci wipes node_modules each time; skip it while the installed tree matches the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
rm -rf build
npm run --silent build

mkdir -p "$out"
rm -rf "$out/js"
cp -R build/js "$out/js"
cp static/* "$out/"
echo "[berth-ui] built into $out"
