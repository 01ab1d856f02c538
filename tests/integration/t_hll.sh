#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The collector builds its HyperLogLogs itself (collector/hll.c) and sends
# one string per bucket; Redis must end up with exactly the registers its
# own PFADD of the same addresses gives, so every attack_sources figure is
# what it was. One UTC day of netfilter, ingested in two halves (the second
# merges into existing buckets): the day's HLL, and the union of its minute
# and hour HLLs, equal Redis's PFADD of the day's attack sources register by
# register. Also: our encoder alone on small and large sets (sparse, dense).
. "$(dirname "$0")/lib.sh"
start_redis
R() { redis-cli -s "$SOCK" "$@"; }
# raw KEY: the exact bytes of a string key
raw() { R --raw get "$1" | head -c "$(R strlen "$1")"; }

"$TTGEN" --kind netfilter --from 2018-02-01T00:00:00Z --to 2018-02-02T00:00:00Z --lines 400000 --seed 91 \
    --out "$TMP/day.log" --truth "$TMP/day.truth" 2>/dev/null
head -n 200000 "$TMP/day.log" >"$TMP/a.log"
tail -n +200001 "$TMP/day.log" >"$TMP/b.log"
for f in a b; do
    "$COLLECTOR" --redis "$REDIS_URL" --site h --tz UTC --year 2018 "$TMP/$f.log" 2>"$TMP/$f.err" ||
        fail "ingest $f: $(cat "$TMP/$f.err")"
done
"$HELPERS/hllref" pfadd ref <"$TMP/day.truth.sources" | R --pipe >/dev/null
assert_eq "distinct sources written by ttgen" "$(wc -l <"$TMP/day.truth.sources")" "$(sort -u "$TMP/day.truth.sources" | wc -l)"
day=$(R --scan --pattern 'tt:1:{h}:src:d:*')
assert_eq "one day key" 1 "$(wc -w <<<"$day")"
raw "$day" | "$HELPERS/hllref" regs >"$TMP/day.regs"
raw ref | "$HELPERS/hllref" regs >"$TMP/ref.regs"
cmp -s "$TMP/day.regs" "$TMP/ref.regs" || fail "day HLL registers differ from PFADD's: $(diff "$TMP/day.regs" "$TMP/ref.regs" | head -5)"
echo "ok: day registers equal PFADD's ($(grep -vc '^0$' "$TMP/ref.regs") registers set)"
assert_eq "PFCOUNT day" "$(R pfcount ref)" "$(R pfcount "$day")"
# shellcheck disable=SC2046
R pfmerge mins $(R --scan --pattern 'tt:1:{h}:src:m:*') >/dev/null
# shellcheck disable=SC2046
R pfmerge hours $(R --scan --pattern 'tt:1:{h}:src:h:*') >/dev/null
for k in mins hours; do
    raw "$k" | "$HELPERS/hllref" regs >"$TMP/$k.regs"
    cmp -s "$TMP/$k.regs" "$TMP/ref.regs" || fail "union of $k differs from PFADD's"
    echo "ok: union of the $k equals PFADD's"
done
# Our encoder alone against PFADD, on set sizes either side of the sparse limit.
for n in 1 7 200 1500 5000 40000; do
    head -n "$n" "$TMP/day.truth.sources" >"$TMP/s$n"
    "$HELPERS/hllref" encode <"$TMP/s$n" >"$TMP/s$n.hll"
    R del "p$n" >/dev/null
    "$HELPERS/hllref" pfadd "p$n" <"$TMP/s$n" | R --pipe >/dev/null
    raw "p$n" | "$HELPERS/hllref" regs >"$TMP/p$n.regs"
    "$HELPERS/hllref" regs <"$TMP/s$n.hll" >"$TMP/s$n.regs"
    cmp -s "$TMP/p$n.regs" "$TMP/s$n.regs" || fail "$n addresses: registers differ"
    R -x set "o$n" <"$TMP/s$n.hll" >/dev/null
    assert_eq "PFCOUNT of $n addresses ($(wc -c <"$TMP/s$n.hll") bytes)" "$(R pfcount "p$n")" "$(R pfcount "o$n")"
done
echo "hll ok"
