#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `purge`: a dry run lists what would go and deletes nothing; a purge
# deletes exactly the keys of the chosen families and days of the chosen
# site (compared key by key before and after), never another site's, never
# the read positions (a file read again still counts nothing twice); the
# figures of the days kept are unchanged; retention from the config file.
. "$(dirname "$0")/lib.sh"
start_redis
for site in council-a council-b; do
    "$TTGEN" --kind mixed --from 2018-01-20T00:00:00Z --to 2018-02-10T00:00:00Z --lines 40000 --tz UTC \
        --seed 3 --out "$TMP/$site.log" >/dev/null 2>&1
    "$COLLECTOR" --redis "$REDIS_URL" --site $site --tz UTC --year 2018 --top-sources 24,48 "$TMP/$site.log"
done
AGG=("$AGGREGATOR" --redis "$REDIS_URL" --tz UTC)
keys() { redis-cli -s "$SOCK" --scan --pattern '*' | sort; }
keys >"$TMP/k0"
feb_a=$("${AGG[@]}" query attacks_blocked --from 2018-02-01 --to 2018-02-10 --site council-a --json)
feb_b=$("${AGG[@]}" query attacks_blocked --from 2018-01-20 --to 2018-02-10 --site council-b --json)
# Expected: council-a's day, hour, minute, source and top keys of January.
a='tt:1:{council-a}:'
grep -E "^${a//\{/\\{}(d|h|m|top:d|src:d|src:h|src:m):201801[0-9]+$" "$TMP/k0" >"$TMP/expect-all" || true
grep -E "^${a//\{/\\{}(d|src:d):201801[0-9]+$" "$TMP/k0" >"$TMP/expect-days" || true
[ "$(wc -l <"$TMP/expect-days")" -eq 24 ] || fail "expected 12 January days x 2 day keys, got $(wc -l <"$TMP/expect-days")"
for f in h m top:d src:h src:m; do grep -q "{council-a}:$f:201801" "$TMP/expect-all" || fail "no January $f keys to test with"; done

# Dry run: says what, deletes nothing.
"${AGG[@]}" purge --before 2018-02-01 --site council-a --what days --dry-run | tee "$TMP/dry"
grep -q '^Would delete from site council-a, UTC days before 2018-02-01:$' "$TMP/dry" || fail "dry run heading"
grep -Eq '^  day counts +12 keys, UTC days 2018-01-20 to 2018-01-31$' "$TMP/dry" || fail "dry run day counts"
grep -Eq '^  attack-source estimates per day +12 keys' "$TMP/dry" || fail "dry run day estimates"
grep -q 'Would delete 24 keys in all' "$TMP/dry" || fail "dry run total"
keys >"$TMP/k1"
cmp -s "$TMP/k0" "$TMP/k1" || fail "the dry run deleted something"

# --what days: exactly the day keys of January, of council-a.
"${AGG[@]}" purge --before 2018-02-01 --site council-a --what days | tee "$TMP/out1"
grep -q 'Deleted 24 keys in all' "$TMP/out1" || fail "purge days total"
keys >"$TMP/k2"
comm -23 "$TMP/k0" "$TMP/k2" >"$TMP/gone"
cmp -s "$TMP/expect-days" "$TMP/gone" || fail "deleted keys differ from January's day keys: $(diff "$TMP/expect-days" "$TMP/gone" | head)"
echo "ok: deleted exactly the $(wc -l <"$TMP/gone") January day keys of council-a"
[ -z "$(comm -13 "$TMP/k0" "$TMP/k2")" ] || fail "purge created keys"

# --what all: the rest of council-a's January; council-b untouched.
"${AGG[@]}" purge --before 2018-02-01 --site council-a --what all >"$TMP/out2"
keys >"$TMP/k3"
comm -23 "$TMP/k0" "$TMP/k3" >"$TMP/gone-all"
cmp -s "$TMP/expect-all" "$TMP/gone-all" || fail "deleted keys differ from January's keys: $(diff "$TMP/expect-all" "$TMP/gone-all" | head)"
echo "ok: deleted exactly the $(wc -l <"$TMP/gone-all") January keys of council-a (days, hours, minutes, estimates, top)"
! grep -q '{council-b}' "$TMP/gone-all" || fail "purge touched council-b"
grep -q "{council-a}:pos:" "$TMP/k3" || fail "read positions were deleted"
grep -q "{council-a}:sources" "$TMP/k3" || fail "the source list was deleted"
assert_eq "January of council-a after purge" 0 "$(json_value value "$("${AGG[@]}" query attacks_blocked --month 2018-01 --site council-a --json)")"
assert_eq "February of council-a kept" "$feb_a" "$("${AGG[@]}" query attacks_blocked --from 2018-02-01 --to 2018-02-10 --site council-a --json)"
assert_eq "council-b kept" "$feb_b" "$("${AGG[@]}" query attacks_blocked --from 2018-01-20 --to 2018-02-10 --site council-b --json)"
# Reading the same file again counts nothing twice (positions kept).
"$COLLECTOR" --redis "$REDIS_URL" --site council-a --tz UTC --year 2018 --top-sources 24,48 "$TMP/council-a.log"
assert_eq "January stays empty after re-reading the file" 0 "$(json_value value "$("${AGG[@]}" query attacks_blocked --month 2018-01 --site council-a --json)")"
# Nothing left to delete: said in words.
"${AGG[@]}" purge --before 2018-02-01 --site council-a >"$TMP/out3"
grep -q 'nothing: no such data is stored before that day' "$TMP/out3" || fail "empty purge not said"

# Retention from the config file: keep-days, with the command line winning.
printf '[aggregator]\n# keep the last 5000 days\nkeep-days = 5000\nredis = %s\n' "$REDIS_URL" >"$TMP/agg.conf"
"$AGGREGATOR" --config "$TMP/agg.conf" purge --site council-b --dry-run >"$TMP/out4"
grep -q 'Would delete 0 keys in all' "$TMP/out4" || fail "keep-days 5000 should keep everything: $(cat "$TMP/out4")"
printf '[aggregator]\nkeep-days = 1\nredis = %s\n' "$REDIS_URL" >"$TMP/agg1.conf"
"$AGGREGATOR" --config "$TMP/agg1.conf" purge --site council-b --what top --dry-run >"$TMP/out5"
grep -Eq '^  top-networks lists +2[0-9] keys, UTC days 2018-01-2[0-9] to 2018-02-09$' "$TMP/out5" || fail "keep-days 1: $(cat "$TMP/out5")"

# Usage errors.
set +e
"${AGG[@]}" purge --site council-a >/dev/null 2>"$TMP/e1"; r1=$?
"${AGG[@]}" purge --before 2018-02-30 >/dev/null 2>"$TMP/e2"; r2=$?
"${AGG[@]}" purge --before 2018-02-01 --what weeks >/dev/null 2>"$TMP/e3"; r3=$?
"${AGG[@]}" purge --before 2018-02-01 --site council-z >/dev/null 2>"$TMP/e4"; r4=$?
"${AGG[@]}" query emails_blocked --dry-run >/dev/null 2>"$TMP/e5"; r5=$?
set -e
assert_eq "purge without --before" 2 "$r1"
assert_eq "purge --before bad date" 2 "$r2"
assert_eq "purge --what weeks" 2 "$r3"
assert_eq "purge unknown site" 1 "$r4"
assert_eq "--dry-run outside purge" 2 "$r5"
grep -q 'purge needs --before DATE' "$TMP/e1" || fail "message: $(cat "$TMP/e1")"
echo "purge ok"
