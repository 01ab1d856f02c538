#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# rules.sh -- the site-rules benchmark (`make bench` runs it after
# bench/run.sh; alone: bench/rules.sh [--quick]). Data from
# build/rulesgen, rules compiled by Vectorscan, all on one core (taskset):
#
#   A. 1,000,000 lines no built-in parser knows, 10% of them matched by one
#      of 200 rules (the others stay unparsed): the collector's rate
#      (--no-redis, median of RUNS runs) and the pipeline alone (ttrules);
#   B. 1,000,000 lines of which 90% are netfilter (a built-in parser takes
#      them) and 10% matched by the rules: the same two figures;
#   C. 1,000,000 netfilter lines and the 200 rules, none with override:
#      what the rules add to a line a parser took (ttrules, A/B rounds).
# With valgrind installed, the instructions per line of each case without
# and with rules (callgrind over the first 100,000 lines): a figure no
# neighbour on a shared machine can disturb.
#
# Rewrites the section between the RULES markers of bench/RESULTS.md with
# the machine, the date and the load average, measured in this run.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
COLLECTOR=$PWD/$BUILD/threattally-collector
RULESGEN=$PWD/$BUILD/rulesgen
TTRULES=$PWD/$BUILD/ttrules
DATA=$PWD/bench/data/rules
RUNS=${RUNS:-3}
LINES=1000000
[ "${1:-}" = "--quick" ] && { LINES=100000; RUNS=1; }
mkdir -p "$DATA"
TMP=$(mktemp -d /tmp/tt-bench-rules.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C
PIN=()
command -v taskset >/dev/null 2>&1 && PIN=(taskset -c 0)
FROM=$(date -u -d 2024-03-09T00:00:00Z +%s)

gen() { # NAME ARGS...
    local name=$1; shift
    "$RULESGEN" --lines "$LINES" --from "$FROM" --minutes 2880 --rules 200 "$@" \
        --out "$DATA/$name.log" --truth "$DATA/$name.truth" --rules-out "$DATA/rules200.conf"
}
gen unknown --seed 5 --match-pct 10
gen mixed --seed 6 --match-pct 10 --noise builtin
gen builtin --seed 7 --match-pct 0 --noise builtin

# collector NAME -> "wall_lines_per_s stats_lines_per_s" (medians of RUNS runs: wall time with the
# start and the compile of the rules, and the rate --stats gives, from the first line read),
# after checking the figures against the truth
collector() {
    local name=$1 walls=() rates=() t0 t1 want got
    for _ in $(seq 1 "$RUNS"); do
        t0=$(date +%s.%N)
        "${PIN[@]}" "$COLLECTOR" --no-redis --stats --tz UTC --year 2024 --rules "$DATA/rules200.conf" \
            "$DATA/$name.log" >"$TMP/$name.out" 2>"$TMP/$name.err"
        t1=$(date +%s.%N)
        walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
        rates+=("$(sed -n 's/^stats: lines .*: \([0-9]*\) lines\/s.*/\1/p' "$TMP/$name.err")")
    done
    want=$(tests/integration/truth_sum.sh --all "$DATA/$name.truth" attacks_blocked)
    got=$(awk '$1 == "attacks_blocked" { gsub(",", "", $2); print $2 }' "$TMP/$name.out")
    [ "$want" = "$got" ] || { echo "rules bench: $name attacks_blocked $got, truth $want" >&2; exit 1; }
    local w r
    w=$(printf '%s\n' "${walls[@]}" | sort -n | awk -v l="$LINES" '{ w[NR] = $1 } END { printf "%.0f", l / w[int((NR + 1) / 2)] }')
    r=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{ r[NR] = $1 } END { print r[int((NR + 1) / 2)] }')
    echo "$w $r"
}

read -r a_wall a_rate <<<"$(collector unknown)"
read -r b_wall b_rate <<<"$(collector mixed)"
"${PIN[@]}" "$TTRULES" "$DATA/unknown.log" "$DATA/rules200.conf" --rounds 3 >"$TMP/a.txt"
"${PIN[@]}" "$TTRULES" "$DATA/mixed.log" "$DATA/rules200.conf" --rounds 3 >"$TMP/b.txt"
"${PIN[@]}" "$TTRULES" "$DATA/builtin.log" "$DATA/rules200.conf" --rounds 9 >"$TMP/c.txt"
# instr NAME with|without -> instructions per line of the pipeline (run() in ttrules)
instr() {
    command -v valgrind >/dev/null 2>&1 || { echo "-"; return; }
    head -100000 "$DATA/$1.log" >"$TMP/$1.100k"
    valgrind --tool=callgrind --callgrind-out-file="$TMP/cg" --collect-atstart=no --toggle-collect=run \
        "$TTRULES" "$TMP/$1.100k" "$DATA/rules200.conf" --rounds 1 --only "$2" --compile-limit 900 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1 | awk '{ printf "%.0f", $1 / 100000 }'
}
declare -A INSTR
for c in unknown mixed builtin; do
    for o in without with; do INSTR[$c.$o]=$(instr "$c" "$o"); done
done
field() { awk -v k="$2" '$1 " " $2 == k { print $3 }' "$1"; }
load=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
{
    echo "<!-- BEGIN RULES (written by bench/rules.sh) -->"
    echo "Measured $(date -u +%Y-%m-%dT%H:%MZ), commit \`$commit\`, on $cpu ($(nproc) CPUs), pinned to one core"
    echo "(\`${PIN[*]:-not pinned}\`), load average $load during the run. Collector: median wall time of $RUNS"
    echo "run(s), \`--no-redis\`, figures checked against the generator's truth, compile of the rules included."
    echo "ttrules: the pipeline alone on the file in memory, thread CPU time, fastest of several rounds"
    echo "alternating without and with rules. Instructions: callgrind, first 100,000 lines."
    echo "$(sed -n 1p "$TMP/a.txt")."
    echo
    echo "| case | lines | collector lines/s (wall, with start) | collector lines/s (--stats) | pipeline lines/s (CPU) | without rules ns/line | with rules ns/line | rules add ns/line | instructions/line without | with |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
    row() { # LABEL WALL_RATE RATE FILE CASE
        local f=$4 c=$5
        echo "| $1 | $LINES | $2 | $3 | $(awk '$1 == "with" { print $5 }' "$f") | $(field "$f" "without rules") | $(field "$f" "with rules") | $(awk '$1 == "difference" { print $2 }' "$f") | ${INSTR[$c.without]} | ${INSTR[$c.with]} |"
    }
    row "A. unknown format, 10% matched by 200 rules" "$a_wall" "$a_rate" "$TMP/a.txt" unknown
    row "B. 90% netfilter, 10% matched by 200 rules" "$b_wall" "$b_rate" "$TMP/b.txt" mixed
    row "C. netfilter only, 200 rules, no override" "" "" "$TMP/c.txt" builtin
    echo "<!-- END RULES -->"
} >"$TMP/rules.md"
if grep -q "BEGIN RULES" bench/RESULTS.md; then
    awk -v tf="$TMP/rules.md" '
        /BEGIN RULES/ { while ((getline l < tf) > 0) print l; skip = 1; next }
        /END RULES/ { skip = 0; next }
        !skip { print }' bench/RESULTS.md >"$TMP/R.md"
    cp "$TMP/R.md" bench/RESULTS.md
else
    { echo; echo "## Site rules (Vectorscan)"; echo; cat "$TMP/rules.md"; } >>bench/RESULTS.md
fi
cat "$TMP/rules.md"
