/* SPDX-License-Identifier: MIT
 *
 * time.c -- the per-stream clock and the command-line forms of time
 * (common/time.h, docs/COUNTING.md#time), on top of common/calendar.c,
 * common/stamp.c and common/zone.c.
 *
 * Parsers only record what a line says (struct tt_stamp); this file turns
 * that into UTC seconds, with the zones of common/zone.c.
 *
 * A struct tt_clock, one per input stream, adds what a single line cannot
 * know: the missing year (--year or inferred, advancing on December ->
 * January) and which pass of a repeated autumn hour a wall time belongs to.
 * It also caches the last span of local time with one fixed offset, so the
 * common case costs a date computation and two comparisons.
 */
#include "common/time.h"
#include "common/calendar.h"
#include "common/stamp.h"
#include "common/tt.h"
#include "common/zone.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define TT_DAY_S 86400

/* ------------------------------------------------------------------------
 * The per-stream clock.
 * ------------------------------------------------------------------------ */

void tt_clock_init(struct tt_clock *c, const struct tt_zone *zone, int fixed_year, int64_t now_s)
{
    memset(c, 0, sizeof(*c));
    c->zone = zone;
    c->now_s = now_s;
    c->fixed_year = fixed_year;
    c->last_utc_s = INT64_MIN;
    /* cache_lo == cache_hi: the cache starts empty */
}

/* The year of the first year-less stamp when --year is not given: of last,
 * this and next year (of now, in the zone), the one closest to now but not
 * more than 31 days ahead, since logs may be written by a slightly fast clock
 * or read a little after New Year, but never come from the future. 0 when no
 * candidate year has that date (Feb 29). */
static int clock_infer_year(const struct tt_clock *c, const struct tt_stamp *st)
{
    int64_t now_local = c->now_s + tt_zone_offset_at(c->zone, c->now_s);
    int ny, best = 0;
    unsigned m, d;
    int64_t best_dist = INT64_MAX;
    tt_civil_from_days(tt_floor_days(now_local), &ny, &m, &d);
    for (int y = ny - 1; y <= ny + 1; y++) {
        if (!tt_civil_valid(y, st->mon, st->mday, st->hour, st->min, st->sec))
            continue;
        int64_t diff = tt_timegm(y, st->mon, st->mday, st->hour, st->min, st->sec) - now_local;
        if (diff > 31 * (int64_t)TT_DAY_S)
            continue;
        int64_t dist = diff < 0 ? -diff : diff;
        if (dist < best_dist) {
            best_dist = dist;
            best = y;
        }
    }
    return best;
}

int tt_clock_resolve(struct tt_clock *c, const struct tt_stamp *st, int64_t *out_utc_s)
{
    if (st->kind == TT_STAMP_EPOCH) {
        *out_utc_s = c->last_utc_s = st->epoch_s;
        c->resolved++;
        return TT_OK;
    }
    if (st->kind != TT_STAMP_LOCAL && st->kind != TT_STAMP_OFFSET)
        return TT_ERR;

    /* Year: the line's own, else the stream's. State changes are computed
     * aside and committed only once the date proved valid. */
    int y = st->year, new_year = c->year, new_mon = c->last_mon;
    if (y == 0) {
        if (c->year == 0) {
            new_year = c->fixed_year ? c->fixed_year : clock_infer_year(c, st);
            if (new_year == 0)
                return TT_ERR;
            new_mon = st->mon;
            y = new_year;
        } else {
            int step = (int)st->mon - c->last_mon;
            if (step < -6) { /* December -> January: a new year */
                new_year = c->year + 1;
                new_mon = st->mon;
                y = new_year;
            } else if (step > 6) {
                y = c->year - 1; /* a late line from before New Year: this line only */
            } else {
                new_mon = st->mon;
                y = c->year;
            }
        }
    }
    if (!tt_civil_valid(y, st->mon, st->mday, st->hour, st->min, st->sec))
        return TT_ERR;
    c->year = new_year;
    c->last_mon = new_mon;

    unsigned sec = st->sec == 60 ? 59 : st->sec; /* fold a leap second into :59 */
    int64_t local_s = tt_timegm(y, st->mon, st->mday, st->hour, st->min, sec);
    int64_t utc_s;

    if (st->kind == TT_STAMP_OFFSET) {
        utc_s = local_s - st->offset_s;
    } else if (TT_LIKELY(local_s >= c->cache_lo_local_s && local_s < c->cache_hi_local_s)) {
        utc_s = local_s - c->cache_off_s; /* the hot path: same offset span as before */
    } else {
        struct tt_zone_hit h;
        tt_zone_lookup_local(c->zone, local_s, &h);
        if (h.n == 1) {
            utc_s = h.first;
            c->cache_lo_local_s = h.lo;
            c->cache_hi_local_s = h.hi;
            c->cache_off_s = h.off;
            /* A wall time past the tracked fold: any later line inside the
             * fold is a late line of its second pass. The cache is emptied
             * when a fold is entered, so such lines always come this way. */
            if (c->fold_local_s && !c->fold_second_pass && local_s >= c->fold_end_local_s)
                c->fold_second_pass = 1;
        } else if (h.n == 2) {
            c->ambiguous++;
            if (c->fold_local_s != h.lo) {
                c->fold_local_s = h.lo;
                c->fold_end_local_s = h.hi;
                c->fold_max_local_s = local_s;
                c->fold_second_pass = 0;
                c->cache_lo_local_s = c->cache_hi_local_s = 0;
            } else {
                /* Allow a minute of jitter (lines from several threads)
                 * before deciding that the clock went back. */
                if (!c->fold_second_pass && c->fold_max_local_s - local_s > 60)
                    c->fold_second_pass = 1;
                if (local_s > c->fold_max_local_s)
                    c->fold_max_local_s = local_s;
            }
            utc_s = c->fold_second_pass ? h.second : h.first;
        } else {
            c->gap++;
            utc_s = h.first;
        }
    }
    *out_utc_s = c->last_utc_s = utc_s;
    c->resolved++;
    return TT_OK;
}
int tt_parse_time_arg(const char *s, const struct tt_zone *zone, int64_t *out_utc_s)
{
    struct tt_stamp st;
    if (!s)
        return TT_ERR;
    size_t len = strlen(s);
    if (len == 0 || tt_parse_iso8601_arg(s, len, &st) != len)
        return TT_ERR;
    if (!tt_civil_valid(st.year, st.mon, st.mday, st.hour, st.min, st.sec))
        return TT_ERR;
    int64_t local_s = tt_timegm(st.year, st.mon, st.mday, st.hour, st.min, st.sec);
    if (st.kind == TT_STAMP_OFFSET) {
        *out_utc_s = local_s - st.offset_s;
    } else {
        int64_t second;
        /* First pass of a repeated hour; a time in the gap moves forward. */
        tt_zone_local_to_utc(zone, local_s, out_utc_s, &second);
    }
    return TT_OK;
}

/* Units must come largest first, each at most once ("1d12h", not "12h1d"),
 * so that a typo such as "1h1h" is an error rather than a guess. */
int tt_parse_duration(const char *s, int64_t *out_s)
{
    static const char units[] = "wdhms";
    static const int64_t mult[] = {7 * 86400, 86400, 3600, 60, 1};
    int64_t total = 0;
    int next_unit = 0;
    if (!s || !*s)
        return TT_ERR;
    while (*s) {
        uint64_t v;
        size_t n = tt_parse_u64(s, strlen(s), &v);
        if (n == 0 || n > 19)
            return TT_ERR;
        s += n;
        const char *u = *s ? strchr(units + next_unit, *s) : NULL;
        if (!u)
            return TT_ERR;
        int k = (int)(u - units);
        if (v > (uint64_t)(INT64_MAX - total) / (uint64_t)mult[k])
            return TT_ERR;
        total += (int64_t)v * mult[k];
        next_unit = k + 1;
        s++;
    }
    if (total <= 0)
        return TT_ERR;
    *out_s = total;
    return TT_OK;
}

size_t tt_format_iso_utc(int64_t utc_s, char *buf, size_t len)
{
    int64_t days = tt_floor_days(utc_s), sod = utc_s - days * TT_DAY_S;
    int y;
    unsigned m, d;
    tt_civil_from_days(days, &y, &m, &d);
    if (!buf || len == 0)
        return 0;
    int n = snprintf(buf, len, "%04d-%02u-%02uT%02u:%02u:%02uZ", y, m, d, (unsigned)(sod / 3600),
                     (unsigned)(sod / 60 % 60), (unsigned)(sod % 60));
    if (n < 0 || (size_t)n >= len) {
        buf[0] = '\0';
        return 0;
    }
    return (size_t)n;
}

/* Offsets that are not whole minutes (local mean time before ~1900) cannot
 * be written as +hh:mm; those instants are written in UTC so the text still
 * names the right instant. */
size_t tt_format_iso_local(const struct tt_zone *z, int64_t utc_s, char *buf, size_t len)
{
    int32_t off = tt_zone_offset_at(z, utc_s);
    if (!buf || len == 0)
        return 0;
    if (off % 60 != 0)
        off = 0;
    int64_t local_s = utc_s + off, days = tt_floor_days(local_s), sod = local_s - days * TT_DAY_S;
    int y;
    unsigned m, d;
    tt_civil_from_days(days, &y, &m, &d);
    int32_t a = off < 0 ? -off : off;
    int n = snprintf(buf, len, "%04d-%02u-%02uT%02u:%02u:%02u%c%02d:%02d", y, m, d, (unsigned)(sod / 3600),
                     (unsigned)(sod / 60 % 60), (unsigned)(sod % 60), off < 0 ? '-' : '+', (int)(a / 3600),
                     (int)(a / 60 % 60));
    if (n < 0 || (size_t)n >= len) {
        buf[0] = '\0';
        return 0;
    }
    return (size_t)n;
}
