#!/bin/sh
# Usage: bench/with-sim.sh BITHUMB_BINARY COMMAND [ARG...]
#
# Starts `BITHUMB_BINARY sim --config bench/sim.yaml` on a free loopback port,
# runs COMMAND with BENCH_API_URL and BENCH_WS_URL set to the simulator's REST
# and public WebSocket base URLs and BITHUMB_ACCESS_KEY / BITHUMB_SECRET_KEY
# set to its account's keys (made up, for the simulator only), then stops the
# simulator. The exit status is COMMAND's. Used by `make bench-ccxt` and
# `make bench-memory`.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 BITHUMB_BINARY COMMAND [ARG...]" >&2; exit 2; }
bin=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)

BITHUMB_ACCESS_KEY=bench-access-key-for-the-simulator-only
BITHUMB_SECRET_KEY=bench-secret-key-for-the-simulator-only-0123456789
export BITHUMB_ACCESS_KEY BITHUMB_SECRET_KEY

log=$(mktemp)
"$bin" sim --config "$root/bench/sim.yaml" --addr 127.0.0.1:0 >"$log" 2>&1 &
sim=$!
trap 'kill "$sim" 2>/dev/null; wait "$sim" 2>/dev/null; rm -f "$log"' EXIT INT TERM

# The banner's "REST:" line says that the simulator listens, and where.
i=0
until grep -q '^  REST:' "$log"; do
	i=$((i + 1))
	if [ "$i" -gt 300 ] || ! kill -0 "$sim" 2>/dev/null; then
		echo "the simulator did not start:" >&2
		cat "$log" >&2
		exit 1
	fi
	sleep 0.1
done
BENCH_API_URL=$(sed -n 's/^  REST: *//p' "$log")
BENCH_WS_URL=$(sed -n 's/^  WebSocket: *\([^ ]*\).*/\1/p' "$log")
export BENCH_API_URL BENCH_WS_URL
echo "simulator: $BENCH_API_URL, $BENCH_WS_URL (bench/sim.yaml)"
"$@"
