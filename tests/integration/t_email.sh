#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `report --format email`: a MIME message that a mail parser (Python's
# email package) reads as multipart/mixed with text and HTML alternatives
# and the CSV attached, each part the same as `report --format text|html|csv`
# prints; headers from the options or the config file; no header injection.
. "$(dirname "$0")/lib.sh"
start_redis
"$TTGEN" --kind mixed --from 2018-02-01T00:00:00Z --to 2018-03-01T00:00:00Z --lines 20000 --tz UTC --seed 5 \
    --out "$TMP/a.log" >/dev/null 2>&1
"$COLLECTOR" --redis "$REDIS_URL" --site council-a --tz UTC --year 2018 "$TMP/a.log"
AGG=("$AGGREGATOR" --redis "$REDIS_URL" --tz Europe/London)
W=(--month 2018-02)
"${AGG[@]}" report "${W[@]}" --format email --mail-to 'Panel <panel@example.org>, it@example.org' \
    --mail-from 'threattally <noreply@example.org>' -o "$TMP/mail.eml"
for f in text html csv; do "${AGG[@]}" report "${W[@]}" --format $f -o "$TMP/report.$f"; done
python3 - "$TMP" <<'PY'
import email, sys, re
from email import policy
d = sys.argv[1]
raw = open(d + "/mail.eml", "rb").read()
assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "lines must end in CRLF"
m = email.message_from_bytes(raw, policy=policy.default)
assert m["To"] == "Panel <panel@example.org>, it@example.org", m["To"]
assert m["From"] == "threattally <noreply@example.org>", m["From"]
assert m["Subject"] == "Threat report: February 2018", m["Subject"]
assert m["MIME-Version"] == "1.0" and m["Date"] and m["Message-ID"]
assert m.get_content_type() == "multipart/mixed", m.get_content_type()
alt, att = m.get_payload()
assert alt.get_content_type() == "multipart/alternative"
plain, html = alt.get_payload()
assert plain.get_content_type() == "text/plain" and html.get_content_type() == "text/html"
assert att.get_content_type() == "text/csv" and att.get_filename().endswith(".csv"), att.get_filename()
def same(a, b, what):
    strip = lambda s: re.sub(r"(?m)^.*[Gg]enerated.*$", "", s)
    assert strip(a) == strip(b), what + " part differs from the report"
same(plain.get_content(), open(d + "/report.text", encoding="utf-8").read(), "text")
same(html.get_content(), open(d + "/report.html", encoding="utf-8").read(), "HTML")
same(att.get_payload(decode=True).decode("utf-8"), open(d + "/report.csv", encoding="utf-8", newline="").read(), "CSV")
print("ok: MIME structure, headers and the three parts")
PY
# From the config file, the command line winning.
printf '[aggregator]\nmail-to = panel@example.org\nmail-from = reports@example.org\n' >"$TMP/agg.conf"
"${AGG[@]}" --config "$TMP/agg.conf" report "${W[@]}" --format email --mail-to other@example.org >"$TMP/m2.eml"
grep -q $'^To: other@example.org\r$' "$TMP/m2.eml" || fail "command line --mail-to does not win"
grep -q $'^From: reports@example.org\r$' "$TMP/m2.eml" || fail "mail-from from the config file"
# A config for mail does not disturb other commands.
"${AGG[@]}" --config "$TMP/agg.conf" query emails_blocked "${W[@]}" >/dev/null
# Header injection and missing addresses are usage errors.
set +e
"${AGG[@]}" report "${W[@]}" --format email --mail-to $'a@example.org\r\nBcc: evil@example.net' --mail-from x@example.org \
    >/dev/null 2>"$TMP/e1"; r1=$?
"${AGG[@]}" report "${W[@]}" --format email --mail-from x@example.org >/dev/null 2>"$TMP/e2"; r2=$?
"${AGG[@]}" report "${W[@]}" --format html --mail-to a@example.org >/dev/null 2>"$TMP/e3"; r3=$?
set -e
assert_eq "line break in --mail-to" 2 "$r1"
assert_eq "no --mail-to" 2 "$r2"
assert_eq "--mail-to without --format email" 2 "$r3"
grep -q 'control characters' "$TMP/e1" || fail "injection message: $(cat "$TMP/e1")"
echo "email ok"
