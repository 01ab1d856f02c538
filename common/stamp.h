/* SPDX-License-Identifier: MIT
 *
 * stamp.h -- timestamps as lines give them (struct tt_stamp) and the text
 * parsers that read them. Parsers never convert: they record what the line
 * says; the per-stream clock of common/time.h turns it into UTC. This module
 * sits beside common/calendar.h at the bottom of the time layers and knows
 * no zone.
 */
#ifndef TT_STAMP_H
#define TT_STAMP_H

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

/* Text parsers: each reads from [p, p+len), fills *out and returns the number
 * of bytes consumed, or 0 when the text is not of that form. No allocation. */
/* RFC 3164 "Feb  1 00:00:01" / "Feb 01 00:00:01" (also with ".123456"). */
size_t tt_parse_bsd_stamp(const char *p, size_t len, struct tt_stamp *out);
/* ISO 8601 / RFC 3339 "2018-02-01T00:00:01[.frac][Z|+hh:mm|+hhmm]", a space
 * instead of T accepted; without offset kind is TT_STAMP_LOCAL. */
size_t tt_parse_iso8601(const char *p, size_t len, struct tt_stamp *out);
/* The same, as people type it on a command line: also the date alone
 * ("2018-02-01", midnight) and a time without seconds ("2018-02-01T00:00").
 * Used by tt_parse_time_arg (common/time.h). */
size_t tt_parse_iso8601_arg(const char *p, size_t len, struct tt_stamp *out);

#endif
