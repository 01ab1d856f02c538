#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The whole test suite, as `make check` and CI run it (after the build):
#   1. cmocka unit tests (one binary per module, plus the fixture/corpus runner)
#   2. integration tests against a real redis-server (tests/integration/*.sh),
#      then browser tests in headless Chromium (tests/browser/t_*.sh)
#   3. the unit tests, and a few integration tests, again under ASan+UBSan (clang)
#   4. a libFuzzer smoke run of every fuzz target
# Every test case counts once; the last line is "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
export TT_SRCDIR=$PWD
BUILD=${BUILD:-build}
FUZZ_SMOKE_SECONDS=${FUZZ_SMOKE_SECONDS:-5}
passed=0
failed=0
skipped=0
failures=()
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# Runs a cmocka binary and adds its per-test results.
run_cmocka() {
    local bin=$1 label=$2
    local out="$log/$(basename "$bin").$label.out"
    "$bin" >"$out" 2>&1
    local rc=$?
    local p f s
    # cmocka's summary lines: "[  PASSED  ] N test(s)." and the like
    p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
    s=$(sed -n 's/^\[  SKIPPED \] \([0-9][0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed or never ran
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    printf '%-44s %4d passed %3d failed %3d skipped\n' "$label $(basename "$bin")" "$p" "$f" "$s"
    if [ "$f" -ne 0 ]; then
        failures+=("$label $(basename "$bin")")
        grep -v '^\[ RUN      \]\|^\[       OK \]' "$out" | head -60 | sed 's/^/    /'
    fi
}

# Runs one script test; exit 0 = pass, 77 = skip.
run_script() {
    local t=$1 label=${2:-integration} name out
    name=$(basename "$t" .sh)
    out="$log/$name.out"
    local start=$SECONDS
    bash "$t" >"$out" 2>&1
    local rc=$?
    if [ $rc -eq 0 ]; then
        passed=$((passed + 1)); printf '%-44s PASS (%ds)\n' "$label $name" $((SECONDS - start))
    elif [ $rc -eq 77 ]; then
        skipped=$((skipped + 1)); printf '%-44s SKIP: %s\n' "$label $name" "$(tail -1 "$out")"
    else
        failed=$((failed + 1)); failures+=("$label $name")
        printf '%-44s FAIL (%ds)\n' "$label $name" $((SECONDS - start))
        tail -40 "$out" | sed 's/^/    /'
    fi
}

echo "== unit and fixture tests"
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] && run_cmocka "$t" unit
done

echo "== structure (the house rules a machine can check)"
run_script tests/structure/t_layers.sh structure

echo "== integration tests (real redis-server on a private Unix socket)"
for t in tests/integration/t_*.sh; do
    [ -f "$t" ] && run_script "$t"
done

echo "== browser tests (headless Chromium: HTML report, dashboard)"
for t in tests/browser/t_*.sh; do
    [ -f "$t" ] && run_script "$t" browser
done

echo "== sanitizers (ASan+UBSan)"
if make --no-print-directory -s asan >"$log/asan-build.out" 2>&1; then
    for t in build-asan/tests/test_*; do
        [ -x "$t" ] && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 run_cmocka "$t" asan
    done
    # the programs themselves under the sanitizers, end to end (any report
    # makes a program exit non-zero, which fails the test)
    for t in t_e2e t_bad_input t_top_sources t_live_pcap t_live_outage t_cluster t_rules; do
        BUILD=build-asan ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
            run_script "tests/integration/$t.sh" asan
    done
else
    failed=$((failed + 1)); failures+=("asan build"); tail -30 "$log/asan-build.out"
fi

echo "== fuzz smoke (${FUZZ_SMOKE_SECONDS}s per target)"
if make --no-print-directory -s fuzz >"$log/fuzz-build.out" 2>&1; then
    for f in build-fuzz/fuzz/fuzz_*; do
        [ -x "$f" ] || continue
        name=$(basename "$f")
        seeds="tests/fuzz/seeds/${name#fuzz_}"
        work="$log/corpus-$name"; mkdir -p "$work"
        args=("$work"); [ -d "$seeds" ] && args+=("$seeds")
        if "$f" -max_total_time="$FUZZ_SMOKE_SECONDS" -rss_limit_mb=1024 -print_final_stats=0 "${args[@]}" \
               >"$log/$name.out" 2>&1; then
            passed=$((passed + 1)); printf '%-44s PASS\n' "fuzz $name"
        else
            failed=$((failed + 1)); failures+=("fuzz $name"); printf '%-44s FAIL\n' "fuzz $name"
            grep -A30 'ERROR\|SUMMARY' "$log/$name.out" | head -40 | sed 's/^/    /'
        fi
    done
else
    failed=$((failed + 1)); failures+=("fuzz build"); tail -30 "$log/fuzz-build.out"
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
    echo "failed: ${failures[*]}"
fi
[ "$skipped" -eq 0 ] || echo "$skipped skipped (see SKIP lines above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
