#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The live dashboard of `serve` in real headless Chromium: the page loads its
# script and style from the server (CSP without inline script), fills itself
# from /api/report, every figure on it equals `query --json` for the same
# window (a month, and a "last 36 hours" window with the hourly chart), and
# the attacker strings planted as source names stay inert text. At 1366x768
# every headline figure and both charts are on the first screen (bounding
# boxes, through the DevTools protocol); the partial hour is marked; the
# health strip turns a stalled collector red; the clock is 24-hour with
# en-GB dates; per-site small multiples; with Redis down the page says so
# instead of "Loading...".
. "$(dirname "$0")/lib.sh"
find_chromium
load_month
# Collector health hashes as out_redis.c writes them: one stalled for 30
# minutes, one late by 5 minutes and losing messages, one healthy, and one
# whose (key-derived) instance name is attacker text.
plant() { # SITE INSTANCE LAST_FLUSH_AGO LAG DROPPED
    local now
    now=$(date +%s)
    redis-cli -s "$SOCK" HSET "tt:1:{$1}:collector:$2" seq x last_flush $((now - $3)) lag_s "$4" lines_total 10 \
        lines_dropped "$5" redis_reconnects 0 possible_gaps 0 started $((now - 86400)) >/dev/null
}
# (again just before the page that is checked, so that slow runs stay exact)
plant_all() {
    plant council-a mx-stalled 1800 4 0
    plant council-b fw-late 300 2 12
    plant council-b fw-live 1 3 0
    plant council-b "<img src=x onerror=document.title='PWNED'>" 1 3 0
}
plant_all
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
grep -q '<figcaption>Emails blocked per hour</figcaption>' "$TMP/dash36.html" || fail "no hourly chart for a 36-hour window"
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

# The first screen at 1366x768: every headline figure and both charts lie
# inside the viewport, without scrolling (bounding boxes from Chromium).
cat >"$TMP/boxes.js" <<'JS'
new Promise((resolve) => {
  const t0 = Date.now();
  (function poll() {
    const st = document.body && document.body.getAttribute('data-state');
    if (st === 'ready' || st === 'error' || Date.now() - t0 > 30000) {
      const box = (e) => { const r = e.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, text: e.textContent }; };
      resolve({ state: st, vw: innerWidth, vh: innerHeight, scroll: scrollY,
        figures: [...document.querySelectorAll('#tiles .tile')].map((t) => Object.assign(box(t.querySelector('.num')),
          { metric: t.querySelector('.num').getAttribute('data-metric'), tile: box(t) })),
        charts: [...document.querySelectorAll('#charts figure.chart')].map(box),
        health: box(document.getElementById('health')) });
    } else setTimeout(poll, 100);
  })();
})
JS
python3 "$TT_SRCDIR/tests/browser/cdp.py" "$CHROMIUM" "$TMP/cdp-profile" "$BASE/?last=24h&at=2018-02-10T12:30:00Z&refresh=300" \
    1366 768 "$TMP/boxes.js" >"$TMP/boxes.json"
python3 - "$TMP/boxes.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
assert b["state"] == "ready", "dashboard not ready at 1366x768: %s" % b["state"]
assert (b["vw"], b["vh"]) == (1366, 768), (b["vw"], b["vh"])
inside = lambda r: r["left"] >= 0 and r["top"] >= 0 and r["right"] <= b["vw"] and r["bottom"] <= b["vh"] and r["right"] > r["left"]
metrics = sorted(f["metric"] for f in b["figures"])
assert metrics == ["attack_sources", "attacks_blocked", "emails_blocked", "emails_sent_tls_share"], metrics
for f in b["figures"]:
    assert inside(f) and inside(f["tile"]), "%s not on the first screen: %s" % (f["metric"], f)
    assert any(ch.isdigit() for ch in f["text"]), "%s shows no number: %r" % (f["metric"], f["text"])
assert len(b["charts"]) == 2, "expected two charts, got %d" % len(b["charts"])
for c in b["charts"]:
    assert inside(c), "chart not on the first screen: %s" % c
assert inside(b["health"]), "health strip not on the first screen"
print("ok: at 1366x768 the four figures (%s) and both charts are on the first screen (charts end at %d px)"
      % (", ".join(f["text"].strip() for f in b["figures"]), max(c["bottom"] for c in b["charts"])))
PY

# The partial hour (12:00 to 12:30 of a window ending at 12:30) is drawn as
# partial and labelled, and holds exactly that half hour.
plant_all
chrome --virtual-time-budget=10000 --dump-dom "$BASE/?last=24h&at=2018-02-10T12:30:00Z&refresh=300" >"$TMP/partial.html"
grep -q 'data-state="ready"' "$TMP/partial.html" || fail "partial-hour dashboard did not load"
last=$(grep -o '<rect [^>]*class="bar partial" data-date="2018-02-10" data-value="[0-9]*" data-hour="12:00" data-partial="true"' \
       "$TMP/partial.html" | awk 'NR == 1' | sed 's/.*data-value="\([0-9]*\)".*/\1/')
[ -n "$last" ] || fail "the current hour is not marked partial"
assert_eq "partial hour holds 12:00-12:30" "$(q emails_blocked --from 2018-02-10T12:00:00Z --to 2018-02-10T12:30:00Z)" "$last"
grep -q '<text[^>]*class="partial-label"[^>]*>so far</text>' "$TMP/partial.html" || fail "partial hour not labelled"
! grep -q 'data-hour="11:00" data-partial' "$TMP/partial.html" || fail "a whole hour marked partial"

# Health strip: the stalled collector red, the late one amber, the live one ok.
h() { grep -o "<li class=\"hc [a-z]*\" data-state=\"[a-z]*\" data-site=\"$1\" data-instance=\"$2\"[^>]*>.*" "$TMP/partial.html" |
      sed 's#</li>.*##'; }
h council-a mx-stalled | grep -q 'data-state="red".*no flush for 3[0-9] min' || fail "stalled collector not red: $(h council-a mx-stalled)"
h council-b fw-late | grep -q 'data-state="amber".*no flush for [5-9] min, 12 messages lost' || fail "late collector not amber: $(h council-b fw-late)"
h council-b fw-live | grep -q 'data-state="ok"' || fail "live collector not ok: $(h council-b fw-live)"
grep -q '<section id="health" class="health" aria-label="Collector health" data-state="red">' "$TMP/partial.html" || fail "strip not red"
echo "ok: health strip: stalled red, late amber, live ok"
# 24-hour clock, en-GB dates, nowhere AM/PM.
grep -Eq '<p id="clock" class="clock" aria-live="off">Updated [0-2][0-9]:[0-5][0-9]:[0-5][0-9], [0-9]{1,2} [A-Z][a-z]{2} 20[0-9]{2}</p>' \
    "$TMP/partial.html" || fail "clock: $(grep -o '<p id="clock"[^<]*' "$TMP/partial.html")"
! sed -e 's/<[^>]*>//g' "$TMP/partial.html" | grep -Eq '\b[0-9]{1,2}:[0-9]{2}(:[0-9]{2})? ?[AP]M\b' || fail "12-hour time on the page"
echo "ok: 24-hour clock and en-GB dates"

# Several sites: a small multiple per site, its bars that site's own days.
chrome --virtual-time-budget=15000 --dump-dom "$BASE/?month=2018-02&refresh=300" >"$TMP/multi.html"
for site in council-a council-b; do
    sum=$(python3 - "$TMP/multi.html" "$site" <<'PY'
import re, sys
page, site = open(sys.argv[1]).read(), sys.argv[2]
m = re.search(r'<article class="multiple" data-site="%s">(.*?)</article>' % re.escape(site), page, re.S)
fig = re.search(r'<figure class="chart emails">(.*?)</figure>', m.group(1), re.S) if m else None
print(sum(int(v) for v in re.findall(r'class="bar[a-z ]*" data-date="[0-9-]*" data-value="([0-9]+)"', fig.group(1))) if fig else "none")
PY
)
    assert_eq "small multiple of $site adds up to its month" "$(q emails_blocked --month 2018-02 --site $site)" "$sum"
done

# A page as the browser got it, with the headers it was served with.
curl -s -D "$TMP/h.txt" -o /dev/null "$BASE/"
grep -qi "^Content-Security-Policy: default-src 'none'; script-src 'self'" "$TMP/h.txt" || fail "no strict CSP"
! grep -q '<script>' <(curl -s "$BASE/") || fail "inline script in the page"

# Redis down: the page says so where it said "Loading...".
stop_redis
chrome --virtual-time-budget=10000 --dump-dom "$BASE/?last=24h&refresh=300" >"$TMP/down.html"
grep -q 'data-state="error"' "$TMP/down.html" || fail "no error state with Redis down"
state=$(grep -o '<p id="state" class="state" aria-live="polite">[^<]*' "$TMP/down.html" | sed 's/.*>//')
grep -q '^No figures: .*Redis' <<<"$state" || fail "state line with Redis down: '$state'"
! grep -q 'Loading' "$TMP/down.html" || fail "'Loading...' stays with Redis down"
echo "ok: with Redis down the state line says: $state"
echo "dashboard ok"
