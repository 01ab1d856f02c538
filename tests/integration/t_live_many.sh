#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Many files at once: a glob over 60 logs (plain and, for some already
# rotated ones, .gz/.zst), all growing at the same time while followed, new
# files appearing during the run; the collector is then killed with SIGKILL
# and restarted on the same glob while the writers continue. Every line is
# counted exactly once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
start_redis
"$TTGEN" --kind netfilter --from 2018-02-01T00:00:00Z --to 2018-02-02T00:00:00Z --lines 60000 --seed 51 \
    --junk-permille 2 --out "$TMP/all.log" --truth "$TMP/all.truth" 2>/dev/null
mkdir -p "$TMP/in" "$TMP/d"
split -n l/60 -d -a 2 "$TMP/all.log" "$TMP/in/f"
# ten files exist before the start, two of them already compressed
for i in 00 01 02 03 04 05 06 07 08 09; do cp "$TMP/in/f$i" "$TMP/d/h$i.log"; done
gzip "$TMP/d/h08.log"
zstd -q --rm "$TMP/d/h09.log"
run() {
    "$COLLECTOR" --redis "$REDIS_URL" --site live --instance t --tz UTC --year 2018 --follow \
        --flush-interval 50 --scan-interval 100 "$TMP/d/*.log*" 2>>"$TMP/err" &
    cpid=$!
    LIVE_PIDS+=("$cpid")
}
run
# 50 more files, each written in three appends, interleaved
for part in 1 2 3; do
    for i in $(seq 10 59); do
        f="$TMP/in/f$i"
        n=$(wc -l <"$f")
        a=$(((n * (part - 1)) / 3 + 1)) b=$(((n * part) / 3))
        sed -n "${a},${b}p" "$f" >>"$TMP/d/h$i.log"
    done
    if [ "$part" = 2 ]; then   # crash in the middle, restart
        sleep 0.3
        kill -9 "$cpid"
        wait "$cpid" 2>/dev/null || true
        run
    fi
    sleep 0.2
done
want=$(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/all.truth" lines_total)
wait_for bash -c "[ \"\$(redis-cli -s '$SOCK' hget 'tt:1:{live}:collector:t' lines_total)\" -ge 0 ] 2>/dev/null && \
    [ \"\$('$AGGREGATOR' --redis '$REDIS_URL' --site live --tz UTC query lines_total --from 2000-01-01T00:00:00Z \
      --to 2100-01-01T00:00:00Z --json | sed 's/.*\"value\":\([0-9]*\).*/\1/')\" -ge $want ]" ||
    fail "counted $(total lines_total) of $want: $(cat "$TMP/err")"
kill -TERM "$cpid"
wait "$cpid" || fail "collector exit: $(cat "$TMP/err")"
check_truth "$TMP/all.truth"
assert_eq "files followed" 60 "$(ls "$TMP/d" | wc -l)"
echo "many files ok"
