#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `report` in every format of SPEC 5 over a month of realistic data: the five
# formats carry the same figures (equal to `query --json`); CSV is UTF-8 with
# an optional BOM, CRLF, ISO dates, plain numbers, and no cell a spreadsheet
# would run as a formula although source names planted by an attacker start
# with = + @; a joint report puts each council beside the combined figures;
# no email address appears anywhere.
. "$(dirname "$0")/../browser/lib.sh"
load_month
M=(--month 2018-02)
blocked=$(q emails_blocked "${M[@]}")
attacks=$(q attacks_blocked "${M[@]}")
for fmt in text markdown html json csv; do
    "${AGG[@]}" report "${M[@]}" --format "$fmt" -o "$TMP/r.$fmt"
done
grep -q "^\* $(commas "$blocked") emails were blocked from entering the council in February 2018, " "$TMP/r.text" ||
    fail "text headline: $(grep -m1 '^\*' "$TMP/r.text")"
grep -q "This window    $(commas "$blocked") emails" "$TMP/r.text" || fail "text figure"
grep -q "| \*\*Emails blocked\*\* | $(commas "$blocked") |" "$TMP/r.markdown" || fail "markdown figure"
grep -q "\"metric\":\"emails_blocked\",[^}]*\"value\":$blocked," "$TMP/r.json" || fail "json figure"
grep -q "^figure,all,emails_blocked,,,2018-02-01T00:00:00Z,2018-03-01T00:00:00Z,$blocked," "$TMP/r.csv" || fail "csv figure"
grep -q "^figure,all,attacks_blocked,,,[^,]*,[^,]*,$attacks," "$TMP/r.csv" || fail "csv attacks"
grep -q "data-metric=\"emails_blocked\" data-site=\"all\" data-value=\"$blocked\"" "$TMP/r.html" || fail "html figure"
echo "ok: five formats carry emails_blocked=$blocked attacks_blocked=$attacks"

# Every panel element of SPEC 5 is in every format.
for fmt in text markdown html; do
    for want in "Emails blocked" "Attacks prevented" "Distinct attack sources" "Outgoing email sent encrypted" \
                "Definition" "Europe/London" "January 2018" "Not recognised" "Lost in transit" "last seen"; do
        grep -qi "$want" "$TMP/r.$fmt" || fail "$fmt report lacks '$want'"
    done
done

# Member-facing text: no jargon, one date style for people ("1 Feb 2018"),
# ISO dates only in CSV and JSON. The HTML is checked as people see it
# (its text, not its data attributes).
sed -e 's/<[^>]*>//g' "$TMP/r.html" >"$TMP/r.html.txt"
for fmt in text markdown html.txt; do
    bad=$( (grep -Eio "n/a|none either|\bnew\b|hyperloglog|unparsed|[0-9]{4}-[0-9]{2}-[0-9]{2}" "$TMP/r.$fmt" || true) |
          sort -u | tr '\n' ' ')
    [ -z "$bad" ] || fail "$fmt report uses jargon or ISO dates: $bad"
    grep -q "1 Feb 2018" "$TMP/r.$fmt" || fail "$fmt report lacks the date style '1 Feb 2018'"
done
grep -q '"date":"2018-02-01"' "$TMP/r.json" || fail "JSON lost its ISO dates"
echo "ok: no jargon, dates as 1 Feb 2018 for people and ISO for machines"

# No earlier data (the month before the first log): said once, in words,
# and no comparison figure anywhere.
"${AGG[@]}" report --month 2018-01 --format text -o "$TMP/jan.text"
"${AGG[@]}" report --month 2018-01 --format html -o "$TMP/jan.html"
sed -e 's/<[^>]*>//g' "$TMP/jan.html" >"$TMP/jan.html.txt"
for f in jan.text jan.html.txt; do
    assert_eq "$f: 'no earlier data' said once" 1 "$(grep -o 'no earlier data to compare with' "$TMP/$f" | wc -l)"
    ! grep -Eqi 'previous|change|compared with|December 2017:' "$TMP/$f" || fail "$f compares with a window without data: $(grep -Eio 'previous|change|compared with' "$TMP/$f" | head -3)"
done

# The daily series adds up to the month, in JSON and CSV alike.
sum=$(grep -o '"date":"2018-02-[0-9]*","from":"[^"]*","to":"[^"]*","partial":false,"no_data":[a-z]*,"emails_blocked":[0-9]*' \
      "$TMP/r.json" | sed 's/.*://' | awk '{s += $1} END {print s}')
assert_eq "json daily sum" "$blocked" "$sum"
sum=$(grep '^daily,all,emails_blocked,' "$TMP/r.csv" | cut -d, -f8 | awk '{s += $1} END {print s}')
assert_eq "csv daily sum" "$blocked" "$sum"

# CSV: header, CRLF on every record, BOM only on request, ISO dates.
assert_eq "csv header" "section,site,metric,reason,date,from,to,value,previous,change,unit,text" \
    "$(head -1 "$TMP/r.csv" | tr -d '\r')"
assert_eq "csv lines without CR" 0 "$(grep -vc $'\r$' "$TMP/r.csv" || true)"
[ "$(head -c 3 "$TMP/r.csv" | od -An -tx1 | tr -d ' ')" != "efbbbf" ] || fail "BOM without --bom"
"${AGG[@]}" report "${M[@]}" --format csv --bom -o "$TMP/bom.csv"
assert_eq "csv --bom" "efbbbf" "$(head -c 3 "$TMP/bom.csv" | od -An -tx1 | tr -d ' ')"
grep -q '^daily,all,emails_blocked,,2018-02-14,2018-02-14T00:00:00Z,2018-02-15T00:00:00Z,[0-9]*,' "$TMP/r.csv" ||
    fail "csv daily rows not ISO"
iconv -f UTF-8 -t UTF-8 "$TMP/r.csv" >/dev/null || fail "csv is not valid UTF-8"

# Formula injection: no cell starts with = + - @ TAB CR unless it is a plain
# number; the planted names are there, neutralised with a leading '.
awk -f - "$TMP/r.csv" <<'AWK' || fail "a CSV cell would run as a formula"
function check(f) {
    if (f ~ /^[=+@\t\r]/ || (f ~ /^-/ && f !~ /^-[0-9]+(\.[0-9]+)?$/)) { print "formula-like cell: " f; bad = 1 }
}
{
    line = $0; sub(/\r$/, "", line); field = ""; inq = 0
    for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (inq) {
            if (c == "\"") { if (substr(line, i + 1, 1) == "\"") { field = field c; i++ } else inq = 0 }
            else field = field c
        } else if (c == "\"") inq = 1
        else if (c == ",") { check(field); field = "" }
        else field = field c
    }
    check(field)
}
END { exit bad }
AWK
grep -qF ",,,,,\"'=cmd|' \\C calc'!A0.log\"" "$TMP/r.csv" ||
    fail "planted =cmd name not neutralised: $(grep -F 'cmd|' "$TMP/r.csv")"
grep -qF "\"'+SUM(1+1)*cmd|' \\C notepad'!A1.log\"" "$TMP/r.csv" || fail "planted + name not neutralised"
grep -qF "\"'@SUM(1+1).log\"" "$TMP/r.csv" || fail "planted @ name not neutralised"
grep -qF $'red\xef\xbf\xbd' "$TMP/r.csv" || fail "control characters not replaced in CSV"
! grep -q $'\e' "$TMP/r.csv" || fail "ESC in CSV"
echo "ok: csv formula-safe"

# Text and Markdown: controls shown, never sent to the terminal.
! grep -q $'\e' "$TMP/r.text" "$TMP/r.markdown" || fail "ESC in text/markdown"

# Joint committee report: each council beside the combined figures.
J=(--site council-a,council-b)
"${AGG[@]}" report "${M[@]}" "${J[@]}" --format json -o "$TMP/j.json"
"${AGG[@]}" report "${M[@]}" "${J[@]}" --format text -o "$TMP/j.text"
"${AGG[@]}" report "${M[@]}" "${J[@]}" --format csv -o "$TMP/j.csv"
for site in council-a council-b; do
    v=$(q emails_blocked "${M[@]}" --site $site)
    grep -q "{\"site\":\"$site\",\"figures\":\[{\"metric\":\"emails_blocked\",[^}]*\"value\":$v," "$TMP/j.json" ||
        fail "json by_site $site"
    grep -q "^site,$site,emails_blocked,,,[^,]*,[^,]*,$v," "$TMP/j.csv" || fail "csv site $site"
done
a=$(q emails_blocked "${M[@]}" --site council-a)
b=$(q emails_blocked "${M[@]}" --site council-b)
c=$(q emails_blocked "${M[@]}" "${J[@]}")
assert_eq "combined = a + b" "$((a + b))" "$c"
grep -q "^Emails blocked  *$(commas "$a") emails  *$(commas "$b") emails  *$(commas "$c") emails$" "$TMP/j.text" ||
    fail "text side-by-side row: $(grep '^Emails blocked ' "$TMP/j.text")"
grep -q '"site":"council-a,council-b"' "$TMP/j.json" || fail "joint site label"

# Privacy: no email address in any format (the logs are full of them).
for f in "$TMP"/r.* "$TMP"/j.*; do
    ! grep -Eq '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}' "$f" || fail "email address in $f"
done
echo "report formats ok"
