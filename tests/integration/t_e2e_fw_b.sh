#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End to end for the fw-b firewall/IDS formats: ttgen writes two days of
# pfSense filterlog, Sophos XG, Juniper SRX, SonicWall, MikroTik, Suricata
# EVE and fast.log and Snort lines in one mixed stream (local times in a
# non-UTC zone), the collector recognises each line (--format auto) and
# counts into a private Redis, and every figure the aggregator answers --
# per metric, per reason, for the whole window and for a single day --
# equals the generator's truth exactly. Then each format alone with
# --format NAME must give the same figures for its own truth.
. "$(dirname "$0")/lib.sh"
KINDS="pfsense-filterlog sophos-xg juniper-srx sonicwall mikrotik suricata-eve suricata-fast snort"
TZ_NAME=America/New_York
FROM=2018-06-12T00:00:00Z TO=2018-06-14T00:00:00Z DAY_FROM=2018-06-12T04:00:00Z DAY_TO=2018-06-13T04:00:00Z
HOME_NET=10.0.0.0/8,2001:db8:10::/48
start_redis

q() { # q SITE METRIC FROM TO [REASON]
    local json
    if [ -n "${5:-}" ]; then
        json=$("$AGGREGATOR" --redis "$REDIS_URL" --site "$1" --tz UTC query "$2" --from "$3" --to "$4" --by reason --json)
        sed -n "s/.*\"$5\":\([0-9][0-9]*\).*/\1/p" <<<"$json" | awk "NR == 1" | grep . || echo 0
    else
        json=$("$AGGREGATOR" --redis "$REDIS_URL" --site "$1" --tz UTC query "$2" --from "$3" --to "$4" --json)
        json_value value "$json"
    fi
}

check_site() { # check_site SITE TRUTH
    local site=$1 truth=$2 m r want got
    for m in attacks_blocked connections_allowed ids_alerts emails_blocked emails_delivered emails_sent lines_total \
             lines_unparsed; do
        for w in "$FROM $TO" "$DAY_FROM $DAY_TO"; do
            set -- $w
            want=$(sh "$TT_SRCDIR/tests/integration/truth_sum.sh" "$truth" "$m" "$1" "$2")
            got=$(q "$site" "$m" "$1" "$2")
            assert_eq "$site $m [$1,$2)" "$want" "$got"
        done
    done
    for r in firewall ips; do
        want=$(sh "$TT_SRCDIR/tests/integration/truth_sum.sh" "$truth" attacks_blocked "$FROM" "$TO" "$r")
        assert_eq "$site attacks_blocked:$r" "$want" "$(q "$site" attacks_blocked "$FROM" "$TO" "$r")"
    done
    for r in spam malware phishing reputation policy; do
        want=$(sh "$TT_SRCDIR/tests/integration/truth_sum.sh" "$truth" emails_blocked "$FROM" "$TO" "$r")
        assert_eq "$site emails_blocked:$r" "$want" "$(q "$site" emails_blocked "$FROM" "$TO" "$r")"
    done
    # distinct sources: HyperLogLog, within 2%
    want=$(sh "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$truth" attack_sources)
    got=$(q "$site" attack_sources "$FROM" "$TO")
    awk -v w="$want" -v g="$got" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= 0.02 * w + 1) }' ||
        fail "$site attack_sources: truth $want, got $got"
    echo "ok: $site attack_sources $got (truth $want)"
}

# 1. all formats mixed, recognised by content
"$TTGEN" --kind "$(tr ' ' , <<<"$KINDS")" --from "$FROM" --to "$TO" --tz "$TZ_NAME" --rate 6 --seed 7 --junk-permille 5 \
    --out "$TMP/mixed.log" --truth "$TMP/mixed.truth"
"$COLLECTOR" --redis "$REDIS_URL" --site mixed --tz "$TZ_NAME" --year 2018 --home-net "$HOME_NET" --stats \
    "$TMP/mixed.log" 2>"$TMP/stats"
cat "$TMP/stats"
# junk lines (no timestamp) are the only unparsed ones, each counted at the
# time of the line before it (checked per window by check_site)
want_unparsed=$(sh "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/mixed.truth" lines_unparsed)
[ "$want_unparsed" -gt 0 ] || fail "the generator wrote no junk: the test proves nothing"
grep -q "unparsed $want_unparsed," "$TMP/stats" || fail "unparsed lines in the mixed stream other than the junk"
check_site mixed "$TMP/mixed.truth"

# 2. each format alone, named with --format
for k in $KINDS; do
    "$TTGEN" --kind "$k" --from "$FROM" --to "$TO" --tz "$TZ_NAME" --rate 3 --seed 11 \
        --out "$TMP/$k.log" --truth "$TMP/$k.truth"
    "$COLLECTOR" --redis "$REDIS_URL" --site "$k" --format "$k" --tz "$TZ_NAME" --year 2018 --home-net "$HOME_NET" \
        "$TMP/$k.log"
    check_site "$k" "$TMP/$k.truth"
done
echo "t_e2e_fw_b: all figures equal the truth"
