#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# pflogsumm_compare.sh -- puts pflogsumm's "Grand Totals" beside threattally's
# figures and the generator's exact truth for the same Postfix log, so that
# each difference can be explained (bench/RESULTS.md). Called by run.sh:
#   bench/pflogsumm_compare.sh MAIL.LOG TRUTH COLLECTOR   -> Markdown table on stdout
set -euo pipefail
LOG=$1 TRUTH=$2 COLLECTOR=$3
pf=$(pflogsumm "$LOG" 2>/dev/null)
# "  46335   received", "  12k  ..." (pflogsumm abbreviates large numbers)
pfl() {
    awk -v w="$1" '$2 == w && $1 ~ /^[0-9]+[km]?$/ {
        v = $1; m = 1
        if (v ~ /k$/) { m = 1000; sub(/k$/, "", v) } else if (v ~ /m$/) { m = 1000000; sub(/m$/, "", v) }
        print v * m; exit }' <<<"$pf"
}
ours=$("$COLLECTOR" --no-redis --tz Europe/London --year 2018 "$LOG")
tt() { sed -n "s/^$1 *\([0-9,]*\).*/\1/p" <<<"$ours" | tr -d ,; }
truth() { awk -v m="$1" '$2 == m && $1 != "-" { s += $4 } END { print s + 0 }' "$TRUTH"; }
echo "| figure | pflogsumm | threattally | generator's truth |"
echo "|---|--:|--:|--:|"
echo "| messages received (pflogsumm) / delivered + sent (ours) | $(pfl received) | $(( $(tt emails_delivered) + $(tt emails_sent) )) | $(( $(truth emails_delivered) + $(truth emails_sent) )) |"
echo "| delivered (pflogsumm: recipient deliveries) / emails_delivered + emails_sent | $(pfl delivered) | $(( $(tt emails_delivered) + $(tt emails_sent) )) | $(( $(truth emails_delivered) + $(truth emails_sent) )) |"
echo "| rejected (pflogsumm: reject lines) / emails_blocked | $(pfl rejected) | $(tt emails_blocked) | $(truth emails_blocked) |"
echo "| deferred / — | $(pfl deferred) | — | — |"
echo "| bounced / — | $(pfl bounced) | — | — |"
echo "| discarded (pflogsumm) / — | $(pfl discarded) | — | — |"
