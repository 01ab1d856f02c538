#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Per-source settings of the config file: one appliance receives from
# devices in different zones, formats and councils. "source = SPEC tz=ZONE
# format=NAME site=NAME year=YYYY" gives a source its own; the others, and
# every source of the command line, keep the global options. Each site's
# figures equal its generator's truth exactly (the zone and year decide the
# minute a line counts in), --check-config reports each site, and a bad
# per-source setting is a usage error naming the source.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
start_redis
T() { bash "$TT_SRCDIR/tests/integration/truth_sum.sh" "$@"; }

# site-a: Postfix in UTC (the global settings); site-b: netfilter written in
# New York time in 2019 (its own tz and year); site-c: netfilter in Tokyo time
# over TCP, format forced; site-a again: a command-line file in UTC.
"$TTGEN" --kind postfix --rate 6 --tz UTC --from 2018-02-01T00:00:00Z --to 2018-02-01T06:00:00Z --seed 41 \
    --out "$TMP/a.log" --truth "$TMP/a.truth" 2>/dev/null
"$TTGEN" --kind netfilter --rate 20 --tz America/New_York --from 2019-03-01T00:00:00Z --to 2019-03-01T06:00:00Z \
    --seed 42 --out "$TMP/b.log" --truth "$TMP/b.truth" 2>/dev/null
"$TTGEN" --kind netfilter --rate 20 --tz Asia/Tokyo --from 2018-06-01T00:00:00Z --to 2018-06-01T06:00:00Z \
    --seed 43 --out "$TMP/c.log" --truth "$TMP/c.truth" 2>/dev/null
"$TTGEN" --kind netfilter --rate 10 --tz UTC --from 2018-02-01T00:00:00Z --to 2018-02-01T06:00:00Z --seed 44 \
    --out "$TMP/a2.log" --truth "$TMP/a2.truth" 2>/dev/null
cat >"$TMP/c.conf" <<CONF
[collector]
redis = $REDIS_URL
site = site-a
instance = t
tz = UTC
year = 2018
flush-interval = 100
source = $TMP/a.log
source = $TMP/b.log tz=America/New_York year=2019 site=site-b
source = tcp://127.0.0.1:0 site=site-c tz=Asia/Tokyo format=netfilter
CONF

out=$("$COLLECTOR" --config "$TMP/c.conf" --check-config)
for s in site-a site-b site-c; do
    grep -q "configuration OK: .* site $s," <<<"$out" || fail "check-config does not report $s: $out"
done
echo "ok: --check-config reports each site"

"$COLLECTOR" --config "$TMP/c.conf" --follow "$TMP/a2.log" 2>"$TMP/err" &
cpid=$!
LIVE_PIDS+=("$cpid")
wait_for grep -q "listening on" "$TMP/err" || fail "no listener: $(cat "$TMP/err")"
port=$(sed -n 's/.*listening on .* port \([0-9]*\)$/\1/p' "$TMP/err")
sed 's/^/<4>/' "$TMP/c.log" >/dev/tcp/127.0.0.1/"$port"
want_a=$(($(T --all "$TMP/a.truth" lines_total) + $(T --all "$TMP/a2.truth" lines_total)))
want_b=$(T --all "$TMP/b.truth" lines_total)
want_c=$(T --all "$TMP/c.truth" lines_total)
for s in a b c; do
    eval "w=\$want_$s"
    wait_for bash -c "[ \"\$(redis-cli -s '$SOCK' hget 'tt:1:{site-$s}:collector:t' lines_total)\" -ge $w ] 2>/dev/null" ||
        fail "site-$s counted $(health lines_total "site-$s") of $w: $(cat "$TMP/err")"
done
kill -TERM "$cpid"
wait "$cpid" || fail "collector failed: $(cat "$TMP/err")"

q() { # site metric from to
    json_value value "$("$AGGREGATOR" --redis "$REDIS_URL" --site "$1" --tz UTC query "$2" --from "$3" --to "$4" --json)"
}
for m in lines_total emails_blocked emails_delivered emails_sent attacks_blocked connections_allowed; do
    assert_eq "site-a $m" "$(($(T --all "$TMP/a.truth" $m) + $(T --all "$TMP/a2.truth" $m)))" \
        "$(q site-a $m 2000-01-01T00:00:00Z 2100-01-01T00:00:00Z)"
done
check_truth "$TMP/b.truth" site-b
check_truth "$TMP/c.truth" site-c
# The zone decides the hour: an hour of UTC holds exactly that hour's lines.
for h in 00 03 05; do
    assert_eq "site-b lines_total hour $h" "$(T "$TMP/b.truth" lines_total 2019-03-01T$h:00:00Z 2019-03-01T$h:59:00Z)" \
        "$(q site-b lines_total 2019-03-01T$h:00:00Z 2019-03-01T$h:59:00Z)"
    assert_eq "site-c attacks_blocked hour $h" \
        "$(T "$TMP/c.truth" attacks_blocked 2018-06-01T$h:00:00Z 2018-06-01T$h:59:00Z)" \
        "$(q site-c attacks_blocked 2018-06-01T$h:00:00Z 2018-06-01T$h:59:00Z)"
done

# A bad setting of one source: exit 2, naming the source.
printf '[collector]\nsource = %s tz=Mars/Olympus\n' "$TMP/b.log" >"$TMP/bad.conf"
set +e
err=$("$COLLECTOR" --config "$TMP/bad.conf" --check-config 2>&1); rc=$?
set -e
assert_eq "bad tz= exit" 2 "$rc"
grep -q "source '$TMP/b.log': tz=Mars/Olympus" <<<"$err" || fail "message: $err"
printf '[collector]\nsource = %s year=20x9\n' "$TMP/b.log" >"$TMP/bad2.conf"
set +e
err=$("$COLLECTOR" --config "$TMP/bad2.conf" --check-config 2>&1); rc=$?
set -e
assert_eq "bad year= exit" 2 "$rc"
grep -q "bad2.conf:2: source '$TMP/b.log': unknown or bad setting 'year=20x9'" <<<"$err" || fail "message: $err"
echo "source settings ok"
