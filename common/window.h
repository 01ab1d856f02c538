/* SPDX-License-Identifier: MIT
 *
 * window.h -- pure window math for the aggregator (docs/COUNTING.md#command-line, #retention).
 *
 * A report or query asks about a window [from, to) of UTC seconds, given as
 * a calendar month in the report zone, an explicit --from/--to, or --last
 * DURATION ending at --at. This module turns those into UTC instants, finds
 * the previous window to compare with, cuts a window into local days for the
 * daily chart, and plans which Redis buckets cover it: the fewest UTC buckets
 * (whole days in the middle, whole hours at the edges, minutes at the
 * remaining edges) allowed by what the store still keeps for each UTC day.
 *
 * Nothing here does I/O: the store says, per UTC day, the finest precision it
 * keeps (struct tt_avail) and the plan says which buckets to read.
 *
 * Precision policy. Minute buckets live ~10 days, hour buckets ~410 days, day
 * buckets forever. When an edge of the window falls inside a UTC day that is
 * no longer kept finely enough, the edge is moved to the NEAREST boundary that
 * is kept (ties go to the earlier boundary). The rule depends only on the
 * instant and the day's precision, so windows that meet still meet after
 * rounding: consecutive months or the days of the daily chart never overlap
 * and never leave a gap, and their figures add up. If rounding to the nearest
 * boundary would leave nothing of a window, its edges are moved outward
 * instead (the answer then covers more than was asked, never less). The plan
 * records the effective window and the precision it was answered at.
 */
#ifndef TT_WINDOW_H
#define TT_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "common/schema.h"
#include "common/zone.h"

#define TT_DAY_S 86400
#define TT_HOUR_S 3600
#define TT_MINUTE_S 60

enum tt_window_kind {
    TT_WINDOW_LAST = 0, /* --last DURATION ending at --at */
    TT_WINDOW_RANGE,    /* --from T --to T */
    TT_WINDOW_MONTH,    /* --month YYYY-MM in the report zone */
    TT_WINDOW_KIND_COUNT
};

struct tt_window {
    enum tt_window_kind kind; /* how it was asked for */
    int64_t from_s;           /* first second, UTC, inclusive */
    int64_t to_s;             /* end, UTC, exclusive */
    int year;                 /* TT_WINDOW_MONTH: calendar year */
    int month;                /* TT_WINDOW_MONTH: 1..12 */
};

/* "2018-02" into year and month; TT_ERR unless YYYY-MM with a real month. */
int tt_window_parse_month(const char *s, int *out_year, int *out_month);
/* Calendar month year-month in zone z: local midnight of the 1st to local
 * midnight of the next 1st (a midnight in a spring gap is shifted forward, a
 * repeated midnight is the first one). */
int tt_window_month(const struct tt_zone *z, int year, int month, struct tt_window *out);
/* [from_s, to_s); TT_ERR when to_s <= from_s. Edges are floored to the
 * minute: minutes are the finest buckets kept. */
int tt_window_range(int64_t from_s, int64_t to_s, struct tt_window *out);
/* The duration_s seconds up to at_s (floored to the minute). */
int tt_window_last(int64_t duration_s, int64_t at_s, struct tt_window *out);
/* The window to compare with: the previous calendar month for a month,
 * otherwise the window of equal length that ends where w starts. */
int tt_window_previous(const struct tt_window *w, const struct tt_zone *z, struct tt_window *out);

/* Local midnight starting local date y-m-d in zone z, as UTC seconds. */
int64_t tt_window_local_midnight(const struct tt_zone *z, int y, unsigned m, unsigned d);

/* One local day of a window, clipped to it (the first and last may be
 * partial for --last and --from/--to windows). */
struct tt_window_day {
    int64_t from_s;  /* UTC, inclusive */
    int64_t to_s;    /* UTC, exclusive */
    int year;        /* local date */
    unsigned mon;    /* 1..12 */
    unsigned mday;   /* 1..31 */
    int partial;     /* 1 when the window covers only part of that local day */
};

/* The local days of [from_s, to_s) in zone z, into a heap array the caller
 * frees with free(); returns the count (0 for an empty window). */
size_t tt_window_days(const struct tt_zone *z, int64_t from_s, int64_t to_s, struct tt_window_day **out_days);

/* What the store keeps, per UTC day: gran[i] is the finest granularity kept
 * for UTC day first_day + i (days since 1970-01-01). A day without any data
 * is exact at every precision: TT_AVAIL_EMPTY says so, and plans read no
 * bucket of it (so a long window costs the buckets that exist, not the days
 * it names); TT_GRAN_MINUTE is also right but reads its buckets. Days outside
 * the array count as TT_GRAN_MINUTE. */
#define TT_AVAIL_EMPTY 0xFF
struct tt_avail {
    int64_t first_day;    /* UTC day number of gran[0] */
    size_t ndays;         /* entries in gran */
    const uint8_t *gran;  /* enum tt_gran per day, borrowed */
};

enum tt_gran tt_avail_at(const struct tt_avail *a, int64_t day);
/* 1 when the store holds nothing for that day (TT_AVAIL_EMPTY). */
int tt_avail_empty(const struct tt_avail *a, int64_t day);

/* UTC days (numbers) touched by [from_s, to_s): first and count. */
void tt_window_utc_days(int64_t from_s, int64_t to_s, int64_t *out_first_day, size_t *out_ndays);

struct tt_bucket {
    uint8_t gran;    /* enum tt_gran */
    int64_t start_s; /* first second of the bucket, UTC, aligned to gran */
};

/* Plan flags. */
#define TT_PLAN_NO_WIDEN 1 /* never widen a window that rounds to nothing (daily chart: keeps tiling) */

struct tt_plan {
    int64_t asked_from_s;      /* window as asked */
    int64_t asked_to_s;
    int64_t from_s;            /* effective window, after rounding */
    int64_t to_s;
    uint8_t asked;             /* enum tt_gran: precision the asked edges need */
    uint8_t precision;         /* enum tt_gran: precision of the answer (>= asked) */
    uint8_t widened;           /* 1 when rounding had to move edges outward */
    struct tt_bucket *buckets; /* heap array, in time order */
    size_t nbuckets;           /* entries used */
    size_t cap;                /* entries allocated */
};

/* Plans [from_s, to_s) against availability a. Caller storage, free with
 * tt_plan_fini. */
int tt_plan_make(int64_t from_s, int64_t to_s, const struct tt_avail *a, int flags, struct tt_plan *out);
void tt_plan_fini(struct tt_plan *p);
/* 1 when the answer is coarser than the window asked for. */
int tt_plan_coarser(const struct tt_plan *p);

#endif
