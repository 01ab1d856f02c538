#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The live dashboard of `serve` in real headless Chromium: the page loads its
# script and style from the server (CSP without inline script), fills itself
# from /api/report, every figure on it equals `query --json` for the same
# window (a month, and a "last 36 hours" window with the hourly chart), and
# the attacker strings planted as source names stay inert text.
. "$(dirname "$0")/lib.sh"
find_chromium
load_month
start_serve

chrome --virtual-time-budget=10000 --dump-dom "$BASE/?month=2018-02&refresh=300" >"$TMP/dash.html"
grep -q 'data-state="ready"' "$TMP/dash.html" || fail "dashboard did not load its figures: $(grep -o 'id="error"[^<]*<' "$TMP/dash.html")"
grep -q '<title>threattally — February 2018</title>' "$TMP/dash.html" || fail "title not set by the script"
check_page_figures "$TMP/dash.html" --month 2018-02
check_inert "$TMP/dash.html" 1
days=$(grep -o 'class="bar" data-date="2018-02-[0-9]*"' "$TMP/dash.html" | sort -u | wc -l)
assert_eq "days in the dashboard charts" 28 "$days"

# A short window: hour-by-hour charts, figures of that window.
W=(--last 36h --at 2018-02-10T12:00:00Z)
chrome --virtual-time-budget=10000 --dump-dom "$BASE/?last=36h&at=2018-02-10T12:00:00Z" >"$TMP/dash36.html"
grep -q 'data-state="ready"' "$TMP/dash36.html" || fail "36h dashboard did not load"
grep -q '>Hour by hour<' "$TMP/dash36.html" || fail "no hourly chart for a 36-hour window"
check_page_figures "$TMP/dash36.html" "${W[@]}"
hours=$(grep -o 'class="bar" data-date="[0-9-]*" data-value="[0-9]*" data-hour="[0-9:]*"' "$TMP/dash36.html" | awk "NR <= 36" |
        sed 's/.*data-value="\([0-9]*\)".*/\1/' | awk '{s += $1; n++} END {print n, s}')
assert_eq "hourly bars: 36 hours adding up to the window" "36 $(q emails_blocked "${W[@]}")" "$hours"

# Joint view: ?site=a,b shows each council and the combined figures.
chrome --virtual-time-budget=10000 --dump-dom "$BASE/?month=2018-02&site=council-a,council-b" >"$TMP/joint.html"
grep -q 'data-state="ready"' "$TMP/joint.html" || fail "joint dashboard did not load"
for site in council-a council-b council-a,council-b; do
    assert_eq "dashboard $site attacks_blocked" "$(q attacks_blocked --month 2018-02 --site $site)" \
        "$(page_value "$TMP/joint.html" attacks_blocked $site)"
done

# Where attacks came from: only on request (?top_sources=N), the networks and
# counts of `report --top-sources N`; otherwise the section stays hidden.
grep -q '<section id="top-section" hidden=""' "$TMP/dash.html" || fail "top networks shown without top_sources"
grep -q 'data-network=' "$TMP/dash.html" && fail "a network in the page without top_sources"
chrome --virtual-time-budget=10000 --dump-dom "$BASE/?month=2018-02&site=council-a&top_sources=3" >"$TMP/top.html"
grep -q 'data-state="ready"' "$TMP/top.html" || fail "dashboard with top_sources did not load"
want=$("${AGG[@]}" report --month 2018-02 --site council-a --top-sources 3 --format json | python3 -c '
import json, sys
print(" ".join("%s=%d" % (n["network"], n["attacks"]) for n in json.load(sys.stdin)["top_sources"]["networks"]))')
got=$(grep -o '<td data-network="">[^<]*</td><td data-value="[0-9]*"' "$TMP/top.html" |
      sed 's#<td data-network="">\([^<]*\)</td><td data-value="\([0-9]*\)"#\1=\2#' | tr '\n' ' ' | sed 's/ $//')
[ "$(wc -w <<<"$want")" -eq 3 ] || fail "expected three networks from the report, got '$want'"
assert_eq "dashboard top networks" "$want" "$got"

# A page as the browser got it, with the headers it was served with.
curl -s -D "$TMP/h.txt" -o /dev/null "$BASE/"
grep -qi "^Content-Security-Policy: default-src 'none'; script-src 'self'" "$TMP/h.txt" || fail "no strict CSP"
! grep -q '<script>' <(curl -s "$BASE/") || fail "inline script in the page"
echo "dashboard ok"
