/* SPDX-License-Identifier: MIT
 *
 * zone.c -- time zones (common/zone.h), above common/calendar.c and below
 * the per-stream clock of common/time.c: a struct tt_zone is read once
 * from the system's tz database (a TZif file, RFC 8536, plus the POSIX TZ
 * rule in its footer for the years after its last transition, since Debian
 * may ship "slim" files) into a flat table of UTC offset changes covering
 * history up to TT_ZONE_LAST_YEAR. After creation a zone is immutable, so
 * any number of threads may share it, and no libc time zone function
 * (tzset, localtime) is ever called per line.
 */
#include "common/zone.h"
#include "common/calendar.h"
#include "common/stamp.h"
#include "common/tt.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TT_ZONE_LAST_YEAR 2100         /* footer rules are expanded up to here */
#define TT_ZONE_MAX_OFF_S (26 * 3600)  /* RFC 8536: offsets stay within -25h..+26h */
#define TT_ZONE_MAX_FILE (1024 * 1024) /* real TZif files are a few KiB */
#define TT_ZONEINFO_DIR "/usr/share/zoneinfo"
#define TT_DAY_S 86400

static void set_err(char *err, size_t errlen, const char *fmt, ...) TT_PRINTF(3, 4);
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------------------
 * Zones.
 *
 * A zone is the offset in force before any change (initial_off_s) plus the
 * ascending instants at[i] from which off[i] applies. Changes that only
 * rename the zone or flip isdst without moving the clock are dropped, so every
 * entry is a real jump of the wall clock: forward (a gap in local time) or
 * backward (a fold, the repeated hour).
 * ------------------------------------------------------------------------ */

struct tt_zone {
    char *name;            /* "Europe/London", owned */
    int32_t initial_off_s; /* offset before at[0] (or always, when count == 0) */
    size_t count;          /* number of offset changes */
    size_t cap;            /* allocated entries of at/off while building */
    int64_t *at;           /* UTC instant of each change, strictly ascending */
    int32_t *off;          /* offset from at[i] on, east positive */
};

static int zone_push(struct tt_zone *z, int64_t at, int32_t off)
{
    int32_t cur = z->count ? z->off[z->count - 1] : z->initial_off_s;
    if (off == cur)
        return TT_OK; /* no wall-clock jump: nothing to record */
    if (z->count && at <= z->at[z->count - 1])
        return TT_ERR;
    if (z->count == z->cap) {
        size_t ncap = z->cap ? z->cap * 2 : 64;
        int64_t *nat = realloc(z->at, ncap * sizeof(*nat));
        if (!nat)
            return TT_ERR;
        z->at = nat;
        int32_t *noff = realloc(z->off, ncap * sizeof(*noff));
        if (!noff)
            return TT_ERR;
        z->off = noff;
        z->cap = ncap;
    }
    z->at[z->count] = at;
    z->off[z->count] = off;
    z->count++;
    return TT_OK;
}

/* Offset of period p, where period -1 is everything before at[0] and period
 * p >= 0 is [at[p], at[p+1]). */
static int32_t period_off(const struct tt_zone *z, ptrdiff_t p)
{
    return p < 0 ? z->initial_off_s : z->off[p];
}

/* Index of the last change at or before utc_s, -1 when none. */
static ptrdiff_t zone_period_at(const struct tt_zone *z, int64_t utc_s)
{
    size_t lo = 0, hi = z->count; /* answer + 1 lies in [lo, hi] */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->at[mid] <= utc_s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (ptrdiff_t)lo - 1;
}

/* Local (wall-clock) range of period p: [start, end). */
static int64_t period_local_start(const struct tt_zone *z, ptrdiff_t p)
{
    return p < 0 ? INT64_MIN : z->at[p] + period_off(z, p);
}

static int64_t period_local_end(const struct tt_zone *z, ptrdiff_t p)
{
    return (size_t)(p + 1) >= z->count ? INT64_MAX : z->at[p + 1] + period_off(z, p);
}

const char *tt_zone_name(const struct tt_zone *z)
{
    return z ? z->name : "UTC";
}

int32_t tt_zone_offset_at(const struct tt_zone *z, int64_t utc_s)
{
    if (!z)
        return 0;
    return period_off(z, zone_period_at(z, utc_s));
}

void tt_zone_lookup_local(const struct tt_zone *z, int64_t local_s, struct tt_zone_hit *h)
{
    memset(h, 0, sizeof(*h));
    if (!z || z->count == 0) {
        int32_t off = z ? z->initial_off_s : 0;
        h->n = 1;
        h->first = local_s - off;
        h->lo = INT64_MIN;
        h->hi = INT64_MAX;
        h->off = off;
        return;
    }
    /* A period p can show local_s only if local_s - off[p] lies inside it;
     * with offsets bounded by TT_ZONE_MAX_OFF_S that narrows p to the few
     * periods around local_s read as UTC. Saturate: callers may pass extreme
     * values. */
    int64_t a = local_s > INT64_MIN + TT_ZONE_MAX_OFF_S ? local_s - TT_ZONE_MAX_OFF_S : INT64_MIN;
    int64_t b = local_s < INT64_MAX - TT_ZONE_MAX_OFF_S ? local_s + TT_ZONE_MAX_OFF_S : INT64_MAX;
    ptrdiff_t p_lo = zone_period_at(z, a), p_hi = zone_period_at(z, b);
    ptrdiff_t found[2] = {0, 0};
    for (ptrdiff_t p = p_lo; p <= p_hi; p++) {
        if (local_s >= period_local_start(z, p) && local_s < period_local_end(z, p)) {
            if (h->n < 2)
                found[h->n] = p;
            else
                found[1] = p; /* pathological triple overlap: keep the extremes */
            h->n = h->n < 2 ? h->n + 1 : 2;
        }
    }
    if (h->n == 1) {
        ptrdiff_t p = found[0];
        h->off = period_off(z, p);
        h->first = local_s - h->off;
        /* The span where p is the only reading: its own local range minus
         * whatever its neighbours' local ranges overlap. */
        h->lo = period_local_start(z, p);
        h->hi = period_local_end(z, p);
        for (ptrdiff_t q = p - 1; q >= -1 && q >= p - 4; q--) {
            int64_t e = period_local_end(z, q);
            if (e > h->lo && e <= local_s)
                h->lo = e;
        }
        for (ptrdiff_t q = p + 1; (size_t)q < z->count && q <= p + 4; q++) {
            int64_t s = period_local_start(z, q);
            if (s < h->hi && s > local_s)
                h->hi = s;
        }
    } else if (h->n == 2) {
        h->first = local_s - period_off(z, found[0]);
        h->second = local_s - period_off(z, found[1]);
        h->lo = period_local_start(z, found[1]);
        h->hi = period_local_end(z, found[0]);
    } else {
        /* Gap: the wall clock jumped over local_s at some change i; read it
         * with the offset in force before the jump, which lands just after. */
        h->first = local_s - period_off(z, zone_period_at(z, local_s));
        for (ptrdiff_t i = p_lo + 1; i <= p_hi && (size_t)i < z->count; i++) {
            int64_t before = z->at[i] + period_off(z, i - 1), after = z->at[i] + z->off[i];
            if (local_s >= before && local_s < after) {
                h->first = local_s - period_off(z, i - 1);
                h->lo = before;
                h->hi = after;
                break;
            }
        }
    }
}

int tt_zone_local_to_utc(const struct tt_zone *z, int64_t local_s, int64_t *out_first, int64_t *out_second)
{
    struct tt_zone_hit h;
    tt_zone_lookup_local(z, local_s, &h);
    if (out_first)
        *out_first = h.first;
    if (out_second)
        *out_second = h.n == 2 ? h.second : h.first;
    return h.n;
}

void tt_zone_utc_to_local(const struct tt_zone *z, int64_t utc_s, struct tt_stamp *out)
{
    int32_t off = tt_zone_offset_at(z, utc_s);
    int64_t local_s = utc_s + off;
    int64_t days = tt_floor_days(local_s);
    int64_t sod = local_s - days * TT_DAY_S;
    int y;
    unsigned m, d;
    tt_civil_from_days(days, &y, &m, &d);
    memset(out, 0, sizeof(*out));
    out->kind = TT_STAMP_OFFSET; /* the offset is known, so the stamp is exact */
    out->year = (int16_t)y;
    out->mon = (uint8_t)m;
    out->mday = (uint8_t)d;
    out->hour = (uint8_t)(sod / 3600);
    out->min = (uint8_t)(sod / 60 % 60);
    out->sec = (uint8_t)(sod % 60);
    out->offset_s = off;
    out->epoch_s = utc_s;
}

void tt_zone_destroy(struct tt_zone *z)
{
    if (!z)
        return;
    free(z->name);
    free(z->at);
    free(z->off);
    free(z);
}

/* ---- POSIX TZ rules ("GMT0BST,M3.5.0/1,M10.5.0"), the TZif footer ------- */

struct posix_date {
    char kind;      /* 'J' (1..365, no Feb 29), 'n' (0..365 zero-based), 'M' */
    int n;          /* day for 'J' and 'n' */
    int m, w, d;    /* month, week 1..5 (5 = last), weekday 0 = Sunday for 'M' */
    int32_t time_s; /* local time of day of the change, may be < 0 or > 24h */
};

struct posix_tz {
    int32_t std_off_s;        /* east positive */
    int32_t dst_off_s;        /* east positive */
    int has_dst;              /* 1 when the rule has a summer time */
    struct posix_date start;  /* change to summer time, in standard time */
    struct posix_date end;    /* change back, in summer time */
};

static const char *posix_name(const char *s)
{
    if (*s == '<') {
        const char *e = strchr(s, '>');
        return (e && e - s >= 2) ? e + 1 : NULL;
    }
    const char *p = s;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
        p++;
    return p - s >= 3 ? p : NULL;
}

static int posix_num(const char **sp, int maxv, int *out)
{
    const char *s = *sp;
    int v = 0, nd = 0;
    while (*s >= '0' && *s <= '9' && nd < 4) {
        v = v * 10 + (*s - '0');
        s++;
        nd++;
    }
    if (nd == 0 || v > maxv)
        return TT_ERR;
    *sp = s;
    *out = v;
    return TT_OK;
}

/* [+-]hh[:mm[:ss]] into seconds; max_h is 24 for offsets, 167 for rule
 * times (RFC 8536 extension). */
static int posix_hms(const char **sp, int max_h, int32_t *out)
{
    const char *s = *sp;
    int sign = 1, h = 0, mi = 0, se = 0;
    if (*s == '+' || *s == '-')
        sign = *s++ == '-' ? -1 : 1;
    if (posix_num(&s, max_h, &h) != TT_OK)
        return TT_ERR;
    if (*s == ':') {
        s++;
        if (posix_num(&s, 59, &mi) != TT_OK)
            return TT_ERR;
        if (*s == ':') {
            s++;
            if (posix_num(&s, 59, &se) != TT_OK)
                return TT_ERR;
        }
    }
    *sp = s;
    *out = sign * (h * 3600 + mi * 60 + se);
    return TT_OK;
}

static int posix_date_parse(const char **sp, struct posix_date *d)
{
    const char *s = *sp;
    memset(d, 0, sizeof(*d));
    d->time_s = 7200; /* POSIX default: 02:00 */
    if (*s == 'M') {
        s++;
        d->kind = 'M';
        if (posix_num(&s, 12, &d->m) != TT_OK || d->m < 1 || *s++ != '.' ||
            posix_num(&s, 5, &d->w) != TT_OK || d->w < 1 || *s++ != '.' ||
            posix_num(&s, 6, &d->d) != TT_OK)
            return TT_ERR;
    } else if (*s == 'J') {
        s++;
        d->kind = 'J';
        if (posix_num(&s, 365, &d->n) != TT_OK || d->n < 1)
            return TT_ERR;
    } else {
        d->kind = 'n';
        if (posix_num(&s, 365, &d->n) != TT_OK)
            return TT_ERR;
    }
    if (*s == '/') {
        s++;
        if (posix_hms(&s, 167, &d->time_s) != TT_OK)
            return TT_ERR;
    }
    *sp = s;
    return TT_OK;
}

static int posix_parse(const char *s, struct posix_tz *tz)
{
    int32_t west;
    memset(tz, 0, sizeof(*tz));
    if (!(s = posix_name(s)) || posix_hms(&s, 24, &west) != TT_OK)
        return TT_ERR;
    tz->std_off_s = -west;
    if (*s == '\0')
        return TT_OK;
    if (!(s = posix_name(s)))
        return TT_ERR;
    tz->has_dst = 1;
    tz->dst_off_s = tz->std_off_s + 3600;
    if (*s != ',' && *s != '\0') {
        if (posix_hms(&s, 24, &west) != TT_OK)
            return TT_ERR;
        tz->dst_off_s = -west;
    }
    if (*s == '\0') {
        /* No rule given: POSIX leaves it to the implementation; glibc and
         * musl use the current US rule. */
        const char *us = ",M3.2.0,M11.1.0";
        s = us;
    }
    if (*s++ != ',' || posix_date_parse(&s, &tz->start) != TT_OK || *s++ != ',' ||
        posix_date_parse(&s, &tz->end) != TT_OK || *s != '\0')
        return TT_ERR;
    return TT_OK;
}

/* Local seconds (as if UTC) at which rule date d happens in year y. */
static int64_t posix_date_local(const struct posix_date *d, int y)
{
    int64_t day;
    if (d->kind == 'J') {
        day = tt_days_from_civil(y, 1, 1) + d->n - 1 + (tt_days_in_month(y, 2) == 29 && d->n >= 60);
    } else if (d->kind == 'n') {
        day = tt_days_from_civil(y, 1, 1) + d->n;
    } else {
        int64_t first = tt_days_from_civil(y, (unsigned)d->m, 1);
        int64_t wd = ((first + 4) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */
        day = first + (d->d - wd + 7) % 7 + (int64_t)(d->w - 1) * 7;
        while (day - first >= tt_days_in_month(y, (unsigned)d->m))
            day -= 7; /* week 5 means the last one */
    }
    return day * TT_DAY_S + d->time_s;
}

/* Records a change made by the footer rule. The rule takes over at the last
 * transition of the file (`after`), and zic's slim files put the first rule
 * change exactly there, so a change at the same instant replaces the entry. */
static int zone_push_rule(struct tt_zone *z, int64_t at, int32_t off, int64_t after)
{
    if (at < after)
        return TT_OK;
    if (z->count && at == z->at[z->count - 1]) {
        z->count--;
        return zone_push(z, at, off);
    }
    if (z->count && at < z->at[z->count - 1])
        return TT_OK;
    return zone_push(z, at, off);
}

/* Appends the rule's changes from instant `after` (the file's last
 * transition, INT64_MIN for a bare rule, which then describes all of time)
 * up to TT_ZONE_LAST_YEAR. */
static int zone_apply_posix(struct tt_zone *z, const struct posix_tz *tz, int64_t after)
{
    if (!tz->has_dst) {
        if (after == INT64_MIN)
            z->initial_off_s = tz->std_off_s;
        return TT_OK;
    }
    /* Start the year before the table ends (a change late in that year may
     * still follow it). A bare rule applies from 1970 on, as in glibc; a
     * table that ends in prehistory is followed from 1900 on. */
    int y0 = after == INT64_MIN ? 1970 : 1900;
    if (after > tt_timegm(1901, 1, 1, 0, 0, 0)) {
        unsigned m, d;
        tt_civil_from_days(tt_floor_days(after), &y0, &m, &d);
        y0--;
    }
    /* "Summer time all year" is written as a start on Jan 1 and an end after
     * Dec 31 (e.g. "EST5EDT,0/0,J365/25"): the standard-time stretch between
     * one year's end and the next year's start is not longer than the
     * difference of the offsets. */
    int64_t s0 = posix_date_local(&tz->start, y0) - tz->std_off_s;
    int64_t e0 = posix_date_local(&tz->end, y0) - tz->dst_off_s;
    int64_t s1 = posix_date_local(&tz->start, y0 + 1) - tz->std_off_s;
    if (s0 < e0 && s1 - e0 <= (int64_t)tz->dst_off_s - tz->std_off_s) {
        if (after == INT64_MIN)
            z->initial_off_s = tz->std_off_s;
        return zone_push_rule(z, s0 > after ? s0 : after, tz->dst_off_s, after);
    }
    if (after == INT64_MIN)
        z->initial_off_s = e0 < s0 ? tz->dst_off_s : tz->std_off_s; /* southern */
    for (int y = y0; y <= TT_ZONE_LAST_YEAR; y++) {
        int64_t s = posix_date_local(&tz->start, y) - tz->std_off_s;
        int64_t e = posix_date_local(&tz->end, y) - tz->dst_off_s;
        int64_t t1 = s < e ? s : e, t2 = s < e ? e : s;
        int32_t o1 = s < e ? tz->dst_off_s : tz->std_off_s, o2 = s < e ? tz->std_off_s : tz->dst_off_s;
        if (zone_push_rule(z, t1, o1, after) != TT_OK || zone_push_rule(z, t2, o2, after) != TT_OK)
            return TT_ERR;
    }
    return TT_OK;
}

/* ---- TZif files (RFC 8536) ---------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct tzif_counts {
    uint32_t isut, isstd, leap, time, type, chars; /* header counts, in file order */
};

static int tzif_header(const unsigned char *p, size_t len, struct tzif_counts *c, size_t *out_block, int v2)
{
    if (len < 44 || memcmp(p, "TZif", 4) != 0)
        return TT_ERR;
    c->isut = be32(p + 20);
    c->isstd = be32(p + 24);
    c->leap = be32(p + 28);
    c->time = be32(p + 32);
    c->type = be32(p + 36);
    c->chars = be32(p + 40);
    /* The file is at most TT_ZONE_MAX_FILE bytes, so larger counts are lies;
     * bounding them first keeps the size arithmetic from overflowing. */
    if (c->type == 0 || c->type > 256 || c->time > TT_ZONE_MAX_FILE || c->leap > TT_ZONE_MAX_FILE ||
        c->chars > TT_ZONE_MAX_FILE || c->isut > 256 || c->isstd > 256)
        return TT_ERR;
    size_t tsz = v2 ? 8 : 4;
    *out_block = (size_t)c->time * (tsz + 1) + (size_t)c->type * 6 + c->chars + (size_t)c->leap * (tsz + 4) +
                 c->isstd + c->isut;
    return 44 + *out_block <= len ? TT_OK : TT_ERR;
}

static int zone_load_tzif(struct tt_zone *z, const unsigned char *buf, size_t len, char *err, size_t errlen,
                          const char *what)
{
    struct tzif_counts c;
    size_t block;
    if (tzif_header(buf, len, &c, &block, 0) != TT_OK) {
        set_err(err, errlen, "time zone file %s is not a valid TZif file", what);
        return TT_ERR;
    }
    const unsigned char *p = buf;
    int v2 = buf[4] >= '2';
    size_t tsz = 4;
    if (v2) {
        /* Skip the 32-bit data; the 64-bit section covers all of time. */
        p = buf + 44 + block;
        if (tzif_header(p, len - 44 - block, &c, &block, 1) != TT_OK) {
            set_err(err, errlen, "time zone file %s has a damaged 64-bit section", what);
            return TT_ERR;
        }
        tsz = 8;
    }
    if (c.leap) {
        set_err(err, errlen, "time zone %s counts leap seconds ('right/' zones are not supported)", what);
        return TT_ERR;
    }
    const unsigned char *times = p + 44;
    const unsigned char *idx = times + (size_t)c.time * tsz;
    const unsigned char *types = idx + c.time;
    for (uint32_t i = 0; i < c.type; i++) {
        int32_t off = (int32_t)be32(types + 6 * i);
        if (off < -TT_ZONE_MAX_OFF_S || off > TT_ZONE_MAX_OFF_S) {
            set_err(err, errlen, "time zone file %s has an offset out of range", what);
            return TT_ERR;
        }
    }
    /* RFC 8536 3.2: local time type 0 applies before the first transition. */
    z->initial_off_s = (int32_t)be32(types);
    int64_t last_at = INT64_MIN; /* kept apart: no-op changes are not stored */
    for (uint32_t i = 0; i < c.time; i++) {
        int64_t at = tsz == 8 ? be64(times + 8 * (size_t)i) : (int64_t)(int32_t)be32(times + 4 * (size_t)i);
        if (idx[i] >= c.type || at <= last_at) {
            set_err(err, errlen, "time zone file %s has unordered or dangling transitions", what);
            return TT_ERR;
        }
        if (zone_push(z, at, (int32_t)be32(types + 6 * (size_t)idx[i])) != TT_OK) {
            set_err(err, errlen, "out of memory loading time zone %s", what);
            return TT_ERR;
        }
        last_at = at;
    }
    if (!v2)
        return TT_OK;
    /* Footer: "\n<POSIX TZ>\n", governs everything after the last transition. */
    const unsigned char *f = p + 44 + block, *end = buf + len;
    if (f < end && *f == '\n') {
        const unsigned char *nl = memchr(f + 1, '\n', (size_t)(end - f - 1));
        if (nl && nl > f + 1 && nl - f < 128) {
            char rule[128];
            struct posix_tz tz;
            memcpy(rule, f + 1, (size_t)(nl - f - 1));
            rule[nl - f - 1] = '\0';
            if (posix_parse(rule, &tz) != TT_OK) {
                set_err(err, errlen, "time zone file %s has a rule '%s' this build cannot read", what, rule);
                return TT_ERR;
            }
            if (zone_apply_posix(z, &tz, last_at) != TT_OK) {
                set_err(err, errlen, "out of memory loading time zone %s", what);
                return TT_ERR;
            }
        }
    }
    return TT_OK;
}

static int zone_load_file(struct tt_zone *z, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        set_err(err, errlen, "cannot open time zone file %s: %s", path, strerror(errno));
        return TT_ERR;
    }
    unsigned char *buf = malloc(TT_ZONE_MAX_FILE);
    if (!buf) {
        fclose(f);
        set_err(err, errlen, "out of memory loading time zone %s", path);
        return TT_ERR;
    }
    size_t n = fread(buf, 1, TT_ZONE_MAX_FILE, f);
    int rc = ferror(f) ? TT_ERR : TT_OK;
    fclose(f);
    if (rc != TT_OK)
        set_err(err, errlen, "cannot read time zone file %s", path);
    else
        rc = zone_load_tzif(z, buf, n, err, errlen, path);
    free(buf);
    return rc;
}

static const char *zoneinfo_dir(void)
{
    const char *d = getenv("TZDIR");
    return (d && *d) ? d : TT_ZONEINFO_DIR;
}

/* A zone name is a relative path of ordinary characters without "..", so a
 * --tz value can only ever pick a file under the zoneinfo directory. */
static int zone_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 200 || name[0] == '/' || name[0] == '.')
        return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = name[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '/' ||
              ch == '_' || ch == '-' || ch == '+' || ch == '.'))
            return 0;
        if (ch == '.' && i + 1 < n && name[i + 1] == '.')
            return 0;
    }
    return 1;
}

static int is_regular_file(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static struct tt_zone *zone_new(const char *name)
{
    struct tt_zone *z = calloc(1, sizeof(*z));
    if (!z)
        return NULL;
    z->name = strdup(name);
    if (!z->name) {
        free(z);
        return NULL;
    }
    return z;
}

/* Loads a named zone from the zoneinfo directory; "UTC" works even without
 * tzdata installed. */
static struct tt_zone *zone_create_named(const char *name, char *err, size_t errlen)
{
    const char *dir = zoneinfo_dir();
    char path[512];
    int ok = zone_name_ok(name);
    if (ok) {
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        ok = is_regular_file(path);
    }
    if (!ok) {
        if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0)
            return zone_new(name);
        set_err(err, errlen, "unknown time zone '%s' (no file under %s)", name, dir);
        return NULL;
    }
    struct tt_zone *z = zone_new(name);
    if (!z) {
        set_err(err, errlen, "out of memory loading time zone %s", name);
        return NULL;
    }
    if (zone_load_file(z, path, err, errlen) != TT_OK) {
        tt_zone_destroy(z);
        return NULL;
    }
    return z;
}

/* The zone name behind a zoneinfo path: ".../zoneinfo/Europe/London" ->
 * "Europe/London" (also "posix/Europe/London" -> "Europe/London"). */
static const char *zone_name_from_path(const char *path)
{
    const char *z = strstr(path, "zoneinfo/");
    if (!z)
        return NULL;
    z += strlen("zoneinfo/");
    if (strncmp(z, "posix/", 6) == 0)
        z += 6;
    return *z ? z : NULL;
}

/* The system's local zone, as libc would pick it: $TZ (a zone name, a file
 * path with optional ':' prefix, or a POSIX rule such as "EST5EDT,M3.2.0,
 * M11.1.0"), else /etc/localtime, else UTC. */
static struct tt_zone *zone_create_local(char *err, size_t errlen)
{
    const char *tz = getenv("TZ");
    if (tz) {
        if (*tz == ':')
            tz++;
        if (*tz == '\0')
            return zone_new("UTC"); /* TZ="" means UTC to libc */
        if (tz[0] == '/') {
            const char *nm = zone_name_from_path(tz);
            struct tt_zone *z = zone_new(nm ? nm : tz);
            if (z && zone_load_file(z, tz, err, errlen) == TT_OK)
                return z;
            tt_zone_destroy(z);
            return NULL;
        }
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", zoneinfo_dir(), tz);
        if (zone_name_ok(tz) && is_regular_file(path))
            return zone_create_named(tz, err, errlen);
        struct posix_tz rule;
        if (posix_parse(tz, &rule) == TT_OK) {
            struct tt_zone *z = zone_new(tz);
            if (z && zone_apply_posix(z, &rule, INT64_MIN) == TT_OK)
                return z;
            tt_zone_destroy(z);
            set_err(err, errlen, "out of memory loading time zone %s", tz);
            return NULL;
        }
        set_err(err, errlen, "unknown time zone '%s' in TZ (no file under %s, not a POSIX TZ rule)", tz,
                zoneinfo_dir());
        return NULL;
    }
    const char *lt = "/etc/localtime";
    if (!is_regular_file(lt))
        return zone_new("UTC");
    /* Name it after the symlink target, else /etc/timezone (Debian). */
    char name[256] = "localtime", target[512];
    ssize_t n = readlink(lt, target, sizeof(target) - 1);
    const char *nm = NULL;
    if (n > 0) {
        target[n] = '\0';
        nm = zone_name_from_path(target);
    }
    if (nm) {
        snprintf(name, sizeof(name), "%s", nm);
    } else {
        FILE *f = fopen("/etc/timezone", "r");
        if (f) {
            char line[256];
            if (fgets(line, sizeof(line), f)) {
                line[strcspn(line, " \t\r\n")] = '\0';
                if (zone_name_ok(line))
                    snprintf(name, sizeof(name), "%s", line);
            }
            fclose(f);
        }
    }
    struct tt_zone *z = zone_new(name);
    if (!z) {
        set_err(err, errlen, "out of memory loading the local time zone");
        return NULL;
    }
    if (zone_load_file(z, lt, err, errlen) != TT_OK) {
        tt_zone_destroy(z);
        return NULL;
    }
    return z;
}

struct tt_zone *tt_zone_create(const char *name, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!name || !*name)
        return zone_create_local(err, errlen);
    return zone_create_named(name, err, errlen);
}

