/* SPDX-License-Identifier: MIT
 *
 * time.h -- timestamps as lines give them, zones, and the per-stream clock
 * that turns them into UTC seconds (docs/COUNTING.md#time).
 *
 * Parsers never convert: they fill a struct tt_stamp with what the line says.
 * One struct tt_clock per input stream resolves a missing year (--year, or
 * inferred, advancing on December -> January), the repeated autumn hour (by
 * order of appearance: first pass summer time, second pass winter time) and
 * the spring gap (shifted forward), using a struct tt_zone loaded once.
 */
#ifndef TT_TIME_H
#define TT_TIME_H

#include <stddef.h>
#include <stdint.h>

enum tt_stamp_kind {
    TT_STAMP_NONE = 0, /* the line has no timestamp */
    TT_STAMP_LOCAL,    /* wall-clock time in the --tz zone, no offset given */
    TT_STAMP_OFFSET,   /* wall-clock time with an explicit UTC offset (or Z) */
    TT_STAMP_EPOCH,    /* seconds since 1970 UTC given directly */
    TT_STAMP_COUNT
};

struct tt_stamp {
    uint8_t kind;     /* enum tt_stamp_kind */
    uint8_t mon;      /* 1..12 */
    uint8_t mday;     /* 1..31 */
    uint8_t hour;     /* 0..23 */
    uint8_t min;      /* 0..59 */
    uint8_t sec;      /* 0..60 (a leap second is folded into :59) */
    int16_t year;     /* e.g. 2018; 0 when the line carries no year */
    int32_t offset_s; /* UTC offset for TT_STAMP_OFFSET, east positive */
    int64_t epoch_s;  /* for TT_STAMP_EPOCH */
};

/* A time zone loaded from the system's tz database (TZ names such as
 * "Europe/London", "UTC"). NULL or "" means the system's local zone. */
struct tt_zone;

struct tt_zone *tt_zone_create(const char *name, char *err, size_t errlen);
void tt_zone_destroy(struct tt_zone *z);
const char *tt_zone_name(const struct tt_zone *z);
/* UTC offset (east positive, seconds) in force at utc_s. */
int32_t tt_zone_offset_at(const struct tt_zone *z, int64_t utc_s);
/* Local wall-clock seconds (as if the local time were UTC) to UTC. Returns
 * how many UTC instants show that wall time: 1 (normal), 2 (repeated autumn
 * hour: out_first is the earlier = summer-time one, out_second the later), or
 * 0 (spring gap: out_first is the time shifted forward, i.e. interpreted with
 * the offset in force before the gap). */
int tt_zone_local_to_utc(const struct tt_zone *z, int64_t local_s, int64_t *out_first, int64_t *out_second);
/* UTC to local broken-down time in zone z. */
void tt_zone_utc_to_local(const struct tt_zone *z, int64_t utc_s, struct tt_stamp *out);

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

/* Civil calendar (proleptic Gregorian) <-> days since 1970-01-01. */
int64_t tt_days_from_civil(int y, unsigned m, unsigned d);
void tt_civil_from_days(int64_t days, int *out_y, unsigned *out_m, unsigned *out_d);
/* Seconds since epoch of a broken-down time read as UTC (no validation). */
int64_t tt_timegm(int y, unsigned mon, unsigned mday, unsigned h, unsigned mi, unsigned s);
/* 1 when y-m-d h:mi:s is a real calendar time. */
int tt_civil_valid(int y, unsigned m, unsigned d, unsigned h, unsigned mi, unsigned s);

/* Text parsers: each reads from [p, p+len), fills *out and returns the number
 * of bytes consumed, or 0 when the text is not of that form. No allocation. */
/* RFC 3164 "Feb  1 00:00:01" / "Feb 01 00:00:01" (also with ".123456"). */
size_t tt_parse_bsd_stamp(const char *p, size_t len, struct tt_stamp *out);
/* ISO 8601 / RFC 3339 "2018-02-01T00:00:01[.frac][Z|+hh:mm|+hhmm]", a space
 * instead of T accepted; without offset kind is TT_STAMP_LOCAL. */
size_t tt_parse_iso8601(const char *p, size_t len, struct tt_stamp *out);

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

/* Shared by time.c and zone.c: floor(t / 86400), and the days of month m
 * (1..12) of year y. */
int64_t tt_floor_days(int64_t t);
unsigned tt_days_in_month(int y, unsigned m);

/* What a wall time means in a zone. n == 1: one instant (first), and [lo, hi)
 * is the surrounding local span that maps with the same offset; n == 2: a
 * fold, first/second are the two instants and [lo, hi) is the repeated local
 * range; n == 0: a gap, first is the time shifted forward and [lo, hi) the
 * local range that does not exist. */
struct tt_zone_hit {
    int n;          /* number of instants showing this wall time */
    int64_t first;  /* earlier (or only, or shifted) instant */
    int64_t second; /* later instant of a fold */
    int64_t lo;     /* local span start, see above */
    int64_t hi;     /* local span end (exclusive) */
    int32_t off;    /* offset of the single instant when n == 1 */
};
void tt_zone_lookup_local(const struct tt_zone *z, int64_t local_s, struct tt_zone_hit *h);

#endif
