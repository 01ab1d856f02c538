#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPEC 1: --help/--version on stdout with exit 0; usage errors exit 2 with one
# clear line on stderr; options before or after the command.
. "$(dirname "$0")/lib.sh"

for prog in "$COLLECTOR" "$AGGREGATOR"; do
    out=$("$prog" --help); rc=$?
    assert_eq "$(basename "$prog") --help exit" 0 "$rc"
    grep -q "Usage:" <<<"$out" || fail "--help prints no usage"
    out=$("$prog" --version)
    grep -Eq "^threattally-(collector|aggregator) [0-9]+\.[0-9]+" <<<"$out" || fail "bad --version: $out"
    set +e
    err=$("$prog" --no-such-option 2>&1 >/dev/null); rc=$?
    set -e
    assert_eq "$(basename "$prog") unknown option exit" 2 "$rc"
    assert_eq "one line on stderr" 1 "$(wc -l <<<"$err")"
done

set +e
err=$("$COLLECTOR" --fromat postfix x 2>&1); rc=$?
set -e
assert_eq "typo exit" 2 "$rc"
grep -q "did you mean '--format'" <<<"$err" || fail "no suggestion: $err"

set +e
err=$("$COLLECTOR" --format postfx x 2>&1); rc=$?
set -e
assert_eq "bad format exit" 2 "$rc"
grep -q "postfix" <<<"$err" || fail "no format suggestion: $err"

set +e
err=$("$COLLECTOR" --tz Mars/Olympus --no-redis /dev/null 2>&1); rc=$?
set -e
assert_eq "bad zone exit" 2 "$rc"
grep -q "Mars/Olympus" <<<"$err" || fail "zone not named: $err"

set +e
err=$("$COLLECTOR" --home-net 10.0.0.0/33 --no-redis /dev/null 2>&1); rc=$?
set -e
assert_eq "bad home-net exit" 2 "$rc"

set +e
err=$("$COLLECTOR" 2>&1); rc=$?
set -e
assert_eq "no source exit" 2 "$rc"

# options after the source are accepted (GNU permutation)
printf 'Feb  1 00:00:01 gw kernel: DROP IN=eth0 OUT= SRC=203.0.113.9 DST=10.0.0.1 PROTO=TCP SPT=1 DPT=22\n' >"$TMP/one.log"
out=$("$COLLECTOR" "$TMP/one.log" --no-redis --tz UTC --year 2018)
grep -Eq "^attacks_blocked +1" <<<"$out" || fail "options after source not honoured: $out"

# after --, every word is a source, even one that starts with '-' (issue 16)
cp "$TMP/one.log" "$TMP/-x.log"
out=$(cd "$TMP" && "$COLLECTOR" --no-redis --tz UTC --year 2018 -- -x.log one.log)
grep -Eq "^attacks_blocked +2" <<<"$out" || fail "sources after -- ignored: $out"
set +e
err=$(cd "$TMP" && "$COLLECTOR" --no-redis --tz UTC -- --missing.log 2>&1 >/dev/null); rc=$?
set -e
assert_eq "source after -- that looks like an option" 1 "$rc"
grep -q -- "--missing.log" <<<"$err" || fail "not read as a file: $err"
set +e
err=$("$AGGREGATOR" query emails_blocked -- extra 2>&1); rc=$?
set -e
assert_eq "aggregator: a word after -- is an argument" 2 "$rc"
grep -q "unexpected argument 'extra'" <<<"$err" || fail "unclear: $err"

# options as data (collector/settings.c): one table checks ranges on the
# command line and in the config file alike, knows which keys a config
# file may set, and its defaults are what --help shows
set +e
err=$("$COLLECTOR" --flush-interval 5 --no-redis /dev/null 2>&1); rc=$?
set -e
assert_eq "out of range exit" 2 "$rc"
grep -q -- "--flush-interval must be 10..3600000 milliseconds, not '5'" <<<"$err" || fail "range message: $err"
printf 'scan-interval = 5\nsource = /dev/null\n' >"$TMP/range.conf"
set +e
err=$("$COLLECTOR" --no-redis --config "$TMP/range.conf" 2>&1); rc=$?
set -e
assert_eq "config out of range exit" 2 "$rc"
grep -q -- "--scan-interval must be 10..3600000 milliseconds" <<<"$err" || fail "config range message: $err"
printf 'help = yes\nsource = /dev/null\n' >"$TMP/help.conf"
set +e
err=$("$COLLECTOR" --no-redis --config "$TMP/help.conf" 2>&1); rc=$?
set -e
assert_eq "command-line-only key in a config file" 2 "$rc"
grep -q "unknown setting 'help'" <<<"$err" || fail "help accepted as a config key: $err"
printf 'tcp-max-connections = 7\nsource = udp://127.0.0.1:0\n' >"$TMP/ok.conf"
out=$("$COLLECTOR" --no-redis --config "$TMP/ok.conf" --check-config)
grep -q "configuration OK: 0 file source(s), 1 live source(s)" <<<"$out" || fail "check-config: $out"
help=$("$COLLECTOR" --help)
grep -Eq -- "--flush-interval MS .*\(default: 1000\)" <<<"$help" || fail "--help default"
grep -Eq "^  syslog +udp://HOST:PORT, tcp://HOST:PORT, unix:/PATH" <<<"$help" || fail "--help source kinds"

# a missing file is a runtime error (exit 1) that names the file
set +e
err=$("$COLLECTOR" --no-redis /nonexistent/file.log 2>&1 >/dev/null); rc=$?
set -e
assert_eq "missing file exit" 1 "$rc"
grep -q "/nonexistent/file.log" <<<"$err" || fail "missing file not named: $err"
echo "cli ok"
