#!/usr/bin/env bash
# Times ontrack and Squiggle on the same reduced model (reduced.yaml: no AI
# help, no brakes, no ceiling, lambda = 1, where the year done has a closed
# form) and prints each one's worlds per CPU-second and their ratio.
#
#   bench/squiggle.sh [N]      N worlds for ontrack, N samples for Squiggle (default 1000000)
#
# It builds ontrack, installs @quri/squiggle-lang (the version in
# package.json) into bench/node_modules with npm on its first run, and
# counts user + system CPU time of each whole process, start-up included,
# so that ontrack's use of every core is not mistaken for speed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-1000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$here/.." && go build -o "$tmp/ontrack" ./cmd/ontrack)
if [ ! -d "$here/node_modules/@quri/squiggle-lang" ]; then
	(cd "$here" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi

# cpu CMD...: runs CMD with its output in $tmp/out and prints its user +
# system CPU seconds.
cpu() {
	local TIMEFORMAT='%3U %3S'
	{ time "$@" >"$tmp/out"; } 2>"$tmp/time"
	awk '{ print $1 + $2 }' "$tmp/time"
}
p() { grep -o '"p_on_track": *[0-9.e-]*' "$tmp/out" | head -1 | sed 's/.*: *//'; }

ot=$(cpu "$tmp/ontrack" run -f "$here/reduced.yaml" -n "$n" --format json)
op=$(p)
sq=$(cpu node "$here/squiggle.mjs" "$n")
sp=$(p)

awk -v n="$n" -v ot="$ot" -v sq="$sq" -v op="$op" -v sp="$sp" 'BEGIN {
	se = sqrt(op * (1 - op) / n)
	printf "reduced model, %d worlds each (P(on track): ontrack %.4f, Squiggle %.4f, standard error of each %.4f)\n", n, op, sp, se
	printf "ontrack   %8.2f CPU-s  %12.0f worlds per CPU-second\n", ot, n / ot
	printf "Squiggle  %8.2f CPU-s  %12.0f worlds per CPU-second\n", sq, n / sq
	printf "ratio     %8.1f       ontrack / Squiggle\n", (n / ot) / (n / sq)
}'
