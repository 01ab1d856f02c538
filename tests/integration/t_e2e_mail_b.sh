#!/bin/bash
# SPDX-License-Identifier: MIT
# End to end for the mail-b gateway formats (cisco-esa, mimecast, exchange,
# proofpoint): ttgen writes two days of each format (and one stream mixing
# all four, read with --format auto) in Europe/London across the spring
# clock change; the collector counts them into a private Redis; every mail
# metric (emails_blocked by reason, emails_delivered, emails_sent,
# emails_sent_tls) and the outbound encrypted share must equal the truth,
# over the whole window and over a part of it.
. "$(dirname "$0")/lib.sh"
TRUTH_SUM="$TT_SRCDIR/tests/integration/truth_sum.sh"
FROM=2021-03-27T00:00:00Z
TO=2021-03-29T00:00:00Z
HOME_NET=10.0.0.0/8,2001:db8:10::/48
start_redis

# query_value SITE METRIC FROM TO -> the value
query_value() {
    json_value value "$("$AGGREGATOR" --redis "$REDIS_URL" --site "$1" --tz UTC query "$2" --from "$3" --to "$4" --json)"
}

check_site() { # SITE TRUTH FROM TO
    local site=$1 truth=$2 from=$3 to=$4 m r want got
    for m in emails_blocked emails_delivered emails_sent emails_sent_tls lines_total lines_unparsed; do
        want=$(sh "$TRUTH_SUM" "$truth" "$m" "$from" "$to")
        got=$(query_value "$site" "$m" "$from" "$to")
        assert_eq "$site $m [$from, $to)" "$want" "$got"
    done
    local by
    by=$("$AGGREGATOR" --redis "$REDIS_URL" --site "$site" --tz UTC query emails_blocked --from "$from" --to "$to" --by reason --json)
    for r in spam malware phishing policy reputation; do
        want=$(sh "$TRUTH_SUM" "$truth" emails_blocked "$from" "$to" "$r")
        got=$(sed -n "s/.*\"$r\":\([0-9][0-9]*\).*/\1/p" <<<"$by")
        assert_eq "$site emails_blocked:$r [$from, $to)" "$want" "${got:-0}"
    done
    # the share of outgoing mail sent encrypted, in permille, as a report shows it
    local sent tls
    sent=$(query_value "$site" emails_sent "$from" "$to")
    tls=$(query_value "$site" emails_sent_tls "$from" "$to")
    want=$(( $(sh "$TRUTH_SUM" "$truth" emails_sent "$from" "$to") ))
    if [ "$want" -gt 0 ]; then
        want=$(( 1000 * $(sh "$TRUTH_SUM" "$truth" emails_sent_tls "$from" "$to") / want ))
        assert_eq "$site outbound encrypted share (permille)" "$want" "$(( 1000 * tls / sent ))"
    fi
}

for kind in cisco-esa mimecast exchange proofpoint cisco-esa,mimecast,exchange,proofpoint; do
    site=${kind//,/-}
    [ "$kind" = "${kind#*,}" ] || site=mixed
    "$TTGEN" --kind "$kind" --from "$FROM" --to "$TO" --tz Europe/London --rate 4 --seed 11 --junk-permille 5 \
        --out "$TMP/$site.log" --truth "$TMP/$site.truth" 2>/dev/null
    "$COLLECTOR" --redis "$REDIS_URL" --site "$site" --tz Europe/London --year 2021 --home-net "$HOME_NET" \
        --format auto "$TMP/$site.log"
    sent=$(sh "$TRUTH_SUM" --all "$TMP/$site.truth" emails_sent)
    blocked=$(sh "$TRUTH_SUM" --all "$TMP/$site.truth" emails_blocked)
    [ "$blocked" -gt 100 ] || fail "$site: generator produced too few blocks ($blocked)"
    [ "$sent" -gt 100 ] || fail "$site: generator produced too few outbound messages ($sent)"
    check_site "$site" "$TMP/$site.truth" "$FROM" 2021-03-29T01:00:00Z
    check_site "$site" "$TMP/$site.truth" 2021-03-28T00:30:00Z 2021-03-28T13:17:00Z
    # the junk lines (no timestamp) are the only unparsed ones
    unparsed=$(query_value "$site" lines_unparsed 2000-01-01T00:00:00Z 2100-01-01T00:00:00Z)
    want_unparsed=$(sh "$TRUTH_SUM" --all "$TMP/$site.truth" lines_unparsed)
    [ "$want_unparsed" -gt 0 ] || fail "$site: the generator wrote no junk: the test proves nothing"
    assert_eq "$site lines_unparsed" "$want_unparsed" "$unparsed"
done
echo "PASS t_e2e_mail_b"
