#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bad input never crashes and never loses good data: garbage, binary, NULs,
# invalid UTF-8, over-long lines, truncated .zst/.gz -- each counted as
# unparsed with a reason, the good lines around them all counted.
. "$(dirname "$0")/lib.sh"
good() { printf 'Feb  1 00:%02d:00 gw kernel: [UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.%d DST=10.0.0.1 PROTO=TCP SPT=1 DPT=22\n' "$1" "$1"; }
f="$TMP/bad.log"
{
    good 1
    printf 'complete garbage that is no log format\n'        # no_parser
    good 2
    printf 'bin\x00ary\x01\x02 with NUL\n'                  # binary
    good 3
    printf 'Feb  1 00:03:30 gw app: caf\xe9 \xff\xfe latin-1\n' # invalid_utf8
    good 4
    head -c 200000 /dev/zero | tr '\0' 'A'; printf '\n'       # too_long
    good 5
    printf '\n'                                               # empty
    good 6
    printf 'Feb 30 00:00:00 gw kernel: DROP IN=eth0 OUT= SRC=203.0.113.99 DST=10.0.0.1\n' # impossible date
    good 7
} >"$f"

out=$("$COLLECTOR" --no-redis --stats --tz UTC --year 2018 "$f" 2>"$TMP/stats")
cat "$TMP/stats"
grep -Eq "^attacks_blocked +7" <<<"$out" || fail "good lines lost: $out"
grep -Eq "^lines_total +13" <<<"$out" || fail "lines_total: $out"
grep -Eq "^lines_unparsed +6" <<<"$out" || fail "unparsed: $out"
for r in no_parser binary invalid_utf8 too_long empty bad_time; do
    grep -q "unparsed $r" "$TMP/stats" || fail "reason $r missing"
done

# The same through Redis, by reason.
start_redis
"$COLLECTOR" --redis "$REDIS_URL" --site bad --tz UTC --year 2018 "$f"
got=$("$AGGREGATOR" --redis "$REDIS_URL" --site bad --tz UTC query lines_unparsed --from 2000-01-01T00:00:00Z --to 2100-01-01T00:00:00Z --by reason --json)
echo "$got"
assert_eq "unparsed via redis" 6 "$(json_value value "$got")"
got=$("$AGGREGATOR" --redis "$REDIS_URL" --site bad --tz UTC query attacks_blocked --from 2018-02-01T00:00:00Z --to 2018-02-02T00:00:00Z --json)
assert_eq "attacks via redis" 7 "$(json_value value "$got")"

# Truncated archives: good lines before the damage are counted, the file and
# offset are named, nothing crashes.
# (varied ports, so the archive has several blocks and half of it holds some)
seq 1 5000 | while read -r i; do good $((i % 60)) | sed "s/SPT=1 /SPT=$((i * 7919 % 65536)) /"; done >"$TMP/big.log"
zstd -q -19 "$TMP/big.log" -o "$TMP/big.log.zst"
gzip -c "$TMP/big.log" >"$TMP/big.log.gz"
for z in zst gz; do
    size=$(stat -c %s "$TMP/big.log.$z")
    head -c $((size / 2)) "$TMP/big.log.$z" >"$TMP/cut.$z"
    set +e
    out=$("$COLLECTOR" --no-redis --tz UTC --year 2018 "$TMP/cut.$z" 2>"$TMP/err.$z")
    rc=$?
    set -e
    cat "$TMP/err.$z"
    [ $rc -le 1 ] || fail "truncated .$z: exit $rc"
    grep -q "cut.$z" "$TMP/err.$z" || fail "truncated .$z not named"
    grep -Eq "bytes|byte" "$TMP/err.$z" || fail "no offset for .$z"
    n=$(sed -n 's/^attacks_blocked *\([0-9,]*\).*/\1/p' <<<"$out" | tr -d ,)
    [ "$n" -gt 100 ] && [ "$n" -lt 5000 ] || fail "truncated .$z counted $n"
    echo "ok: truncated .$z counted $n good lines before the damage"
done

# Random binary input of every size never crashes.
for s in 1 7 100 4096 70000; do
    head -c $s /dev/urandom >"$TMP/rand"
    "$COLLECTOR" --no-redis --tz UTC "$TMP/rand" >/dev/null || fail "random input of $s bytes"
done
echo "bad input ok"
