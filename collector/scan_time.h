/* SPDX-License-Identifier: MIT
 *
 * scan_time.h -- vendor date/time texts -> struct tt_stamp, on top of
 * common/time.h (tt_parse_bsd_stamp, tt_parse_iso8601): epoch digits,
 * "YYYY-MM-DD" + "HH:MM:SS", "Mmm dd yyyy hh:mm:ss", fast.log stamps, UTC
 * offsets, and a stamp's epoch seconds for a parser's own state expiry.
 */
#ifndef TT_SCAN_TIME_H
#define TT_SCAN_TIME_H

#include "collector/parser.h"
#include "common/time.h"

/* Epoch time given as 10 (s), 13 (ms), 16 (us) or 19 (ns) digits, into an
 * EPOCH stamp; TT_ERR for any other shape. */
int tt_stamp_from_epoch_digits(struct tt_slice s, struct tt_stamp *out);
/* "YYYY-MM-DD" (or "YYYY/MM/DD") and "HH:MM:SS" into a LOCAL stamp; TT_ERR
 * when either is not of that shape. */
int tt_stamp_from_date_time(struct tt_slice date, struct tt_slice time, struct tt_stamp *out);
/* "+0900", "-05:00", "+09", "Z", "UTC", "GMT" into seconds east; TT_ERR
 * otherwise. */
int tt_parse_utc_offset(struct tt_slice s, int32_t *out_s);

/* "Mmm dd yyyy hh:mm:ss[.fff][ UTC|GMT|Z|+hh:mm]" (ASA with year, CEF rt,
 * LEEF devTime) at p: LOCAL stamp with year, OFFSET when a zone is given.
 * Returns the bytes consumed, 0 when p is not of that form. */
size_t tt_parse_mdy_stamp(const char *p, size_t len, struct tt_stamp *out);

/* "MM/DD/YYYY-hh:mm:ss[.frac]", "MM/DD/YY-..." or "MM/DD-..." at p (Snort
 * and Suricata fast.log): fills out (local time, year 0 when absent) and
 * *out_year_digits (4, 2 or 0); returns bytes consumed or 0. */
size_t tt_fast_stamp(const char *p, size_t len, struct tt_stamp *out, int *out_year_digits);

/* Makes a wall-clock stamp one at a known UTC offset (off_s seconds east;
 * 0 for a record that says UTC/GMT or is UTC by definition). */
static inline void tt_stamp_set_offset(struct tt_stamp *st, int32_t off_s)
{
    st->kind = TT_STAMP_OFFSET;
    st->offset_s = off_s;
}

/* Seconds since 1970 of a stamp a parser just read, for the expiry of its
 * own state (the pipeline's ctx->now_s is the previous line's time when a
 * line has no syslog header): offset and epoch stamps exactly, local stamps
 * read as UTC (off by the zone offset, consistently within a stream);
 * fallback when the stamp is empty or has no year. */
int64_t tt_stamp_epoch_or(const struct tt_stamp *st, int64_t fallback);

#endif
