/* SPDX-License-Identifier: MIT
 *
 * time.h -- the top layer of time: the per-stream clock that turns the
 * timestamps lines give (common/stamp.h) into UTC seconds, with a zone
 * (common/zone.h) and calendar arithmetic (common/calendar.h); and the
 * command-line forms (times, durations) and ISO formatting built on them
 * (docs/COUNTING.md#time).
 *
 * One struct tt_clock per input stream resolves a missing year (--year, or
 * inferred, advancing on December -> January), the repeated autumn hour (by
 * order of appearance: first pass summer time, second pass winter time) and
 * the spring gap (shifted forward), using a struct tt_zone loaded once.
 */
#ifndef TT_TIME_H
#define TT_TIME_H

#include <stddef.h>
#include <stdint.h>

/* The three lower layers, included here for now so that callers written
 * against the single time.h of before compile unchanged. New code includes
 * the header it needs: calendar.h for date arithmetic, stamp.h for the
 * struct and its text parsers, zone.h for zones. */
#include "common/calendar.h"
#include "common/stamp.h"
#include "common/zone.h"

/* Per-stream conversion state. Caller storage; _init/_fini. */
struct tt_clock {
    const struct tt_zone *zone; /* borrowed, outlives the clock */
    int64_t now_s;              /* "now" for year inference */
    int fixed_year;             /* --year, 0 = infer */
    int year;                   /* year in force for year-less stamps, 0 = not yet known */
    int last_mon;               /* month of the last year-less stamp, 0 = none */
    int64_t last_utc_s;         /* UTC of the last resolved stamp, INT64_MIN = none */
    int64_t fold_local_s;       /* start (local) of the fold being tracked, 0 = none */
    int64_t fold_max_local_s;   /* highest local time seen inside that fold */
    int fold_second_pass;       /* 1 once the stream is in that fold's second pass */
    uint64_t resolved;          /* stamps resolved */
    uint64_t ambiguous;         /* of which fell in a repeated hour */
    uint64_t gap;               /* of which fell in a spring gap */
    /* Added with common/time.c: fold end and the hot-path offset cache. */
    int64_t fold_end_local_s;   /* end (local, exclusive) of the fold being tracked */
    int64_t cache_lo_local_s;   /* start of a local span read with one offset; */
    int64_t cache_hi_local_s;   /* ... its end (exclusive), lo == hi: empty */
    int32_t cache_off_s;        /* the offset in force throughout that span */
};

void tt_clock_init(struct tt_clock *c, const struct tt_zone *zone, int fixed_year, int64_t now_s);
/* Resolves st to UTC seconds. TT_ERR for an impossible date (Feb 30, hour
 * 25, ...) or TT_STAMP_NONE. Updates year and fold state. */
int tt_clock_resolve(struct tt_clock *c, const struct tt_stamp *st, int64_t *out_utc_s);

/* Command-line forms. */
/* ISO 8601 with offset or Z; without offset, local time in zone (first pass
 * on a repeated hour). Date-only "2018-02-01" is local midnight. */
int tt_parse_time_arg(const char *s, const struct tt_zone *zone, int64_t *out_utc_s);
/* "90m", "36h", "5d", "2w", "30s"; also combined "1d12h". */
int tt_parse_duration(const char *s, int64_t *out_s);
/* "2018-02-01T00:00:00Z" into buf (at least 21 bytes); returns length. */
size_t tt_format_iso_utc(int64_t utc_s, char *buf, size_t len);
/* Local time with offset "2018-02-01T00:00:00+00:00" (at least 26 bytes). */
size_t tt_format_iso_local(const struct tt_zone *z, int64_t utc_s, char *buf, size_t len);

#endif
