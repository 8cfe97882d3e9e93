#!/bin/sh
# Usage: bench/ccxt/run.sh  (run by `make bench-ccxt`, from the repository root)
#
# Runs ccxt's bithumb class (bench/ccxt/bench.mjs) and its Go twin
# (internal/cmd/ccxttwin: the SDK's calls over net/http and over directhttp,
# <call>-direct, each followed by its plain net/http floor, <call>-raw)
# against one simulator, in ROUNDS alternating rounds
# (default 3) of N measured calls per kind (default 500) after WARMUP calls
# of every kind (default 100), and prints the medians over the rounds. Installs the pinned
# ccxt with `npm ci` when bench/ccxt/node_modules is missing. GO names the go
# command (default go); TWIN_FLAGS passes flags to the Go twin, e.g.
# TWIN_FLAGS='-cpuprofile /tmp/twin.prof'.
# SVG names a file, relative to the repository root, for the bar chart of the
# medians' CPU per call (e.g. SVG=docs/img/ccxt-cpu.svg).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
GO=${GO:-go}
ROUNDS=${ROUNDS:-3}
N=${N:-500}
WARMUP=${WARMUP:-100}
TWIN_FLAGS=${TWIN_FLAGS:-}
SVG=${SVG:-}

command -v node >/dev/null || { echo "bench-ccxt needs node (20 or later) and npm" >&2; exit 1; }
[ -d bench/ccxt/node_modules/ccxt ] || (cd bench/ccxt && npm ci --no-audit --no-fund)

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$GO" build -o "$out/bithumb" ./cmd/bithumb
"$GO" build -o "$out/ccxttwin" ./internal/cmd/ccxttwin

# rounds runs inside bench/with-sim.sh, which sets BENCH_API_URL and the keys.
cat >"$out/rounds.sh" <<ROUNDS
set -eu
i=1
while [ \$i -le $ROUNDS ]; do
	echo "== round \$i of $ROUNDS"
	node bench/ccxt/bench.mjs --url "\$BENCH_API_URL" --n $N --warmup $WARMUP --out "$out/ccxt-\$i.json"
	"$out/ccxttwin" -url "\$BENCH_API_URL" -n $N -warmup $WARMUP -out "$out/go-\$i.json" -ccxt "$out/ccxt-\$i.json" $TWIN_FLAGS
	i=\$((i + 1))
done
echo
"$out/ccxttwin" -summarize "$out" ${SVG:+-svg "$root/$SVG"}
ROUNDS
bench/with-sim.sh "$out/bithumb" sh "$out/rounds.sh"
