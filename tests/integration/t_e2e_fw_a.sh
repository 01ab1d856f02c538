#!/bin/bash
# SPDX-License-Identifier: MIT
#
# t_e2e_fw_a.sh -- end to end for the fw-a formats (FortiGate, PAN-OS, Cisco
# ASA, Cisco FTD, Check Point, CEF/LEEF, Cisco Umbrella): ttgen writes two
# days of each format in a non-UTC zone with exact truth; the collector
# counts them into a private Redis; the aggregator's figures must equal the
# truth exactly for every metric and reason (attack_sources, a HyperLogLog,
# within 2%). Each format is a site of its own; a mixed stream of all of
# them (auto-detection) is one more site.
. "$(dirname "$0")/lib.sh"

FORMATS="fortigate panos cisco-asa cisco-ftd checkpoint cef cisco-umbrella"
FROM=2024-03-09T00:00:00Z
TO=2024-03-11T00:00:00Z
TZ_GEN=America/New_York   # the US spring change (2024-03-10) falls inside
HOME_NET=10.0.0.0/8,2001:db8:10::/48
TRUTH_SUM="$TT_SRCDIR/tests/integration/truth_sum.sh"

start_redis

check_site() { # SITE TRUTH
    local site=$1 truth=$2 m r want got json
    for m in attacks_blocked connections_allowed ids_alerts lines_total lines_unparsed; do
        want=$("$TRUTH_SUM" "$truth" "$m" "$FROM" "$TO")
        json=$("$AGGREGATOR" --redis "$REDIS_URL" --site "$site" --tz UTC query "$m" --from "$FROM" --to "$TO" --json)
        assert_eq "$site $m" "$want" "$(json_value value "$json")"
    done
    for r in firewall ips; do
        want=$("$TRUTH_SUM" "$truth" attacks_blocked "$FROM" "$TO" "$r")
        json=$("$AGGREGATOR" --redis "$REDIS_URL" --site "$site" --tz UTC query attacks_blocked --from "$FROM" --to "$TO" --by reason --json)
        got=$(sed -n "s/.*\"$r\":\([0-9][0-9]*\).*/\1/p" <<<"$json")
        assert_eq "$site attacks_blocked:$r" "$want" "${got:-0}"
    done
    # one window that starts mid-day, in the report zone
    want=$("$TRUTH_SUM" "$truth" attacks_blocked 2024-03-09T17:00:00Z 2024-03-10T09:30:00Z)
    json=$("$AGGREGATOR" --redis "$REDIS_URL" --site "$site" --tz UTC query attacks_blocked --from 2024-03-09T17:00:00Z --to 2024-03-10T09:30:00Z --json)
    assert_eq "$site attacks_blocked (partial window)" "$want" "$(json_value value "$json")"
    want=$("$TRUTH_SUM" --all "$truth" attack_sources)
    json=$("$AGGREGATOR" --redis "$REDIS_URL" --site "$site" --tz UTC query attack_sources --from "$FROM" --to "$TO" --json)
    got=$(json_value value "$json")
    awk -v w="$want" -v g="$got" 'BEGIN { d = w - g; if (d < 0) d = -d; exit !(w == 0 ? g == 0 : d <= 0.02 * w) }' ||
        fail "$site attack_sources: want $want (+-2%), got $got"
    echo "ok: $site attack_sources = $got (truth $want)"
}

seed=11
for f in $FORMATS; do
    seed=$((seed + 1))
    "$TTGEN" --kind "$f" --from "$FROM" --to "$TO" --tz "$TZ_GEN" --rate 20 --seed "$seed" \
        --out "$TMP/$f.log" --truth "$TMP/$f.truth" 2>/dev/null
    "$COLLECTOR" --redis "$REDIS_URL" --site "$f" --format auto --tz "$TZ_GEN" --year 2024 \
        --home-net "$HOME_NET" "$TMP/$f.log"
    check_site "$f" "$TMP/$f.truth"
done

# All formats in one stream: recognition by content only.
kinds=$(tr ' ' ',' <<<"$FORMATS")
"$TTGEN" --kind "$kinds" --from "$FROM" --to "$TO" --tz "$TZ_GEN" --rate 5 --seed 99 --junk-permille 5 \
    --out "$TMP/mixed.log" --truth "$TMP/mixed.truth" 2>/dev/null
"$COLLECTOR" --redis "$REDIS_URL" --site mixed --tz "$TZ_GEN" --year 2024 --home-net "$HOME_NET" "$TMP/mixed.log"
check_site mixed "$TMP/mixed.truth"
# New Year in a zone with no year in RFC 3164 headers, read from .zst: every
# firewall/IDS generator in one stream (ASA Builts and permits, FortiGate CSV
# and utmaction, Juniper relayed and FW: lines, SonicWall CEF and key
# orders, SFOS layouts). The year advances when the month steps back.
NY_FROM=2023-12-31T18:00:00Z NY_TO=2024-01-01T06:00:00Z
NY_KINDS=fortigate,panos,cisco-asa,cisco-ftd,checkpoint,cef,cisco-umbrella,juniper-srx,sonicwall,sophos-xg
"$TTGEN" --kind "$NY_KINDS" --from "$NY_FROM" --to "$NY_TO" --tz Europe/Berlin --rate 20 --seed 31 \
    --out "$TMP/ny.log" --truth "$TMP/ny.truth" 2>/dev/null
zstd -q --rm "$TMP/ny.log" -o "$TMP/ny.log.zst"
"$COLLECTOR" --redis "$REDIS_URL" --site newyear --tz Europe/Berlin --year 2023 --home-net "$HOME_NET" "$TMP/ny.log.zst"
for w in "$NY_FROM $NY_TO" "$NY_FROM 2023-12-31T23:00:00Z" "2023-12-31T23:00:00Z $NY_TO"; do
    set -- $w
    for m in attacks_blocked connections_allowed ids_alerts lines_total; do
        want=$("$TRUTH_SUM" "$TMP/ny.truth" "$m" "$1" "$2")
        json=$("$AGGREGATOR" --redis "$REDIS_URL" --site newyear --tz UTC query "$m" --from "$1" --to "$2" --json)
        assert_eq "newyear $m [$1,$2)" "$want" "$(json_value value "$json")"
    done
done
echo "t_e2e_fw_a: all figures equal the truth"
