/* SPDX-License-Identifier: MIT
 *
 * time.c -- calendar arithmetic, time zones and the per-stream clock
 * (docs/COUNTING.md#time).
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
#include "common/tt.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define TT_DAY_S 86400

/* ------------------------------------------------------------------------
 * Civil calendar. Howard Hinnant's days_from_civil / civil_from_days: exact
 * for the proleptic Gregorian calendar over the whole int range, no tables,
 * no libc. https://howardhinnant.github.io/date_algorithms.html
 * ------------------------------------------------------------------------ */

int64_t tt_days_from_civil(int y, unsigned m, unsigned d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;                                        /* [0, 399] */
    int64_t doy = (153 * ((int64_t)m + (m > 2 ? -3 : 9)) + 2) / 5 + (int64_t)d - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                 /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void tt_civil_from_days(int64_t days, int *out_y, unsigned *out_m, unsigned *out_d)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;                                      /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                                    /* [0, 11] */
    unsigned d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    unsigned m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *out_y = (int)(y + (m <= 2));
    *out_m = m;
    *out_d = d;
}

int64_t tt_timegm(int y, unsigned mon, unsigned mday, unsigned h, unsigned mi, unsigned s)
{
    return tt_days_from_civil(y, mon, mday) * TT_DAY_S + (int64_t)h * 3600 + (int64_t)mi * 60 + (int64_t)s;
}

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned tt_days_in_month(int y, unsigned m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 ? 28u + (unsigned)is_leap(y) : dim[m - 1];
}

/* Second 60 is accepted: a leap second is a real (if rare) calendar time, and
 * the clock folds it into :59. */
int tt_civil_valid(int y, unsigned m, unsigned d, unsigned h, unsigned mi, unsigned s)
{
    if (m < 1 || m > 12 || d < 1 || h > 23 || mi > 59 || s > 60)
        return 0;
    return d <= tt_days_in_month(y, m);
}

/* Floor division by a day, correct for instants before 1970. */
int64_t tt_floor_days(int64_t t)
{
    int64_t d = t / TT_DAY_S;
    return (t % TT_DAY_S < 0) ? d - 1 : d;
}


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

/* ------------------------------------------------------------------------
 * Text parsers. They read only [p, p+len), never allocate, and return 0 on
 * anything that is not exactly their form.
 * ------------------------------------------------------------------------ */

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static int two_digits(const char *p, unsigned *out)
{
    if (!is_digit(p[0]) || !is_digit(p[1]))
        return 0;
    *out = (unsigned)(p[0] - '0') * 10 + (unsigned)(p[1] - '0');
    return 1;
}

/* "hh:mm:ss" at p (8 bytes available). */
static int parse_hms(const char *p, unsigned *h, unsigned *mi, unsigned *s)
{
    return two_digits(p, h) && p[2] == ':' && two_digits(p + 3, mi) && p[5] == ':' && two_digits(p + 6, s) &&
           *h <= 23 && *mi <= 59 && *s <= 60;
}

/* Optional ".123456" / ",123": consumed and dropped, since buckets are
 * minutes. A separator without digits is not part of the stamp. */
static size_t skip_fraction(const char *p, size_t len, size_t i)
{
    if (i + 1 < len && (p[i] == '.' || p[i] == ',') && is_digit(p[i + 1])) {
        i++;
        while (i < len && is_digit(p[i]))
            i++;
    }
    return i;
}

static int month_from_name(const char *p)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    char l[3];
    for (int i = 0; i < 3; i++)
        l[i] = (char)((p[i] >= 'A' && p[i] <= 'Z') ? p[i] + 32 : p[i]);
    for (int m = 0; m < 12; m++)
        if (memcmp(names + 3 * m, l, 3) == 0)
            return m + 1;
    return 0;
}

size_t tt_parse_bsd_stamp(const char *p, size_t len, struct tt_stamp *out)
{
    unsigned mday, h, mi, s;
    size_t i;
    if (!p || len < 14)
        return 0;
    int mon = month_from_name(p);
    if (mon == 0 || p[3] != ' ')
        return 0;
    if (p[4] == ' ' && is_digit(p[5])) { /* "Feb  1" */
        mday = (unsigned)(p[5] - '0');
        i = 6;
    } else if (two_digits(p + 4, &mday)) { /* "Feb 01", "Feb 21" */
        i = 6;
    } else if (is_digit(p[4]) && p[5] == ' ') { /* "Feb 1", not RFC but common */
        mday = (unsigned)(p[4] - '0');
        i = 5;
    } else {
        return 0;
    }
    if (mday < 1 || mday > 31 || i + 9 > len || p[i] != ' ' || !parse_hms(p + i + 1, &h, &mi, &s))
        return 0;
    i = skip_fraction(p, len, i + 9);
    if (i < len && is_digit(p[i]))
        return 0;
    memset(out, 0, sizeof(*out));
    out->kind = TT_STAMP_LOCAL;
    out->mon = (uint8_t)mon;
    out->mday = (uint8_t)mday;
    out->hour = (uint8_t)h;
    out->min = (uint8_t)mi;
    out->sec = (uint8_t)(s == 60 ? 59 : s);
    return i;
}

#define ISO_DATE_ONLY 1u  /* accept "2018-02-01" alone (command line) */
#define ISO_NO_SECONDS 2u /* accept "2018-02-01T00:00" (command line) */

/* "+hh:mm", "+hhmm", "+hh", "Z" at p[i]; returns the index after it, or i
 * when there is none. *found is 1 for an offset, 0 for none and -1 for a
 * sign that does not start a well-formed offset ("+5", "+05:3", "+25:00"). */
static size_t parse_offset(const char *p, size_t len, size_t i, int32_t *out, int *found)
{
    unsigned hh, mm = 0;
    *found = 0;
    if (i < len && (p[i] == 'Z' || p[i] == 'z')) {
        *out = 0;
        *found = 1;
        return i + 1;
    }
    if (i >= len || (p[i] != '+' && p[i] != '-'))
        return i;
    *found = -1;
    if (i + 3 > len || !two_digits(p + i + 1, &hh))
        return i;
    size_t j = i + 3;
    if (j < len && p[j] == ':') { /* "+hh:" must go on with two digits */
        if (j + 3 > len || !two_digits(p + j + 1, &mm))
            return i;
        j += 3;
    } else if (j + 2 <= len && two_digits(p + j, &mm)) {
        j += 2;
    }
    if ((j < len && is_digit(p[j])) || hh > 23 || mm > 59)
        return i;
    *out = (p[i] == '-' ? -1 : 1) * (int32_t)(hh * 3600 + mm * 60);
    *found = 1;
    return j;
}

static size_t parse_iso(const char *p, size_t len, struct tt_stamp *out, unsigned flags)
{
    unsigned y4, y2, mon, mday, h = 0, mi = 0, s = 0;
    if (!p || len < 10)
        return 0;
    if (!two_digits(p, &y4) || !two_digits(p + 2, &y2) || p[4] != '-' || !two_digits(p + 5, &mon) ||
        p[7] != '-' || !two_digits(p + 8, &mday))
        return 0;
    int year = (int)(y4 * 100 + y2);
    if (year == 0 || mon < 1 || mon > 12 || mday < 1 || mday > 31)
        return 0;
    size_t i = 10;
    if (i + 6 <= len && (p[i] == 'T' || p[i] == 't' || p[i] == ' ') && two_digits(p + i + 1, &h) &&
        p[i + 3] == ':' && two_digits(p + i + 4, &mi)) {
        i += 6;
        if (i + 3 <= len && p[i] == ':' && two_digits(p + i + 1, &s)) {
            i += 3;
            i = skip_fraction(p, len, i);
        } else if (!(flags & ISO_NO_SECONDS)) {
            return 0;
        }
        if (h > 23 || mi > 59 || s > 60)
            return 0;
    } else if (!(flags & ISO_DATE_ONLY)) {
        return 0;
    }
    memset(out, 0, sizeof(*out));
    int found;
    int32_t off = 0;
    if (i > 10) /* an offset only follows a time of day */
        i = parse_offset(p, len, i, &off, &found);
    else
        found = 0;
    if (found < 0 || (i < len && is_digit(p[i])))
        return 0;
    out->kind = found ? TT_STAMP_OFFSET : TT_STAMP_LOCAL;
    out->offset_s = off;
    out->year = (int16_t)year;
    out->mon = (uint8_t)mon;
    out->mday = (uint8_t)mday;
    out->hour = (uint8_t)h;
    out->min = (uint8_t)mi;
    out->sec = (uint8_t)(s == 60 ? 59 : s);
    return i;
}

size_t tt_parse_iso8601(const char *p, size_t len, struct tt_stamp *out)
{
    return parse_iso(p, len, out, 0);
}

int tt_parse_time_arg(const char *s, const struct tt_zone *zone, int64_t *out_utc_s)
{
    struct tt_stamp st;
    if (!s)
        return TT_ERR;
    size_t len = strlen(s);
    if (len == 0 || parse_iso(s, len, &st, ISO_DATE_ONLY | ISO_NO_SECONDS) != len)
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
