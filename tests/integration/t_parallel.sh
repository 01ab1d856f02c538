#!/bin/bash
# SPDX-License-Identifier: MIT
#
# t_parallel.sh -- --threads: the lines of one file classified on several
# threads give exactly what one thread gives. Over one file of many formats
# (generated netfilter and FortiGate, every ../shared/corpus file, bad lines:
# binary, invalid UTF-8, empty, over-long, undated), with Postfix lines that
# switch the file to one thread half-way, and over a file that never does,
# the collector runs with --threads 1 and then with 2 and 3 threads and
# batches of a few lines (so batch edges fall everywhere): every count
# bucket, every HyperLogLog and the file positions in Redis must be the same
# bytes, and so must --no-redis's figures. --stats must show that lines were
# classified in batches (the test cannot pass by reading on one thread).
. "$(dirname "$0")/lib.sh"

start_redis
FROM=2018-02-01T00:00:00Z
TO=2018-02-02T00:00:00Z
"$TTGEN" --kind netfilter --from "$FROM" --to "$TO" --lines 30000 --seed 3 --out "$TMP/nf.log" >/dev/null
"$TTGEN" --kind fortigate --from "$FROM" --to "$TO" --lines 5000 --seed 4 --out "$TMP/fg.log" >/dev/null
"$TTGEN" --kind postfix --from "$FROM" --to "$TO" --lines 3000 --seed 5 --out "$TMP/pf.log" >/dev/null

# bad lines of every kind the framer and the pipeline know
bad() {
    printf 'Feb  1 10:00:00 host kernel: \x00\x01 binary\n'
    printf 'Feb  1 10:00:01 host kernel: caf\xe9 not utf-8\n'
    printf '\n'
    printf 'a line without any timestamp at all\n'
    head -c 1200000 /dev/zero | tr '\0' 'x'
    printf '\n'
}
stateless="$TMP/stateless.log"
{
    cat "$TMP/nf.log"
    bad
    cat "$TMP/fg.log"
    bad
    head -n 5000 "$TMP/nf.log"
} >"$stateless"
# a firewall log with a rare line for a parser with memory (Cisco ASA): one
# thread for a while after it, then batches again
"$TTGEN" --kind cisco-asa --from "$FROM" --to "$TO" --lines 20 --seed 6 --out "$TMP/asa.log" >/dev/null
{
    for _ in 1 2 3; do cat "$TMP/nf.log"; done
    head -n 1 "$TMP/asa.log"
    for _ in 1 2 3 4; do cat "$TMP/nf.log"; done
} >"$TMP/rare.log"
mixed="$TMP/mixed.log"
{
    cat "$stateless"
    if [ -d "$TT_SRCDIR/../shared/corpus" ]; then
        find "$TT_SRCDIR/../shared/corpus" -type f ! -name '*.md' ! -name '*.pcap*' ! -name '*.zst' ! -name '*.gz' |
            LC_ALL=C sort | while read -r f; do cat "$f"; echo; done
    else
        echo "note: ../shared/corpus absent, the mixed file has no corpus lines" >&2
    fi
    cat "$TMP/pf.log"
    cat "$TMP/nf.log"
} >"$mixed"

# every count, estimate and position of a site, in a stable order (one
# script in Redis: thousands of keys)
DUMP='
local out, cursor = {}, "0"
repeat
  local r = redis.call("SCAN", cursor, "MATCH", ARGV[1], "COUNT", 1000)
  cursor = r[1]
  for _, k in ipairs(r[2]) do
    local rest = string.sub(k, #ARGV[1])
    local t = redis.call("TYPE", k).ok
    if string.find(k, ":pos:", 1, true) then
      local v = redis.call("HMGET", k, "offset", "lines")
      out[#out + 1] = rest .. " " .. v[1] .. " " .. v[2]
    elseif string.find(k, ":collector:", 1, true) or string.find(k, ":lease:", 1, true) or
           string.find(k, ":sources", 1, true) or string.find(k, ":site", 1, true) then
    elseif t == "hash" then
      local h = redis.call("HGETALL", k)
      local f = {}
      for i = 1, #h, 2 do f[#f + 1] = h[i] .. "=" .. h[i + 1] end
      table.sort(f)
      out[#out + 1] = rest .. " " .. table.concat(f, " ")
    elseif t == "string" then
      out[#out + 1] = rest .. " " .. redis.sha1hex(redis.call("GET", k)) .. " " .. redis.call("PFCOUNT", k)
    else
      out[#out + 1] = rest .. " " .. t .. " " .. redis.sha1hex(table.concat(redis.call("ZRANGE", k, 0, -1, "WITHSCORES"), " "))
    end
  end
until cursor == "0"
table.sort(out)
return out'
dump() { # SITE
    redis-cli -s "$SOCK" --raw eval "$DUMP" 0 "tt:1:{$1}:*"
}

run() { # NAME FILE SITE THREADS BATCH
    "$COLLECTOR" --redis "$REDIS_URL" --site "$3" --tz UTC --year 2018 --stats --threads "$4" --batch-lines "$5" \
        "$2" 2>"$TMP/$1.stats" || { cat "$TMP/$1.stats"; fail "$1: collector exit $?"; }
    dump "$3" >"$TMP/$1.dump"
    # the figures without Redis too
    "$COLLECTOR" --no-redis --tz UTC --year 2018 --threads "$4" --batch-lines "$5" "$2" >"$TMP/$1.noredis" 2>/dev/null ||
        fail "$1: --no-redis exit $?"
}

parallel_lines() { sed -n 's/.*classified in batches (--threads) *\([0-9,]*\).*/\1/p' "$1" | tr -d ,; }

for input in stateless rare mixed; do
    f="$TMP/$input.log"
    run "$input.1" "$f" "$input-1" 1 4096
    [ "$(wc -l <"$TMP/$input.1.dump")" -gt 20 ] || fail "$input: too few keys to compare"
    n=0
    for cfg in "2 7" "2 4096" "3 1000" "2 1"; do
        set -- $cfg
        n=$((n + 1))
        run "$input.$n.p" "$f" "$input-p$n" "$1" "$2"
        cmp -s "$TMP/$input.1.dump" "$TMP/$input.$n.p.dump" ||
            { diff "$TMP/$input.1.dump" "$TMP/$input.$n.p.dump" | head -20; fail "$input: --threads $1 --batch-lines $2 differs in Redis"; }
        cmp -s "$TMP/$input.1.noredis" "$TMP/$input.$n.p.noredis" ||
            { diff "$TMP/$input.1.noredis" "$TMP/$input.$n.p.noredis" | head -20; fail "$input: --threads $1 --batch-lines $2 differs without Redis"; }
        got=$(parallel_lines "$TMP/$input.$n.p.stats")
        [ "${got:-0}" -gt 20000 ] || { cat "$TMP/$input.$n.p.stats"; fail "$input: --threads $1: only '${got:-0}' lines classified in batches"; }
        echo "ok: $input --threads $1 --batch-lines $2: same bytes in Redis and without ($got lines classified in batches)"
    done
    one=$(parallel_lines "$TMP/$input.1.stats")
    assert_eq "$input --threads 1: lines classified in batches" 0 "${one:-0}"
done

# the rare file: one thread for the 64 Ki lines after the ASA line, batches
# before and after them
got=$(parallel_lines "$TMP/rare.1.p.stats")
total=$(wc -l <"$TMP/rare.log")
[ "$got" -lt $((total - 60000)) ] && [ "$got" -gt $((total - 140000)) ] ||
    fail "rare: $got of $total lines classified in batches (want about $((total - 65536)))"
echo "ok: rare: $got of $total lines classified in batches"

# Postfix lines are counted in order: the mixed file's were all read on one
# thread (its parallel count stops before them)
pf=$(wc -l <"$TMP/pf.log")
total=$(wc -l <"$mixed")
got=$(parallel_lines "$TMP/mixed.1.p.stats")
[ "$got" -le $((total - pf)) ] || fail "mixed: $got lines classified in batches, more than the $((total - pf)) before Postfix"
echo "ok: mixed file: Postfix and what follows it on one thread"
