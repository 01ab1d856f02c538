#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# tests/fuzz/run.sh -- a libFuzzer campaign over the targets built by
# `make fuzz` (build-fuzz/fuzz/fuzz_*).
#
#   tests/fuzz/run.sh SECONDS [TARGET...]     e.g. tests/fuzz/run.sh 600 parse_exim
#
# Each target runs SECONDS seconds on a persistent corpus in
# tests/fuzz/corpus-NAME/ (git-ignored), seeded from tests/fuzz/seeds/NAME and
# from the parser fixtures (tests/parsers/FORMAT/*.log). FUZZ_JOBS targets run
# at once (default 1). Crash/leak/timeout inputs are written to tests/fuzz/ as
# crash-* etc.: fix the bug, then keep the input under tests/fuzz/seeds/NAME as
# a regression seed (the smoke run in `make check` replays every seed).
# One summary line per target is printed and appended to tests/fuzz/CAMPAIGNS.md.
set -uo pipefail
cd "$(dirname "$0")/../.."

secs=${1:?usage: tests/fuzz/run.sh SECONDS [TARGET...]}
shift
jobs=${FUZZ_JOBS:-1}
logs=${FUZZ_LOGS:-build-fuzz/campaign}
mkdir -p "$logs"

targets=()
if [ $# -gt 0 ]; then
    for t in "$@"; do targets+=("fuzz_${t#fuzz_}"); done
else
    for f in build-fuzz/fuzz/fuzz_*; do targets+=("$(basename "$f")"); done
fi

# fixture folders of a target: parse_NAME -> tests/parsers/<format>
fixture_dirs() {
    case "$1" in
    parse_postfix) echo tests/parsers/postfix tests/parsers/amavis ;;
    parse_pfsense_filterlog) echo tests/parsers/pfsense-filterlog ;;
    parse_sophos_xg) echo tests/parsers/sophos-xg ;;
    parse_juniper_srx) echo tests/parsers/juniper-srx ;;
    parse_cisco_umbrella) echo tests/parsers/cisco-umbrella ;;
    parse_*) local f=${1#parse_}; echo "tests/parsers/${f//_/-}" ;;
    esac
}

run_one() {
    local target=$1 name=${1#fuzz_} bin=build-fuzz/fuzz/$1
    [ -x "$bin" ] || { echo "$target: not built (run make fuzz)"; return 1; }
    local corpus=tests/fuzz/corpus-$name out=$logs/$target.log
    mkdir -p "$corpus"
    local d
    for d in $(fixture_dirs "$name"); do
        [ -d "$d" ] && cp -n "$d"/*.log "$corpus"/ 2>/dev/null
    done
    local args=("$corpus")
    [ -d "tests/fuzz/seeds/$name" ] && args+=("tests/fuzz/seeds/$name")
    local start end rc
    start=$(date +%s)
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix=tests/fuzz/ "${args[@]}" >"$out" 2>&1
    rc=$?
    end=$(date +%s)
    local execs units result
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)
    units=$(find "$corpus" -type f | wc -l)
    if [ "$rc" -eq 0 ]; then
        result="no crash"
    else
        result="FAILED (exit $rc): $(grep -m1 -oE 'ERROR: [A-Za-z]+: [^ ]+|SUMMARY: .*|Test unit written to .*' "$out" | head -1)"
    fi
    local line
    line=$(printf '| %s | %s | %d s | %s | %s | %s |' "$(date -u +%F)" "$target" "$((end - start))" \
        "${execs:-?}" "$units" "$result")
    echo "$line"
    echo "$line" >>tests/fuzz/CAMPAIGNS.md
    [ "$rc" -eq 0 ]
}
export -f run_one fixture_dirs
export secs logs

printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {}
