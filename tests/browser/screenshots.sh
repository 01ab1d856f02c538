#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make screenshots`: regenerates docs/report.png (page 1 of the A4 print of
# the HTML report of a generated month, two councils: the summary page) and
# docs/dashboard.png (the live dashboard at 1366x768 over the last 24 hours
# of logs generated up to now and read by real collectors, so the health
# strip shows their real state) with headless Chromium. Deterministic data
# (ttgen seeds) but for the times around now.
. "$(dirname "$0")/lib.sh"
find_chromium
load_month
out="$TT_SRCDIR/docs"
mkdir -p "$out"
"${AGG[@]}" report --month 2018-02 --site council-a,council-b --format html -o "$TMP/report.html"
chrome --no-pdf-header-footer --print-to-pdf="$TMP/report.pdf" "file://$TMP/report.html" >/dev/null
pdftoppm -f 1 -l 1 -r 80 -png "$TMP/report.pdf" "$TMP/page"
mv "$TMP"/page-1.png "$out/report.png"
# A fresh Redis with three days of logs up to this minute, as live
# collectors would have read them (the month above is from 2018: its
# collectors are years behind, which the health strip would rightly show).
stop_redis
rm -f "$TMP/dump.rdb"
start_redis
from=$(date -u -d '-3 days' +%Y-%m-%dT%H:00:00Z)
to=$(date -u +%Y-%m-%dT%H:%M:00Z)
"$TTGEN" --kind mixed --from "$from" --to "$to" --rate 1 --tz "$ZONE" --seed 21 --out "$TMP/live-a.log" >/dev/null 2>&1
"$TTGEN" --kind mixed --from "$from" --to "$to" --lines 30000 --tz "$ZONE" --seed 22 --host mx2 --out "$TMP/live-b.log" >/dev/null 2>&1
year=$(date -u -d "$from" +%Y)
"$COLLECTOR" --redis "$REDIS_URL" --site council-a --instance mx1 --tz "$ZONE" --year "$year" "$TMP/live-a.log"
"$COLLECTOR" --redis "$REDIS_URL" --site council-b --instance mx2 --tz "$ZONE" --year "$year" "$TMP/live-b.log"
start_serve
chrome --virtual-time-budget=15000 --window-size=1366,768 --screenshot="$out/dashboard.png" "$BASE/?refresh=300" >/dev/null
stop_serve
ls -l "$out/report.png" "$out/dashboard.png"
