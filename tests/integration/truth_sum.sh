#!/bin/sh
# SPDX-License-Identifier: MIT
#
# truth_sum.sh -- sums a metric of a ttgen truth file (bench/ttgen --truth)
# over a half-open UTC window, the way `threattally-aggregator query` should
# answer it.
#
#   truth_sum.sh TRUTH METRIC FROM TO [REASON]
#   truth_sum.sh --all TRUTH METRIC [REASON]
#
# FROM and TO are UTC epoch seconds or anything `date -d` reads
# ("2018-10-28T00:00:00Z"); TO may be "inf". The window is [FROM, TO) on the
# minute bucket start. REASON omitted or "-" sums every reason of the metric.
#
# A line without a timestamp (junk) counts at the minute of the last dated
# line before it (docs/COUNTING.md#untimed); only junk before the first dated
# line is bucketed by a collector at arrival time, so the truth lists it under
# minute "-": it is included only by --all, or when FROM is 0 and TO is inf.
#
# METRIC attack_sources is the number of distinct addresses in TRUTH.sources
# (whole file only: --all or 0 inf).
#
# Prints one integer. Exit 2 on usage errors, 1 when TRUTH is unreadable.
set -eu

usage() {
    echo "usage: truth_sum.sh TRUTH METRIC FROM TO [REASON] | truth_sum.sh --all TRUTH METRIC [REASON]" >&2
    exit 2
}

to_epoch() {
    case "$1" in
    inf | infinity) echo inf ;;
    *[!0-9]*) date -u -d "$1" +%s 2>/dev/null || { echo "truth_sum.sh: bad time: $1" >&2; exit 2; } ;;
    '') usage ;;
    *) echo "$1" ;;
    esac
}

if [ "${1:-}" = "--all" ]; then
    [ $# -ge 3 ] && [ $# -le 4 ] || usage
    truth=$2 metric=$3 reason=${4:--} from=0 to=inf
else
    [ $# -ge 4 ] && [ $# -le 5 ] || usage
    truth=$1 metric=$2 reason=${5:--}
    from=$(to_epoch "$3") to=$(to_epoch "$4")
fi
[ -r "$truth" ] || { echo "truth_sum.sh: cannot read $truth" >&2; exit 1; }

all=0
[ "$from" = 0 ] && [ "$to" = inf ] && all=1

if [ "$metric" = attack_sources ]; then
    [ "$all" = 1 ] || { echo "truth_sum.sh: attack_sources is only known for the whole file (--all)" >&2; exit 2; }
    [ -r "$truth.sources" ] || { echo "truth_sum.sh: cannot read $truth.sources" >&2; exit 1; }
    wc -l <"$truth.sources" | tr -d ' '
    exit 0
fi

awk -v metric="$metric" -v reason="$reason" -v from="$from" -v to="$to" -v all="$all" '
    $2 != metric { next }
    reason != "-" && $3 != reason { next }
    $1 == "-" { if (all) sum += $4; next }
    $1 + 0 < from + 0 { next }
    to != "inf" && $1 + 0 >= to + 0 { next }
    { sum += $4 }
    END { printf "%d\n", sum }
' "$truth"
