#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End to end: generator -> collector -> Redis -> aggregator, against the
# generator's exact truth. Two days of UK time across the autumn clock change
# (2018-10-28, the repeated 01:00-02:00 hour), junk lines and out-of-order
# lines, two sites. Every figure must equal the truth exactly (distinct
# sources within the 2% of HyperLogLog), for windows whose edges fall on
# days, hours and odd minutes; ingesting again, or a .zst/.gz copy, changes
# nothing.
. "$(dirname "$0")/lib.sh"
start_redis

FROM=2018-10-27T06:00:00Z
TO=2018-10-29T06:00:00Z
"$TTGEN" --kind mixed --rate 12 --tz Europe/London --from $FROM --to $TO --seed 7 \
    --junk-permille 4 --ooo-permille 20 --noise-permille 5 --out "$TMP/a.log" --truth "$TMP/a.truth" 2>"$TMP/a.json"
"$TTGEN" --kind netfilter --rate 30 --tz Europe/London --from $FROM --to $TO --seed 8 --host edge1 \
    --out "$TMP/b.log" --truth "$TMP/b.truth" 2>"$TMP/b.json"
cat "$TMP/a.json" "$TMP/b.json"

ingest() { # site file
    "$COLLECTOR" --redis "$REDIS_URL" --site "$1" --tz Europe/London --year 2018 "$2"
}
ingest council-a "$TMP/a.log"
ingest council-b "$TMP/b.log"

q() { # site metric from to [reason]
    local by=()
    [ -n "${5:-}" ] && by=(--by reason)
    local out
    out=$("$AGGREGATOR" --redis "$REDIS_URL" --site "$1" --tz Europe/London query "$2" --from "$3" --to "$4" --json "${by[@]}")
    if [ -n "${5:-}" ]; then
        sed -n "s/.*\"$5\":\([0-9]*\).*/\1/p" <<<"$out"
    else
        json_value value "$out"
    fi
}
T() { # truthfile metric from to [reason]
    sh "$TT_SRCDIR/tests/integration/truth_sum.sh" "$@"
}

# Windows: the whole range; whole UTC days; across the fold at odd minutes;
# an hour that is only partly covered; a single minute.
windows=(
    "$FROM $TO"
    "2018-10-27T00:00:00Z 2018-10-28T00:00:00Z"
    "2018-10-28T00:00:00Z 2018-10-29T00:00:00Z"
    "2018-10-28T00:07:00Z 2018-10-28T02:53:00Z"
    "2018-10-27T23:59:00Z 2018-10-28T00:01:00Z"
    "2018-10-28T13:31:00Z 2018-10-28T13:32:00Z"
    "2018-10-27T09:15:00Z 2018-10-29T04:45:00Z"
)
check_all() { # label
    local w from to m r
    for w in "${windows[@]}"; do
        read -r from to <<<"$w"
        for m in emails_blocked emails_delivered emails_sent emails_sent_tls attacks_blocked connections_allowed; do
            assert_eq "$1 council-a $m [$from, $to)" "$(T "$TMP/a.truth" $m "$from" "$to")" "$(q council-a $m "$from" "$to")"
        done
        for r in spam malware phishing policy reputation; do
            assert_eq "$1 council-a emails_blocked:$r [$from, $to)" \
                "$(T "$TMP/a.truth" emails_blocked "$from" "$to" $r)" "$(q council-a emails_blocked "$from" "$to" $r)"
        done
        assert_eq "$1 council-b attacks_blocked [$from, $to)" \
            "$(T "$TMP/b.truth" attacks_blocked "$from" "$to")" "$(q council-b attacks_blocked "$from" "$to")"
        assert_eq "$1 council-b lines_total [$from, $to)" \
            "$(T "$TMP/b.truth" lines_total "$from" "$to")" "$(q council-b lines_total "$from" "$to")"
        # Junk counts at the time of the line before it: an old window has its own bad lines.
        for m in lines_total lines_unparsed; do
            assert_eq "$1 council-a $m [$from, $to)" "$(T "$TMP/a.truth" $m "$from" "$to")" "$(q council-a $m "$from" "$to")"
        done
    done
    # Junk before the first dated line is counted at arrival: the window up to 2100 has it.
    assert_eq "$1 council-a lines_unparsed (all)" "$(T --all "$TMP/a.truth" lines_unparsed)" \
        "$(q council-a lines_unparsed 2000-01-01T00:00:00Z 2100-01-01T00:00:00Z)"
    assert_eq "$1 council-a lines_total (all)" "$(T --all "$TMP/a.truth" lines_total)" \
        "$(q council-a lines_total 2000-01-01T00:00:00Z 2100-01-01T00:00:00Z)"
}
check_all first

# Distinct attack sources: HyperLogLog, within 2%.
for s in a b; do
    want=$(T --all "$TMP/$s.truth" attack_sources)
    got=$(q council-$s attack_sources $FROM $TO)
    awk -v w="$want" -v g="$got" 'BEGIN { d = (g - w) / w; if (d < 0) d = -d; exit !(w > 100 && d <= 0.02) }' ||
        fail "attack_sources council-$s: truth $want, got $got"
    echo "ok: attack_sources council-$s truth $want, got $got"
done

# Sites are separate: council-b has no mail, and an unknown site is an error.
assert_eq "council-b emails_sent" 0 "$(q council-b emails_sent $FROM $TO)"
if "$AGGREGATOR" --redis "$REDIS_URL" --site council-z query attacks_blocked >/dev/null 2>&1; then
    fail "unknown site accepted"
fi

# Exactly once: the same file again, and compressed copies of it.
ingest council-a "$TMP/a.log"
zstd -q "$TMP/a.log" -o "$TMP/a.log.zst"
gzip -c "$TMP/a.log" >"$TMP/a.log.gz"
ingest council-a "$TMP/a.log.zst"
ingest council-a "$TMP/a.log.gz"
check_all again

# New Year, compressed, with junk: the truth of each window, bad lines included,
# whatever the year change does to RFC 3164 stamps (no year in them).
"$TTGEN" --kind mixed --rate 12 --tz Europe/London --from 2018-12-31T18:00:00Z --to 2019-01-01T06:00:00Z \
    --seed 9 --junk-permille 8 --noise-permille 5 --out "$TMP/c.log" --truth "$TMP/c.truth" 2>/dev/null
zstd -q --rm "$TMP/c.log" -o "$TMP/c.log.zst"
ingest council-c "$TMP/c.log.zst"
for w in "2018-12-31T18:00:00Z 2019-01-01T06:00:00Z" "2018-12-31T23:00:00Z 2019-01-01T00:00:00Z" \
    "2019-01-01T00:00:00Z 2019-01-01T01:00:00Z" "2018-12-31T23:59:00Z 2019-01-01T00:01:00Z"; do
    read -r from to <<<"$w"
    for m in lines_total lines_unparsed emails_blocked attacks_blocked; do
        assert_eq "new year council-c $m [$from, $to)" "$(T "$TMP/c.truth" $m "$from" "$to")" \
            "$(q council-c $m "$from" "$to")"
    done
done
# The report of the old window carries that window's bad lines (data quality).
want=$(T "$TMP/c.truth" lines_unparsed 2018-12-31T00:00:00Z 2019-01-01T00:00:00Z)
[ "$want" -gt 0 ] || fail "the New Year data has no junk on 31 December"
got=$("$AGGREGATOR" --redis "$REDIS_URL" --site council-c --tz UTC report --from 2018-12-31T00:00:00Z \
    --to 2019-01-01T00:00:00Z --format json | grep -o '"lines_unparsed":[0-9]*' | head -1 | cut -d: -f2)
assert_eq "report of 31 December: lines_unparsed" "$want" "$got"
echo "e2e ok"
