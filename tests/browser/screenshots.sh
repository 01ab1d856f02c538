#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make screenshots`: regenerates docs/report.png (the HTML report of a
# generated month, two councils) and docs/dashboard.png (the live dashboard,
# hour by hour) with headless Chromium, from the same data the browser tests
# use. Deterministic data (ttgen seeds); only the "generated" time differs.
. "$(dirname "$0")/lib.sh"
find_chromium
load_month
out="$TT_SRCDIR/docs"
mkdir -p "$out"
"${AGG[@]}" report --month 2018-02 --site council-a,council-b --format html -o "$TMP/report.html"
chrome --window-size=1000,1900 --screenshot="$out/report.png" "file://$TMP/report.html" >/dev/null
start_serve
chrome --virtual-time-budget=10000 --window-size=1280,1500 --screenshot="$out/dashboard.png" \
    "$BASE/?last=36h&at=2018-02-10T12:00:00Z&site=council-a&refresh=300" >/dev/null
stop_serve
ls -l "$out/report.png" "$out/dashboard.png"
