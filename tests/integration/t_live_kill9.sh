#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Exactly once across crashes (SPEC section 4): the collector is killed with
# SIGKILL at 20 random moments while it ingests a large file (and its .zst
# copy), restarted each time; the final counts equal the generator's truth.
# The file mixes netfilter with Postfix+amavis, whose figures depend on parser
# state (a queue id delivered to several recipients is one email): a restart
# must rebuild that state from the lines before its stored position (the old
# code counted 38 emails_sent too many here).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
start_redis
"$TTGEN" --kind mixed --from 2018-02-01T00:00:00Z --to 2018-02-03T00:00:00Z --rate 40 --seed 11 \
    --junk-permille 3 --noise-permille 5 --out "$TMP/fw.log" --truth "$TMP/fw.truth"
run() {
    exec "$COLLECTOR" --redis "$REDIS_URL" --site live --instance t --tz UTC --year 2018 --flush-interval 20 "$@"
}
RANDOM=4242
kills=0
i=0
while [ "$kills" -lt 20 ] && [ "$i" -lt 80 ]; do
    i=$((i + 1))
    (run "$TMP/fw.log" 2>>"$TMP/err") &
    pid=$!
    # a random moment in the first 5-45 ms of each run (the test is exact
    # wherever the kill lands; runs that finish first simply do not count)
    sleep "0.$(printf '%03d' $((5 + RANDOM % 40)))"
    if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
    wait "$pid" 2>/dev/null || true
    [ -n "${DEBUG:-}" ] && echo "run $i: $(redis-cli -s "$SOCK" keys "*pos*" | head -3 | while read -r k; do redis-cli -s "$SOCK" hget "$k" lines; done | tr "\n" " ") total $(total lines_total)"
done
echo "killed $kills of $i runs before they finished"
(run "$TMP/fw.log")
check_truth "$TMP/fw.truth"
# Reading the file again, or its compressed copy, counts nothing more.
zstd -q -1 "$TMP/fw.log" -o "$TMP/fw.log.zst"
(run "$TMP/fw.log" "$TMP/fw.log.zst")
check_truth "$TMP/fw.truth"
[ "$kills" -ge 20 ] || fail "only $kills kills landed during ingest: the test proved little"
echo "kill -9 ok"
