#!/bin/bash
# SPDX-License-Identifier: MIT
#
# t_rules.sh -- site rules end to end (SPEC section 6): rulesgen writes a
# log of "EdgeWall", a firewall no built-in parser knows, its rules file and
# the exact truth. Without the rules every line is unparsed; with them the
# figures in Redis (query) and in `report --format json` equal the truth.
# Also: --classify names the rule, --stats counts lines per rule,
# --check-config names file, line and column of a bad rule and refuses to
# start, SIGHUP reloads the rules (a bad file keeps the old ones), and the
# shipped dist/rules.d loads.
. "$(dirname "$0")/lib.sh"

RULESGEN="$TT_SRCDIR/$BUILD/rulesgen"
TRUTH_SUM="$TT_SRCDIR/tests/integration/truth_sum.sh"
FROM=2024-03-09T00:00:00Z
commas() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; } # 60000 -> 60,000 (as the programs print)
TO=2024-03-11T00:00:00Z

"$RULESGEN" --lines 60000 --from "$(date -u -d "$FROM" +%s)" --seed 7 --match-pct 85 --rules 40 --minutes 2800 \
    --out "$TMP/ew.log" --truth "$TMP/ew.truth" --rules-out "$TMP/ew.conf"

# 1. No built-in parser takes these lines: without rules they are all unparsed.
"$COLLECTOR" --no-redis --tz UTC --year 2024 "$TMP/ew.log" >"$TMP/norules.out"
total=$("$TRUTH_SUM" --all "$TMP/ew.truth" lines_total)
assert_eq "without rules: lines_unparsed" "lines_unparsed       $(commas "$total")  (no_parser $(commas "$total"))" \
    "$(grep '^lines_unparsed' "$TMP/norules.out")"
grep -q '^attacks_blocked      0$' "$TMP/norules.out" || fail "without rules something counted: $(cat "$TMP/norules.out")"

# 2. With the rules, into Redis: every figure equals the truth.
start_redis
"$COLLECTOR" --redis "$REDIS_URL" --site ew --tz UTC --year 2024 --rules "$TMP/ew.conf" --stats "$TMP/ew.log" \
    2>"$TMP/stats.err"
q() { "$AGGREGATOR" --redis "$REDIS_URL" --site ew --tz UTC query "$@" --from "$FROM" --to "$TO" --json; }
for m in attacks_blocked connections_allowed ids_alerts lines_total lines_unparsed; do
    want=$("$TRUTH_SUM" "$TMP/ew.truth" "$m" "$FROM" "$TO")
    assert_eq "redis $m" "$want" "$(json_value value "$(q "$m")")"
done
json=$(q attacks_blocked --by reason)
for r in firewall ips; do
    want=$("$TRUTH_SUM" "$TMP/ew.truth" attacks_blocked "$FROM" "$TO" "$r")
    assert_eq "redis attacks_blocked:$r" "$want" "$(sed -n "s/.*\"$r\":\([0-9][0-9]*\).*/\1/p" <<<"$json")"
done
# a window inside the log, on minute boundaries
want=$("$TRUTH_SUM" "$TMP/ew.truth" attacks_blocked 2024-03-09T05:17:00Z 2024-03-09T19:03:00Z)
got=$(json_value value "$("$AGGREGATOR" --redis "$REDIS_URL" --site ew --tz UTC query attacks_blocked \
    --from 2024-03-09T05:17:00Z --to 2024-03-09T19:03:00Z --json)")
[ "$want" -gt 0 ] || fail "partial window: the truth has nothing in it"
assert_eq "redis attacks_blocked (partial window)" "$want" "$got"
want=$("$TRUTH_SUM" --all "$TMP/ew.truth" attack_sources)
got=$(json_value value "$(q attack_sources)")
awk -v w="$want" -v g="$got" 'BEGIN { d = w - g; if (d < 0) d = -d; exit !(d <= 0.02 * w) }' ||
    fail "attack_sources: want $want (+-2%), got $got"
echo "ok: attack_sources = $got (truth $want)"

# 3. The report carries the same figures.
"$AGGREGATOR" --redis "$REDIS_URL" --site ew --tz UTC report --from "$FROM" --to "$TO" --format json -o "$TMP/r.json"
for m in attacks_blocked connections_allowed ids_alerts; do
    want=$("$TRUTH_SUM" "$TMP/ew.truth" "$m" "$FROM" "$TO")
    got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
print(next(f["value"] for f in d["figures"] if f["metric"] == sys.argv[2]))' "$TMP/r.json" "$m")
    assert_eq "report $m" "$want" "$got"
done
want=$("$TRUTH_SUM" "$TMP/ew.truth" attacks_blocked "$FROM" "$TO")
"$AGGREGATOR" --redis "$REDIS_URL" --site ew --tz UTC report --from "$FROM" --to "$TO" >"$TMP/r.txt"
grep -q "$(commas "$want") attacks were prevented" "$TMP/r.txt" || fail "text report: $(head -12 "$TMP/r.txt")"
echo "ok: text report says $(commas "$want") attacks were prevented"

# 4. --stats: lines per rule; together they are every line that is not unparsed.
unparsed=$("$TRUTH_SUM" --all "$TMP/ew.truth" lines_unparsed)
sum=$(sed -n 's/^stats:   rule [a-z0-9-]* *\([0-9,]*\) lines$/\1/p' "$TMP/stats.err" | tr -d , | awk '{s += $1} END {print s + 0}')
assert_eq "--stats: lines decided by rules" "$((total - unparsed))" "$sum"
want=$("$TRUTH_SUM" --all "$TMP/ew.truth" connections_allowed)
grep -q "^stats:   rule edgewall-pass *$(commas "$want") lines$" "$TMP/stats.err" ||
    fail "--stats edgewall-pass: $(grep edgewall-pass "$TMP/stats.err")"
echo "ok: --stats edgewall-pass = $want lines"

# 5. --classify names the rule (and "format":"rule" for a line no parser took).
head -1 "$TMP/ew.log" >"$TMP/one.log"
out=$("$COLLECTOR" --classify --tz UTC --year 2024 --rules "$TMP/ew.conf" "$TMP/one.log")
grep -q '"format":"rule","rule":"edgewall-drop","verdict":"blocked","metric":"attacks_blocked","reason":"firewall"' \
    <<<"$out" || fail "--classify: $out"
echo "ok: --classify names edgewall-drop"

# 6. --check-config: a bad rule names file, line and column; the collector refuses to start.
printf '[rule ok]\nmatch = EW\\|PASS\nverdict = allowed\n\n[rule broken]\nmatch = EW\\|(?<src>[0-9.]+\nverdict = blocked\n' \
    >"$TMP/bad.conf"
set +e
msg=$("$COLLECTOR" --check-config --no-redis --rules "$TMP/bad.conf" "$TMP/one.log" 2>&1)
rc=$?
set -e
assert_eq "--check-config exit on a bad rule" 2 "$rc"
grep -q "bad.conf:6:27: rule 'broken': bad regular expression: missing closing parenthesis" <<<"$msg" ||
    fail "--check-config message: $msg"
echo "ok: $msg"
printf '[rule x]\nmatch = x\nverdict = blocked\nmetric = attacks_blocked\nreason = virus\n' >"$TMP/bad2.conf"
set +e
msg=$("$COLLECTOR" --redis "$REDIS_URL" --rules "$TMP/bad2.conf" "$TMP/one.log" 2>&1)
rc=$?
set -e
assert_eq "collector refuses to start on a bad rule" 2 "$rc"
grep -q "bad2.conf:5:10: rule 'x': unknown reason" <<<"$msg" || fail "start message: $msg"
out=$("$COLLECTOR" --check-config --no-redis --rules "$TT_SRCDIR/dist/rules.d" "$TMP/one.log")
grep -q "configuration OK: .* [0-9]* rule(s)" <<<"$out" || fail "dist/rules.d: $out"
echo "ok: dist/rules.d loads: $out"

# 7. SIGHUP reloads the rules; a bad new file keeps the old rules and says why.
printf '[rule drop]\nprogram = edgewall\nmatch = EW\\|DROP\\|(?<src>[0-9.]+):\nverdict = blocked\nmetric = attacks_blocked\nreason = firewall\n' \
    >"$TMP/live.conf"
printf '<134>Mar  9 00:00:01 gw1 edgewall[311]: EW|DROP|203.0.113.5:4444>10.0.0.10:22|tcp|r17\n' >"$TMP/live.log"
printf '<134>Mar  9 00:00:02 gw1 edgewall[311]: EW|PASS|10.0.0.7:50000>198.51.100.8:443|tcp|r2\n' >>"$TMP/live.log"
"$COLLECTOR" --redis "$REDIS_URL" --site live --tz UTC --year 2024 --rules "$TMP/live.conf" --follow \
    --flush-interval 100 --scan-interval 100 "$TMP/live.log" 2>"$TMP/live.err" &
cpid=$!
lq() { json_value value "$("$AGGREGATOR" --redis "$REDIS_URL" --site live --tz UTC query "$1" --from "$FROM" --to "$TO" --json)"; }
wait_until() { for _ in $(seq 1 300); do "$@" && return 0; sleep 0.1; done; return 1; }
wait_until bash -c "[ \"\$($(declare -f json_value); json_value value \"\$('$AGGREGATOR' --redis '$REDIS_URL' --site live --tz UTC query lines_total --from $FROM --to $TO --json)\")\" = 2 ]" ||
    { kill "$cpid"; fail "live lines not counted: $(cat "$TMP/live.err")"; }
assert_eq "before reload: attacks_blocked" 1 "$(lq attacks_blocked)"
assert_eq "before reload: unparsed (no pass rule yet)" 1 "$(lq lines_unparsed)"
printf '[rule drop]\nmatch = (unclosed\nverdict = blocked\n' >"$TMP/live.conf"
kill -HUP "$cpid"
wait_until grep -q "reload: .*live.conf:2:18: rule 'drop': bad regular expression.*; keeping the current 1 rule(s)" \
    "$TMP/live.err" || { kill "$cpid"; fail "bad reload not reported: $(cat "$TMP/live.err")"; }
echo "ok: a bad reload keeps the old rules: $(grep 'reload:' "$TMP/live.err")"
printf '<134>Mar  9 00:00:03 gw1 edgewall[311]: EW|DROP|203.0.113.6:4444>10.0.0.10:22|tcp|r17\n' >>"$TMP/live.log"
wait_until bash -c "[ \"\$($(declare -f json_value); json_value value \"\$('$AGGREGATOR' --redis '$REDIS_URL' --site live --tz UTC query attacks_blocked --from $FROM --to $TO --json)\")\" = 2 ]" ||
    { kill "$cpid"; fail "old rules lost after a bad reload: $(cat "$TMP/live.err")"; }
echo "ok: the old drop rule still counts after the bad reload"
cp "$TMP/ew.conf" "$TMP/live.conf"
kill -HUP "$cpid"
wait_until grep -q "reloaded 40 rule(s) (0 override)" "$TMP/live.err" ||
    { kill "$cpid"; fail "good reload not reported: $(cat "$TMP/live.err")"; }
printf '<134>Mar  9 00:00:04 gw1 edgewall[311]: EW|PASS|10.0.0.7:50001>198.51.100.8:443|tcp|r2\n' >>"$TMP/live.log"
wait_until bash -c "[ \"\$($(declare -f json_value); json_value value \"\$('$AGGREGATOR' --redis '$REDIS_URL' --site live --tz UTC query connections_allowed --from $FROM --to $TO --json)\")\" = 1 ]" ||
    { kill "$cpid"; fail "reloaded rules not applied: $(cat "$TMP/live.err")"; }
echo "ok: the reloaded rules count the new PASS line"
kill -TERM "$cpid"
wait "$cpid" || fail "collector exit after reloads: $(cat "$TMP/live.err")"
assert_eq "after reloads: unparsed (the line before the pass rule)" 1 "$(lq lines_unparsed)"
echo "t_rules: all checks passed"
