#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A real 3-master Redis Cluster: six collectors, one site each, the sites
# spread over all three masters, each collector given only ONE seed node
# (mostly one that does not serve its site). Every per-site figure and
# --site all equal the generator's truth; report and serve (/api, /metrics)
# answer exactly what they answer from one standalone Redis holding the same
# logs, also while a site's slot is half migrated (reads meet -ASK). Then a
# site's slot is migrated to another master, keys and all, twice, while its
# collector is ingesting a growing file: nothing is lost and nothing is
# counted twice.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/live_lib.sh"
. "$(dirname "$0")/cluster_lib.sh"
start_cluster 3
mapfile -t SITES < <(sites_on_masters 6)
echo "sites: ${SITES[*]}"

i=0
for s in "${SITES[@]}"; do
    i=$((i + 1))
    kind=netfilter
    [ $((i % 2)) = 0 ] && kind=mixed
    "$TTGEN" --kind "$kind" --from 2018-02-01T00:00:00Z --to 2018-02-04T00:00:00Z --lines 15000 --seed "$((60 + i))" \
        --tz UTC --junk-permille 2 --out "$TMP/$s.log" --truth "$TMP/$s.truth" 2>/dev/null
done

# Six collectors at once, each with one seed: the i-th is given master i%3.
pids=()
i=0
for s in "${SITES[@]}"; do
    seed=${CLUSTER_PORTS[$((i % 3))]}
    i=$((i + 1))
    "$COLLECTOR" --redis "redis://127.0.0.1:$seed" --site "$s" --instance t --tz UTC --year 2018 \
        --top-sources 24,48 "$TMP/$s.log" 2>"$TMP/$s.err" &
    pids+=($!)
done
for k in "${!pids[@]}"; do
    wait "${pids[$k]}" || fail "collector of ${SITES[$k]}: $(cat "$TMP/${SITES[$k]}.err")"
done

REDIS_URL=$CLUSTER_URL
for s in "${SITES[@]}"; do
    echo "-- $s (slot $(slot_of "$s"), master $(slot_owner "$(slot_of "$s")"))"
    check_truth "$TMP/$s.truth" "$s"
done
# --site all: the sum of every truth
for m in lines_total attacks_blocked emails_blocked emails_delivered; do
    want=0
    for s in "${SITES[@]}"; do
        want=$((want + $(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/$s.truth" "$m")))
    done
    assert_eq "all sites $m" "$want" "$(total "$m" all)"
done
assert_eq "sites listed" "$(printf '%s\n' "${SITES[@]}" | LC_ALL=C sort | paste -sd, -)" \
    "$("$AGGREGATOR" --redis "$CLUSTER_URL" --tz UTC report --from 2018-02-01T00:00:00Z --to 2018-02-04T00:00:00Z \
        --format json | grep -o '"sites":\[[^]]*\]' | tr -d '"[]' | sed 's/^sites://')"

# The same logs in one standalone Redis: report and serve must agree.
start_redis
for s in "${SITES[@]}"; do
    "$COLLECTOR" --redis "unix://$SOCK" --site "$s" --instance t --tz UTC --year 2018 --top-sources 24,48 "$TMP/$s.log"
done
# The generation time, and each collector's health (its flush times and
# reconnects differ between the two deployments by nature; that every
# collector is listed is checked below) are left out of the comparison.
strip() { sed -e 's/"generated":"[^"]*",//' -e 's/"collectors":\[[^]]*\],//'; }
W=(--from 2018-02-01T00:00:00Z --to 2018-02-04T00:00:00Z)
for site in all "${SITES[0]}" "${SITES[1]},${SITES[4]}"; do
    for fmt in json csv; do
        a=$("$AGGREGATOR" --redis "unix://$SOCK" --tz UTC --site "$site" report "${W[@]}" --top-sources 10 \
            --format "$fmt" | strip | md5sum)
        b=$("$AGGREGATOR" --redis "$CLUSTER_URL" --tz UTC --site "$site" report "${W[@]}" --top-sources 10 \
            --format "$fmt" | strip | md5sum)
        assert_eq "report $fmt --site $site, cluster = standalone" "$a" "$b"
        if [ "$fmt" = json ]; then
            a=$("$AGGREGATOR" --redis "unix://$SOCK" --tz UTC --site "$site" report "${W[@]}" --format json |
                grep -o '"instance":"[^"]*"' | sort | md5sum)
            b=$("$AGGREGATOR" --redis "$CLUSTER_URL" --tz UTC --site "$site" report "${W[@]}" --format json |
                grep -o '"instance":"[^"]*"' | sort | md5sum)
            assert_eq "collectors listed --site $site, cluster = standalone" "$a" "$b"
        fi
    done
done
a=$("$AGGREGATOR" --redis "unix://$SOCK" --tz UTC query attack_sources "${W[@]}" --json)
assert_eq "distinct sources across masters" "$a" "$("$AGGREGATOR" --redis "$CLUSTER_URL" --tz UTC query attack_sources \
    "${W[@]}" --json)"

# A slot half migrated: the aggregator meets -ASK for the moved keys (and
# follows it with ASKING), and answers exactly as before. (Commands over
# several keys of such a slot get -TRYAGAIN until the move completes, as
# Redis Cluster specifies; each key's own read works throughout.)
mid=${SITES[1]} # a mixed site: mail figures too
mslot=$(slot_of "$mid")
mto=${CLUSTER_PORTS[0]}
[ "$mto" = "$(slot_owner "$mslot")" ] && mto=${CLUSTER_PORTS[1]}
half_migrate "$mslot" "$mto"
for q in "lines_total" "attacks_blocked --by reason" "emails_blocked --by reason" "emails_delivered"; do
    read -r -a qa <<<"$q"
    want=$("$AGGREGATOR" --redis "unix://$SOCK" --tz UTC --site "$mid" query "${qa[@]}" "${W[@]}" --json)
    [ -n "$want" ] || fail "query $q: no answer from the standalone Redis"
    assert_eq "query $q --site $mid during a slot migration (ASK)" "$want" \
        "$("$AGGREGATOR" --redis "$CLUSTER_URL" --tz UTC --site "$mid" query "${qa[@]}" "${W[@]}" --json)"
done
finish_migrate "$mslot" "$mto"
assert_eq "report json --site $mid after the migration" \
    "$("$AGGREGATOR" --redis "unix://$SOCK" --tz UTC --site "$mid" report "${W[@]}" --format json | strip | md5sum)" \
    "$("$AGGREGATOR" --redis "$CLUSTER_URL" --tz UTC --site "$mid" report "${W[@]}" --format json | strip | md5sum)"

start_serve_at "$CLUSTER_URL"
get() { curl -s --max-time 20 "$@"; }
assert_eq "/api/sites" "[$(printf '"%s"\n' "${SITES[@]}" | LC_ALL=C sort | paste -sd, -)]" "$(get "$SERVE_BASE/api/sites")"
want=$("$AGGREGATOR" --redis "unix://$SOCK" --tz UTC report "${W[@]}" --format json | strip | md5sum)
assert_eq "/api/report from the cluster" "$want" \
    "$(get "$SERVE_BASE/api/report?from=2018-02-01T00:00:00Z&to=2018-02-04T00:00:00Z" | strip | md5sum)"
assert_eq "/api/query from the cluster" \
    "$("$AGGREGATOR" --redis "unix://$SOCK" --tz UTC query emails_blocked "${W[@]}" --by reason --json)" \
    "$(get "$SERVE_BASE/api/query?metric=emails_blocked&from=2018-02-01T00:00:00Z&to=2018-02-04T00:00:00Z&by=reason")"
get "$SERVE_BASE/metrics" >"$TMP/metrics"
grep -qx 'threattally_up 1' "$TMP/metrics" || fail "/metrics: $(grep threattally_up "$TMP/metrics")"
echo "ok: /metrics threattally_up 1"
stop_serve_at

# Reshard during ingest: a followed file grows in ten parts while its
# site's slot moves to another master and back.
live=${SITES[0]}
slot=$(slot_of "$live")
home=$(slot_owner "$slot")
other=${CLUSTER_PORTS[0]}
[ "$other" = "$home" ] && other=${CLUSTER_PORTS[1]}
"$TTGEN" --kind mixed --from 2018-02-10T00:00:00Z --to 2018-02-12T00:00:00Z --lines 40000 --seed 77 --tz UTC \
    --out "$TMP/grow.src" --truth "$TMP/grow.truth" 2>/dev/null
: >"$TMP/grow.log"
"$COLLECTOR" --redis "redis://127.0.0.1:$other" --site live --instance t --tz UTC --year 2018 --follow --stats \
    --flush-interval 20 --scan-interval 50 "$TMP/grow.log" 2>"$TMP/grow.err" &
cpid=$!
LIVE_PIDS+=("$cpid")
live_slot=$(slot_of live)
live_home=$(slot_owner "$live_slot")
live_other=${CLUSTER_PORTS[2]}
[ "$live_other" = "$live_home" ] && live_other=${CLUSTER_PORTS[1]}
n=$(wc -l <"$TMP/grow.src")
for part in $(seq 1 10); do
    a=$(((n * (part - 1)) / 10 + 1)) b=$(((n * part) / 10))
    sed -n "${a},${b}p" "$TMP/grow.src" >>"$TMP/grow.log"
    sleep 0.1
    [ "$part" = 3 ] && migrate_slot "$live_slot" "$live_other"
    [ "$part" = 7 ] && migrate_slot "$live_slot" "$live_home"
done
assert_eq "slot of 'live' back home" "$live_home" "$(slot_owner "$live_slot")"
want=$(bash "$TT_SRCDIR/tests/integration/truth_sum.sh" --all "$TMP/grow.truth" lines_total)
wait_for total_at_least "$want" lines_total live ||
    fail "counted $(total lines_total live) of $want: $(cat "$TMP/grow.err")"
kill -TERM "$cpid"
wait "$cpid" || fail "collector exit: $(cat "$TMP/grow.err")"
rerouted=$(sed -n 's/.*re-routed \([0-9]*\).*/\1/p' "$TMP/grow.err")
echo "flushes refused for routing and sent again: $rerouted"
# the slot moved away from the master the collector wrote to, so at least
# one flush met MOVED (or ASK/TRYAGAIN during the moves)
[ "${rerouted:-0}" -ge 1 ] || fail "no flush was re-routed: the reshard was not met: $(cat "$TMP/grow.err")"
check_truth "$TMP/grow.truth" live
echo "cluster ok"
