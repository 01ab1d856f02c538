#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End to end for the mail-a formats (exim, sendmail, rspamd, mailscanner,
# amavis, barracuda): ttgen writes two days of each format in a non-UTC zone
# with exact truth, the collector ingests it into a private Redis, and the
# aggregator's answers must equal the truth for every mail metric, by reason,
# over the whole window and over a window that cuts days in the middle; the
# share of outgoing mail sent encrypted must match too.
. "$(dirname "$0")/lib.sh"
TZN=Europe/Paris
FROM=2018-03-01T00:00:00Z
TO=2018-03-03T00:00:00Z
HOME_NET=10.0.0.0/8,2001:db8:10::/48
start_redis

q() { # q SITE METRIC FROM TO [--by reason]
    "$AGGREGATOR" --redis "$REDIS_URL" --site "$1" --tz "$TZN" query "$2" --from "$3" --to "$4" --json ${5:+--by reason}
}

for kind in exim sendmail rspamd mailscanner amavis barracuda; do
    log="$TMP/$kind.log" truth="$TMP/$kind.truth"
    "$TTGEN" --kind "$kind" --from "$FROM" --to "$TO" --tz "$TZN" --seed 7 --out "$log" --truth "$truth" >/dev/null
    "$COLLECTOR" --redis "$REDIS_URL" --site "$kind" --tz "$TZN" --year 2018 --home-net "$HOME_NET" \
        --format auto "$log"
    for win in "$FROM $TO" "2018-03-01T13:37:00Z 2018-03-02T09:05:00Z"; do
        set -- $win
        for m in emails_blocked emails_delivered emails_sent emails_sent_tls lines_total; do
            want=$(sh "$TT_SRCDIR/tests/integration/truth_sum.sh" "$truth" "$m" "$1" "$2")
            got=$(json_value value "$(q "$kind" "$m" "$1" "$2")")
            assert_eq "$kind $m [$1, $2)" "$want" "$got"
        done
        by=$(q "$kind" emails_blocked "$1" "$2" by)
        for r in spam malware phishing policy reputation; do
            want=$(sh "$TT_SRCDIR/tests/integration/truth_sum.sh" "$truth" emails_blocked "$1" "$2" "$r")
            got=$(sed -n "s/.*\"by\":{[^}]*\"$r\":\([0-9]*\).*/\1/p" <<<"$by")
            assert_eq "$kind emails_blocked:$r [$1, $2)" "$want" "${got:-0}"
        done
    done
    unp=$(json_value value "$(q "$kind" lines_unparsed "$FROM" "$TO")")
    assert_eq "$kind lines_unparsed" 0 "${unp:-0}"
    # the outbound encrypted share (emails_sent_tls / emails_sent), as the report shows it
    sent=$(sh "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$truth" emails_sent)
    tls=$(sh "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$truth" emails_sent_tls)
    gs=$(json_value value "$(q "$kind" emails_sent "$FROM" "$TO")")
    gt=$(json_value value "$(q "$kind" emails_sent_tls "$FROM" "$TO")")
    if [ "$sent" -gt 0 ]; then
        assert_eq "$kind encrypted share" "$(awk -v a="$tls" -v b="$sent" 'BEGIN{printf "%.4f", a/b}')" \
            "$(awk -v a="$gt" -v b="$gs" 'BEGIN{printf "%.4f", a/b}')"
        [ "$tls" -gt 0 ] && [ "$tls" -lt "$sent" ] || fail "$kind: the generator should mix TLS and clear deliveries"
    fi
    blocked=$(sh "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$truth" emails_blocked)
    [ "$blocked" -gt 100 ] || fail "$kind: too few blocks generated ($blocked)"
done

# All six in one mixed stream, recognised by content (--format auto).
"$TTGEN" --kind exim,sendmail,rspamd,mailscanner,amavis,barracuda --from "$FROM" --to 2018-03-01T06:00:00Z \
    --tz "$TZN" --seed 9 --junk-permille 5 --out "$TMP/mix.log" --truth "$TMP/mix.truth" >/dev/null
"$COLLECTOR" --redis "$REDIS_URL" --site mix --tz "$TZN" --year 2018 --home-net "$HOME_NET" "$TMP/mix.log"
for m in emails_blocked emails_delivered emails_sent emails_sent_tls lines_total lines_unparsed; do
    want=$(sh "$TT_SRCDIR/tests/integration/truth_sum.sh" "$TMP/mix.truth" "$m" "$FROM" 2018-03-01T07:00:00Z)
    got=$(json_value value "$(q mix "$m" "$FROM" 2018-03-01T07:00:00Z)")
    assert_eq "mixed $m" "$want" "${got:-0}"
done
echo "e2e mail-a ok"
