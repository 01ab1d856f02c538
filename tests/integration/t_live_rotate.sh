#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --follow across rotation (SPEC section 4): a glob of files is followed
# while the writer appends, the file is rotated by rename and the rotated
# copy compressed to .zst (then, next rotation, to .gz), a file is deleted
# and recreated, and one copytruncate rotation happens. Every line is counted
# exactly once; reading all the files again afterwards adds nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
start_redis
"$TTGEN" --kind netfilter --from 2018-02-01T00:00:00Z --to 2018-02-02T00:00:00Z --lines 40000 --seed 3 \
    --junk-permille 2 --out "$TMP/all.log" --truth "$TMP/all.truth" 2>/dev/null
mkdir -p "$TMP/logs" "$TMP/chunks"
split -l 2000 -d -a 3 "$TMP/all.log" "$TMP/chunks/c"
chunks=("$TMP"/chunks/c*)
L="$TMP/logs/app.log"
: >"$L"
"$COLLECTOR" --redis "$REDIS_URL" --site live --instance t --tz UTC --year 2018 --follow \
    --flush-interval 50 --scan-interval 100 "$TMP/logs/app.log*" 2>"$TMP/err" &
cpid=$!
LIVE_PIDS+=("$cpid")
append() { cat "${chunks[$1]}" >>"$L"; sleep 0.05; }
n=${#chunks[@]}
for i in $(seq 0 $((n - 1))); do
    append "$i"
    case $i in
    4) # rename rotation, then compression of the rotated copy
        mv "$L" "$L.1"; : >"$L"
        zstd -q --rm "$L.1" -o "$L.1.zst" ;;
    9) # again, to .gz, shifting the older copy
        mv "$L.1.zst" "$L.2.zst"; mv "$L" "$L.1"; : >"$L"
        gzip -q "$L.1" ;;
    13) # copytruncate (the collector has read everything: no gap expected,
        # but the truncation must be noticed and reported)
        wait_for bash -c "[ \"\$(redis-cli -s '$SOCK' hget 'tt:1:{live}:collector:t' lines_total)\" -ge $(((i + 1) * 2000)) ] 2>/dev/null" ||
            fail "collector did not catch up before copytruncate: $(health lines_total): $(cat "$TMP/err")"
        cp "$L" "$L.3"; : >"$L" ;;
    16) # deleted and recreated
        rm -f "$L"; : >"$L" ;;
    esac
done
want=$(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/all.truth" lines_total)
wait_for bash -c "[ \"\$(redis-cli -s '$SOCK' hget 'tt:1:{live}:collector:t' lines_total)\" -ge $want ] 2>/dev/null" ||
    fail "collector counted $(health lines_total) of $want lines: $(cat "$TMP/err")"
kill -TERM "$cpid"
wait "$cpid" || fail "collector exit status $?: $(cat "$TMP/err")"
[ -n "${DEBUG:-}" ] && { cat "$TMP/err"; ls -la --time-style=full-iso "$TMP/logs"; for k in $(redis-cli -s "$SOCK" keys '*pos*'); do echo "$k $(redis-cli -s "$SOCK" hmget "$k" name offset lines | tr '\n' ' ')"; done; }
check_truth "$TMP/all.truth"
grep -q "truncated in place" "$TMP/err" || fail "copytruncate not reported: $(cat "$TMP/err")"
assert_eq "possible gaps recorded" 1 "$(health possible_gaps)"
ls "$TMP/logs"
# Everything again, read once: nothing is new.
"$COLLECTOR" --redis "$REDIS_URL" --site live --instance t --tz UTC --year 2018 "$TMP"/logs/app.log* 2>>"$TMP/err2" ||
    fail "re-read failed: $(cat "$TMP/err2")"
check_truth "$TMP/all.truth"
echo "rotation ok"
