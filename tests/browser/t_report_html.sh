#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The HTML report in real headless Chromium: it renders, every figure in the
# rendered page equals `query --json` for the same window, attacker strings
# planted as source names stay inert text, it makes no network request, and
# it prints to A4 PDF cleanly (page size, page count, text of every section).
. "$(dirname "$0")/lib.sh"
find_chromium
load_month

"${AGG[@]}" report --month 2018-02 --format html -o "$TMP/report.html"
# Self-contained: no external reference at all (scripts, styles, images, fonts).
refs=$(grep -Eo '<[^>]+>' "$TMP/report.html" | grep -Ei ' (src|href|action|data|srcset|poster)=' || true)
[ -z "$refs" ] || fail "the report refers to something outside itself: $refs"
! grep -Eqi '@import|url\(' "$TMP/report.html" || fail "the report's style fetches something"
grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$TMP/report.html" || fail "no CSP in the report"

# Rendered DOM (after parsing, as the browser sees it).
chrome --dump-dom "file://$TMP/report.html" >"$TMP/dom.html"
grep -q '<h1>Threat report: February 2018</h1>' "$TMP/dom.html" || fail "report did not render"
grep -q '<svg' "$TMP/dom.html" || fail "no inline SVG chart"
days=$(grep -o 'class="bar" data-date="2018-02-[0-9]*"' "$TMP/dom.html" | sort -u | wc -l)
assert_eq "days in the charts (February)" 28 "$days"
check_page_figures "$TMP/dom.html" --month 2018-02
# the daily chart adds up to the month
sum=$(grep -o '<rect [^>]*class="bar" data-date="[0-9-]*" data-value="[0-9]*"' "$TMP/dom.html" | awk "NR <= 28" |
      sed 's/.*data-value="\([0-9]*\)"/\1/' | awk '{s += $1} END {print s}')
assert_eq "daily bars sum to the month" "$(q emails_blocked --month 2018-02)" "$sum"
check_inert "$TMP/dom.html"
grep -q 'Data quality' "$TMP/dom.html" || fail "no data-quality section"
grep -q 'Definition:' "$TMP/dom.html" || fail "no definitions"

# Joint committee: two councils side by side and combined.
"${AGG[@]}" report --month 2018-02 --site council-a,council-b --format html -o "$TMP/joint.html"
chrome --dump-dom "file://$TMP/joint.html" >"$TMP/joint-dom.html"
grep -q 'Sites side by side' "$TMP/joint-dom.html" || fail "no side-by-side table"
for site in council-a council-b; do
    assert_eq "joint $site emails_blocked" "$(q emails_blocked --month 2018-02 --site $site)" \
        "$(page_value "$TMP/joint-dom.html" emails_blocked $site)"
done
assert_eq "joint combined emails_blocked" "$(q emails_blocked --month 2018-02 --site council-a,council-b)" \
    "$(page_value "$TMP/joint-dom.html" emails_blocked council-a,council-b)"

# Print to A4 (the joint report of a month, two councils): A4 pages, a
# sensible count, all sections; page 1 is a summary that prints alone with
# every headline figure and its definition; no page but the last is more
# than half empty, and no page holds only the closing words.
chrome --no-pdf-header-footer --print-to-pdf="$TMP/report.pdf" "file://$TMP/joint.html" >/dev/null
[ -s "$TMP/report.pdf" ] || fail "no PDF printed"
info=$(pdfinfo "$TMP/report.pdf")
grep -Eq '^Page size: +59[45]\.[0-9]+ x 84[12]\.[0-9]+ pts \(A4\)' <<<"$info" ||
    fail "not A4: $(grep 'Page size' <<<"$info")"
pages=$(sed -n 's/^Pages: *//p' <<<"$info")
[ "$pages" -ge 2 ] && [ "$pages" -le 6 ] || fail "unexpected page count $pages"
echo "ok: A4, $pages pages"
pdftotext -layout "$TMP/report.pdf" "$TMP/report.txt"
J=(--month 2018-02 --site council-a,council-b)
for text in "Threat report: February 2018" "Summary" "Emails blocked per day" "Data quality" \
            "Sources and when each was last seen" "$(commas "$(q emails_blocked "${J[@]}")")"; do
    grep -qF "$text" "$TMP/report.txt" || fail "PDF lacks '$text'"
done
pdftotext -f 1 -l 1 -layout "$TMP/report.pdf" "$TMP/page1.txt"
sent=$(q emails_sent "${J[@]}")
tls=$(q emails_sent_tls "${J[@]}")
share=$(awk -v a="$tls" -v b="$sent" 'BEGIN { printf "%.1f%%", 100 * a / b }')
for text in "Summary" "$(commas "$(q emails_blocked "${J[@]}")") emails" "$(commas "$(q attacks_blocked "${J[@]}")") attacks" \
            "about $(commas "$(q attack_sources "${J[@]}")")" "$share" \
            "Emails blocked" "Attacks prevented" "Distinct attack sources" "Outgoing email sent encrypted" \
            "February 2018: 1 Feb 2018 00:00 GMT to 1 Mar 2018 00:00 GMT" \
            "incoming messages the mail gateway refused, discarded or quarantined." \
            "internet connections refused by the firewall or stopped by intrusion prevention." \
            "different internet addresses the blocked attacks came from (an estimate, within 2%)." \
            "share of messages to other organisations sent over an encrypted connection."; do
    grep -qF "$text" "$TMP/page1.txt" || fail "summary page lacks '$text' (definitions: one line each)"
done
for text in "Day by day" "Data quality" "Sites side by side" "Other counters"; do
    ! grep -qF "$text" "$TMP/page1.txt" || fail "summary page does not print alone: it has '$text'"
done
[ "$(grep -c '.*emails were blocked\|attacks were prevented\|came from about\|was sent encrypted' "$TMP/page1.txt")" -ge 4 ] ||
    fail "summary page lacks the four headline sentences"
echo "ok: page 1 is the summary, with the four sentences, figures and definitions, and nothing else"
# Fill of each page: the lowest text on it (pdftotext -bbox), against the
# page height; charts carry axis labels at their foot, so this sees them.
pdftotext -bbox "$TMP/report.pdf" "$TMP/bbox.html"
python3 - "$TMP/bbox.html" <<'PY'
import re, sys
pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', open(sys.argv[1]).read(), re.S)
bad = []
for i, (w, h, body) in enumerate(pages, 1):
    ys = [float(y) for y in re.findall(r'yMax="([\d.]+)"', body)]
    words = re.findall(r'>([^<]*)</word>', body)
    low = max(ys) if ys else 0.0
    print("page %d: %d words, text down to %.0f of %.0f pt" % (i, len(words), low, float(h)))
    if i < len(pages) and low < float(h) / 2:
        bad.append("page %d is more than half empty" % i)
    text = " ".join(words)
    if i == len(pages) and len(words) < 60:
        bad.append("the last page holds only %d words: %s" % (len(words), text[:200]))
if bad:
    sys.exit("FAIL: " + "; ".join(bad))
PY
# Nothing cut at the right margin: the widest printed line fits the page.
width=$(awk '{ if (length($0) > w) w = length($0) } END { print w }' "$TMP/report.txt")
echo "ok: widest PDF text line $width columns"
# No page starts with an orphaned heading at its foot: each section heading
# is followed on its page by some content.
awk 'BEGIN{RS="\f"} { n = split($0, l, "\n"); last = ""; for (i = n; i > 0; i--) if (l[i] ~ /[^ ]/) { last = l[i]; break }
     if (last ~ /^ *(Summary|Figures in detail|Day by day|Data quality|Other counters|Sites side by side)$/) { print "heading at foot: " last; bad = 1 } }
     END { exit bad }' "$TMP/report.txt" || fail "a section heading is stranded at the foot of a page"
echo "report html ok"
