/* SPDX-License-Identifier: MIT
 *
 * window.c -- see window.h: windows, previous windows, local days and the
 * bucket plan of a window. Pure: no I/O, only heap arrays handed back.
 */
#include "common/window.h"
#include "common/calendar.h"
#include "common/stamp.h"
#include "common/mem.h"
#include "common/tt.h"

#include <stdlib.h>
#include <string.h>

static int64_t floor_to(int64_t t, int64_t step)
{
    return tt_floor_div(t, step) * step;
}

static int64_t ceil_to(int64_t t, int64_t step)
{
    int64_t f = floor_to(t, step);
    return f == t ? t : f + step;
}

int tt_window_parse_month(const char *s, int *out_year, int *out_month)
{
    /* Exactly YYYY-MM: a date like 2018-2 or 2018-02-01 is a mistake the user
     * should hear about, not a guess. */
    if (!s || strlen(s) != 7 || s[4] != '-')
        return TT_ERR;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return TT_ERR;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (m < 1 || m > 12 || y < 1970)
        return TT_ERR;
    *out_year = y;
    *out_month = m;
    return TT_OK;
}

int64_t tt_window_local_midnight(const struct tt_zone *z, int y, unsigned m, unsigned d)
{
    int64_t local_s = tt_days_from_civil(y, m, d) * TT_DAY_S;
    int64_t first = 0, second = 0;
    /* 0 (gap): first is shifted forward = the first instant of that local
     * day; 2 (repeated midnight): the first pass starts the day. */
    tt_zone_local_to_utc(z, local_s, &first, &second);
    return first;
}

int tt_window_month(const struct tt_zone *z, int year, int month, struct tt_window *out)
{
    if (month < 1 || month > 12)
        return TT_ERR;
    int ny = month == 12 ? year + 1 : year;
    int nm = month == 12 ? 1 : month + 1;
    memset(out, 0, sizeof(*out));
    out->kind = TT_WINDOW_MONTH;
    out->year = year;
    out->month = month;
    out->from_s = tt_window_local_midnight(z, year, (unsigned)month, 1);
    out->to_s = tt_window_local_midnight(z, ny, (unsigned)nm, 1);
    return out->to_s > out->from_s ? TT_OK : TT_ERR;
}

int tt_window_range(int64_t from_s, int64_t to_s, struct tt_window *out)
{
    memset(out, 0, sizeof(*out));
    out->kind = TT_WINDOW_RANGE;
    out->from_s = floor_to(from_s, TT_MINUTE_S);
    out->to_s = floor_to(to_s, TT_MINUTE_S);
    return out->to_s > out->from_s ? TT_OK : TT_ERR;
}

int tt_window_last(int64_t duration_s, int64_t at_s, struct tt_window *out)
{
    memset(out, 0, sizeof(*out));
    out->kind = TT_WINDOW_LAST;
    if (duration_s <= 0)
        return TT_ERR;
    out->to_s = floor_to(at_s, TT_MINUTE_S);
    out->from_s = out->to_s - duration_s;
    return TT_OK;
}

int tt_window_previous(const struct tt_window *w, const struct tt_zone *z, struct tt_window *out)
{
    if (w->kind == TT_WINDOW_MONTH) {
        int py = w->month == 1 ? w->year - 1 : w->year;
        int pm = w->month == 1 ? 12 : w->month - 1;
        return tt_window_month(z, py, pm, out);
    }
    *out = *w;
    out->to_s = w->from_s;
    out->from_s = w->from_s - (w->to_s - w->from_s);
    return out->to_s > out->from_s ? TT_OK : TT_ERR;
}

size_t tt_window_days(const struct tt_zone *z, int64_t from_s, int64_t to_s, struct tt_window_day **out_days)
{
    *out_days = NULL;
    if (to_s <= from_s)
        return 0;
    struct tt_stamp st;
    tt_zone_utc_to_local(z, from_s, &st);
    int64_t date = tt_days_from_civil(st.year, st.mon, st.mday);
    /* A day is at least 23 hours long (some zones have skipped whole days,
     * hence the +2), so this bounds the count without a second pass. */
    size_t cap = (size_t)((to_s - from_s) / (22 * TT_HOUR_S)) + 3;
    struct tt_window_day *days = tt_calloc(cap, sizeof(*days));
    size_t n = 0;
    int y;
    unsigned m, d;
    tt_civil_from_days(date, &y, &m, &d);
    int64_t start = tt_window_local_midnight(z, y, m, d);
    while (start < to_s && n < cap) {
        int ny;
        unsigned nm, nd;
        tt_civil_from_days(date + 1, &ny, &nm, &nd);
        int64_t next = tt_window_local_midnight(z, ny, nm, nd);
        if (next > from_s) {
            struct tt_window_day *day = &days[n++];
            day->from_s = TT_MAX(start, from_s);
            day->to_s = TT_MIN(next, to_s);
            day->year = y;
            day->mon = m;
            day->mday = d;
            day->partial = day->from_s != start || day->to_s != next;
        }
        date++;
        y = ny, m = nm, d = nd;
        start = next;
    }
    *out_days = days;
    return n;
}

enum tt_gran tt_avail_at(const struct tt_avail *a, int64_t day)
{
    if (!a || !a->gran || day < a->first_day || day >= a->first_day + (int64_t)a->ndays)
        return TT_GRAN_MINUTE;
    uint8_t g = a->gran[day - a->first_day];
    if (g == TT_AVAIL_EMPTY)
        return TT_GRAN_MINUTE;
    return g < TT_GRAN_COUNT ? (enum tt_gran)g : TT_GRAN_DAY;
}

int tt_avail_empty(const struct tt_avail *a, int64_t day)
{
    if (!a || !a->gran || day < a->first_day || day >= a->first_day + (int64_t)a->ndays)
        return 0;
    return a->gran[day - a->first_day] == TT_AVAIL_EMPTY;
}

void tt_window_utc_days(int64_t from_s, int64_t to_s, int64_t *out_first_day, size_t *out_ndays)
{
    *out_first_day = tt_floor_div(from_s, TT_DAY_S);
    if (to_s <= from_s) {
        *out_ndays = 0;
        return;
    }
    *out_ndays = (size_t)(tt_floor_div(to_s - 1, TT_DAY_S) - *out_first_day + 1);
}

/* Nearest boundary of step seconds; ties go to the earlier one. */
static int64_t round_nearest(int64_t t, int64_t step)
{
    int64_t lo = floor_to(t, step);
    if (lo == t)
        return t;
    return (t - lo <= lo + step - t) ? lo : lo + step;
}

static void push(struct tt_plan *p, enum tt_gran g, int64_t start_s)
{
    if (p->nbuckets == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->buckets = tt_realloc(p->buckets, p->cap * sizeof(*p->buckets));
    }
    p->buckets[p->nbuckets].gran = (uint8_t)g;
    p->buckets[p->nbuckets].start_s = start_s;
    p->nbuckets++;
}

static void push_run(struct tt_plan *p, enum tt_gran g, int64_t from_s, int64_t to_s)
{
    int64_t step = tt_gran_seconds(g);
    for (int64_t t = from_s; t < to_s; t += step)
        push(p, g, t);
}

/* Finest granularity at which t is a boundary. */
static enum tt_gran alignment(int64_t t)
{
    if (floor_to(t, TT_DAY_S) == t)
        return TT_GRAN_DAY;
    if (floor_to(t, TT_HOUR_S) == t)
        return TT_GRAN_HOUR;
    return TT_GRAN_MINUTE;
}

int tt_plan_make(int64_t from_s, int64_t to_s, const struct tt_avail *a, int flags, struct tt_plan *out)
{
    memset(out, 0, sizeof(*out));
    out->asked_from_s = from_s;
    out->asked_to_s = to_s;
    if (to_s < from_s)
        return TT_ERR;
    enum tt_gran asked = TT_MIN(alignment(from_s), alignment(to_s));
    enum tt_gran gf = tt_avail_at(a, tt_floor_div(from_s, TT_DAY_S));
    enum tt_gran gt = tt_avail_at(a, tt_floor_div(to_s, TT_DAY_S));
    int64_t f = round_nearest(from_s, tt_gran_seconds(gf));
    int64_t t = round_nearest(to_s, tt_gran_seconds(gt));
    if (f >= t && to_s > from_s && !(flags & TT_PLAN_NO_WIDEN)) {
        f = floor_to(from_s, tt_gran_seconds(gf));
        t = ceil_to(to_s, tt_gran_seconds(gt));
        out->widened = 1;
    }
    if (t < f)
        t = f;
    enum tt_gran prec = asked;
    if (f != from_s && gf > prec)
        prec = gf;
    if (t != to_s && gt > prec)
        prec = gt;
    out->from_s = f;
    out->to_s = t;
    out->asked = (uint8_t)asked;
    out->precision = (uint8_t)prec;

    /* Whole UTC days as day buckets; a partial day (only ever the first or
     * the last) as whole hours in its middle and minutes at its edges. The
     * edges were rounded to what that day keeps, so the finer runs are empty
     * whenever the day does not keep them. Greedy largest aligned blocks are
     * the fewest buckets. */
    for (int64_t day = tt_floor_div(f, TT_DAY_S) * TT_DAY_S; day < t; day += TT_DAY_S) {
        int64_t s = TT_MAX(f, day), e = TT_MIN(t, day + TT_DAY_S);
        if (s >= e || tt_avail_empty(a, tt_floor_div(day, TT_DAY_S)))
            continue;
        if (s == day && e == day + TT_DAY_S) {
            push(out, TT_GRAN_DAY, day);
            continue;
        }
        int64_t hs = ceil_to(s, TT_HOUR_S), he = floor_to(e, TT_HOUR_S);
        if (hs >= he) {
            push_run(out, TT_GRAN_MINUTE, s, e);
        } else {
            push_run(out, TT_GRAN_MINUTE, s, hs);
            push_run(out, TT_GRAN_HOUR, hs, he);
            push_run(out, TT_GRAN_MINUTE, he, e);
        }
    }
    return TT_OK;
}

void tt_plan_fini(struct tt_plan *p)
{
    if (!p)
        return;
    free(p->buckets);
    p->buckets = NULL;
    p->nbuckets = p->cap = 0;
}

int tt_plan_coarser(const struct tt_plan *p)
{
    return p->precision > p->asked;
}
