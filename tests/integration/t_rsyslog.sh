#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# rsyslog in front of the collector, as appliances are set up: a private
# rsyslogd (Debian's package, its own config, work directory and pid file,
# never the system service) receives Postfix + amavis + netfilter lines over
# loopback TCP and forwards them over TCP to the collector's tcp:// sources:
#   A  RSYSLOG_SyslogProtocol23Format (RFC 5424: APP-NAME cut to "postfix",
#      the daemon gone from the header),
#   B  RSYSLOG_TraditionalForwardFormat (RFC 3164, no year),
# and reads the same lines from a file with imfile, forwarding them with
#   C  the default template (rsyslog's own header in front of each line),
#   D  RFC 5424 (the same, in RFC 5424).
# Every figure of each of the four sites must equal the generator's truth,
# over the whole time line and in single hours.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
command -v rsyslogd >/dev/null || fail "rsyslogd not installed (scripts/deps.sh installs Debian's rsyslog)"
start_redis

FROM=2018-02-05T06:00:00Z
TO=2018-02-05T12:00:00Z
"$TTGEN" --kind mixed --rate 8 --tz Europe/London --from $FROM --to $TO --seed 31 --iso-stamps \
    --out "$TMP/in.log" --truth "$TMP/in.truth" 2>/dev/null
want=$(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/in.truth" lines_total)
[ "$want" -gt 10000 ] || fail "too few lines generated: $want"

# Four collectors, one per way of forwarding (sites a..d).
declare -A cport
for s in a b c d; do
    "$COLLECTOR" --redis "$REDIS_URL" --site "rs-$s" --instance t --tz Europe/London --year 2018 \
        --flush-interval 100 tcp://127.0.0.1:0 2>"$TMP/col-$s.err" &
    LIVE_PIDS+=($!)
    eval "cpid_$s=$!"
    wait_for grep -q "listening on" "$TMP/col-$s.err" || fail "collector $s: no listener: $(cat "$TMP/col-$s.err")"
    cport[$s]=$(sed -n 's/.*listening on .* port \([0-9]*\)$/\1/p' "$TMP/col-$s.err")
done

mkdir -p "$TMP/rs"
cat >"$TMP/rs/rsyslog.conf" <<EOF
global(workDirectory="$TMP/rs" maxMessageSize="64k")
module(load="imptcp")
module(load="imfile" mode="polling" PollingInterval="1")
input(type="imptcp" address="127.0.0.1" port="0" listenPortFileName="$TMP/rs/port" ruleset="relay")
ruleset(name="relay") {
    action(type="omfwd" target="127.0.0.1" port="${cport[a]}" protocol="tcp" template="RSYSLOG_SyslogProtocol23Format")
    action(type="omfwd" target="127.0.0.1" port="${cport[b]}" protocol="tcp" template="RSYSLOG_TraditionalForwardFormat")
}
input(type="imfile" file="$TMP/imfile/mail.log" tag="maillog:" facility="mail" severity="info" freshStartTail="off"
      ruleset="files")
ruleset(name="files") {
    action(type="omfwd" target="127.0.0.1" port="${cport[c]}" protocol="tcp")
    action(type="omfwd" target="127.0.0.1" port="${cport[d]}" protocol="tcp" template="RSYSLOG_SyslogProtocol23Format")
}
EOF
mkdir -p "$TMP/imfile"
rsyslogd -f "$TMP/rs/rsyslog.conf" -i "$TMP/rs/rsyslogd.pid" -n >"$TMP/rs/out" 2>&1 &
rspid=$!
LIVE_PIDS+=("$rspid")
wait_for test -s "$TMP/rs/port" || fail "rsyslogd did not start: $(cat "$TMP/rs/out")"

# Over TCP as a syslog client sends it: with a PRI (mail.info, kern.warning).
sed -e '/ kernel: /s/^/<4>/' -e '/ kernel: /!s/^/<22>/' "$TMP/in.log" >/dev/tcp/127.0.0.1/"$(cat "$TMP/rs/port")"
# The same lines as a local log file that imfile reads.
cp "$TMP/in.log" "$TMP/imfile/mail.log"

for s in a b c d; do
    wait_for bash -c "[ \"\$(redis-cli -s '$SOCK' hget 'tt:1:{rs-$s}:collector:t' lines_total)\" -ge $want ] 2>/dev/null" ||
        fail "site rs-$s counted $(health lines_total "rs-$s") of $want lines: $(cat "$TMP/col-$s.err" "$TMP/rs/out")"
done
kill -TERM "$rspid"
wait "$rspid" || true
for s in a b c d; do
    eval "p=\$cpid_$s"
    kill -TERM "$p"
    wait "$p" || fail "collector $s failed: $(cat "$TMP/col-$s.err")"
done

q() { # site metric from to
    json_value value "$("$AGGREGATOR" --redis "$REDIS_URL" --site "$1" --tz Europe/London query "$2" --from "$3" \
        --to "$4" --json)"
}
for s in a b c d; do
    echo "== site rs-$s"
    check_truth "$TMP/in.truth" "rs-$s"
    for h in 06 09 11; do
        from="2018-02-05T$h:00:00Z" to="2018-02-05T$h:59:00Z"
        for m in lines_total emails_blocked emails_delivered emails_sent emails_sent_tls attacks_blocked; do
            assert_eq "rs-$s $m [$from, $to)" "$(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" "$TMP/in.truth" $m \
                "$from" "$to")" "$(q "rs-$s" $m "$from" "$to")"
        done
    done
done
# Nothing timed by arrival: every line kept its own (inner) time.
for s in a b c d; do
    assert_eq "rs-$s lines counted in 2026" 0 "$(q "rs-$s" lines_total 2019-01-01T00:00:00Z 2100-01-01T00:00:00Z)"
done
echo "rsyslog ok"
