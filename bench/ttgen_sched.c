/* SPDX-License-Identifier: MIT
 *
 * ttgen_sched.c -- bench/ttgen's clock and schedule, below the scenarios
 * (ttgen_postfix.c, ttgen_netfilter.c) and the engine (ttgen.c): the UTC
 * offset of --tz and the stamp of an instant in it, and the min-heap of
 * pending lines that the scenarios fill (tg_line, tg_sl) and the engine
 * drains in time order (tg_heap_pop). It calls only ttgen_text.c.
 */
#include "bench/ttgen.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------ */
/* Time. Civil calendar math is ours, not common/calendar.c's: ttgen is the
 * writing side's independent account of docs/COUNTING.md, so a mistake in
 * the collector's arithmetic cannot hide by being made here too. Zones come
 * from libc (TZ=--tz). */

int64_t tg_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void tg_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

int64_t tg_floordiv(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}


/* UTC offset in force at utc_s (libc, TZ set once in main). */
int32_t tg_zone_off(int64_t utc_s)
{
    time_t t = (time_t)utc_s;
    struct tm tm;
    localtime_r(&t, &tm);
    return (int32_t)tm.tm_gmtoff;
}

int32_t tg_off_at(struct gen *g, int64_t utc_s)
{
    int64_t m = tg_floordiv(utc_s, 60);
    if (m != g->lc_min) {
        g->lc_min = m;
        g->lc_off = tg_zone_off(m * 60);
    }
    return g->lc_off;
}

static const char *const mon_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Local civil fields of a wall-clock second count. */
void tg_wall_fields(int64_t wall, int *y, unsigned *mo, unsigned *d, unsigned *h, unsigned *mi, unsigned *s)
{
    int64_t days = tg_floordiv(wall, 86400);
    int64_t sod = wall - days * 86400;
    tg_civil_from_days(days, y, mo, d);
    *h = (unsigned)(sod / 3600), *mi = (unsigned)(sod / 60 % 60), *s = (unsigned)(sod % 60);
}

/* Writes the stamp of t_us in the chosen style; returns the end. */
char *tg_put_stamp(struct gen *g, char *d, int64_t t_us)
{
    int64_t s = tg_floordiv(t_us, 1000000);
    unsigned us = (unsigned)(t_us - s * 1000000);
    int32_t off = tg_off_at(g, s);
    int64_t wall = s + off;
    int64_t wm = tg_floordiv(wall, 60);
    if (wm != g->lw_min || off != g->lw_offs || g->lw_off[0] == 0) { /* the same wall minute recurs in a fold */
        int y;
        unsigned mo, dd, h, mi, sec;
        tg_wall_fields(wm * 60, &y, &mo, &dd, &h, &mi, &sec);
        g->lw_min = wm;
        g->lw_offs = off;
        tg_sf(g->lw_3164, "%s %2u %02u:%02u:", mon_abbr[mo - 1], dd, h, mi);
        tg_sf(g->lw_iso, "%04u-%02u-%02uT%02u:%02u:", (unsigned)y, mo, dd, h, mi);
        unsigned ao = (unsigned)(off < 0 ? -off : off);
        tg_sf(g->lw_off, "%c%02u:%02u", off < 0 ? '-' : '+', ao / 3600, ao / 60 % 60);
    }
    unsigned sec = (unsigned)(wall - wm * 60);
    if (g->iso) {
        memcpy(d, g->lw_iso, 17);
        d += 17;
        *d++ = (char)('0' + sec / 10), *d++ = (char)('0' + sec % 10), *d++ = '.';
        d = tg_put_uw(d, us, 6, '0');
        memcpy(d, g->lw_off, 6);
        return d + 6;
    }
    memcpy(d, g->lw_3164, 13);
    d += 13;
    *d++ = (char)('0' + sec / 10), *d++ = (char)('0' + sec % 10);
    return d;
}

/* ------------------------------------------------------------------ */
/* Scheduling: a min-heap of pending lines. */

static int pend_less(const struct pend *a, const struct pend *b)
{
    return a->t_us < b->t_us || (a->t_us == b->t_us && a->seq < b->seq);
}

static void heap_push(struct gen *g, struct pend *p)
{
    if (g->hn == g->hcap) {
        g->hcap = g->hcap ? g->hcap * 2 : 4096;
        g->heap = tg_xrealloc(g->heap, g->hcap * sizeof(*g->heap));
    }
    size_t i = g->hn++;
    while (i > 0) {
        size_t par = (i - 1) / 2;
        if (!pend_less(p, g->heap[par]))
            break;
        g->heap[i] = g->heap[par];
        i = par;
    }
    g->heap[i] = p;
}

struct pend *tg_heap_pop(struct gen *g)
{
    struct pend *top = g->heap[0];
    struct pend *last = g->heap[--g->hn];
    size_t i = 0, n = g->hn;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && pend_less(g->heap[c + 1], g->heap[c]))
            c++;
        if (!pend_less(g->heap[c], last))
            break;
        g->heap[i] = g->heap[c];
        i = c;
    }
    if (n)
        g->heap[i] = last;
    return top;
}

/* Schedules one line at t_us (dropped when outside [from, to)). s1/s2 are
 * the truth slots the line counts for, src the attack source for F_SRC. */
static void vline(struct gen *g, int64_t t_us, unsigned flags, unsigned s1, unsigned s2,
                  const struct gaddr *src, const char *fmt, va_list ap)
{
    if (t_us >= g->to_us || t_us < g->from_us)
        return;
    char buf[LINE_MAX_BYTES];
    char *e = tg_vfmt(buf, fmt, ap);
    size_t len = (size_t)(e - buf);
    if (len >= LINE_MAX_BYTES)
        tg_die("internal error: line too long");
    struct pend *p = malloc(sizeof(*p) + len);
    if (!p)
        tg_die("out of memory");
    p->t_us = t_us;
    p->seq = g->seq++;
    p->s1 = (uint8_t)s1, p->s2 = (uint8_t)s2;
    p->flags = (uint8_t)flags;
    if (src)
        p->src = *src;
    p->len = (uint32_t)len;
    memcpy(p->text, buf, len);
    heap_push(g, p);
}

void tg_line(struct gen *g, int64_t t_us, unsigned flags, unsigned s1, unsigned s2,
                 const struct gaddr *src, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline(g, t_us, flags, s1, s2, src, fmt, ap);
    va_end(ap);
}


void tg_adv(struct sess *s, unsigned lo_ms, unsigned hi_ms)
{
    s->t += (int64_t)rr(&s->g->r, lo_ms, hi_ms) * 1000 + rb(&s->g->r, 1000) + 1;
}

/* Schedules a line at the session time, counting for slot (SL_NONE: nothing). */
void tg_sl(struct sess *s, unsigned flags, unsigned slot, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline(s->g, s->t, flags, slot, SL_NONE, NULL, fmt, ap);
    va_end(ap);
}

