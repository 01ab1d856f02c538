/* SPDX-License-Identifier: MIT
 * test_window.c -- window math: calendar months in zones with clock changes
 * and half-hour offsets, --last windows, previous windows, local days, and
 * the bucket plan (fewest buckets, precision fallback, tiling). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/window.h"

#include <stdlib.h>
#include <string.h>

#define T(y, mo, d, h, mi) tt_timegm((y), (mo), (d), (h), (mi), 0)

static struct tt_zone *zone(const char *name)
{
    char err[256];
    struct tt_zone *z = tt_zone_create(name, err, sizeof(err));
    assert_non_null(z);
    return z;
}

static void month(const char *zname, int y, int m, int64_t want_from, int64_t want_to)
{
    struct tt_zone *z = zone(zname);
    struct tt_window w;
    assert_int_equal(tt_window_month(z, y, m, &w), TT_OK);
    assert_int_equal(w.kind, TT_WINDOW_MONTH);
    assert_int_equal(w.from_s, want_from);
    assert_int_equal(w.to_s, want_to);
    tt_zone_destroy(z);
}

static void test_months_london(void **state)
{
    (void)state;
    month("Europe/London", 2018, 2, T(2018, 2, 1, 0, 0), T(2018, 3, 1, 0, 0));
    /* March 2018: clocks go forward on the 25th, so the month ends at
     * 1 April 00:00 BST = 31 March 23:00 UTC and is 23 hours short. */
    month("Europe/London", 2018, 3, T(2018, 3, 1, 0, 0), T(2018, 3, 31, 23, 0));
    /* October 2018: starts in BST, clocks go back on the 28th. */
    month("Europe/London", 2018, 10, T(2018, 9, 30, 23, 0), T(2018, 11, 1, 0, 0));
    month("Europe/London", 2018, 12, T(2018, 12, 1, 0, 0), T(2019, 1, 1, 0, 0));
}

static void test_months_utc_kolkata(void **state)
{
    (void)state;
    month("UTC", 2018, 2, T(2018, 2, 1, 0, 0), T(2018, 3, 1, 0, 0));
    month("UTC", 2016, 2, T(2016, 2, 1, 0, 0), T(2016, 3, 1, 0, 0)); /* leap year */
    month("Asia/Kolkata", 2018, 2, T(2018, 1, 31, 18, 30), T(2018, 2, 28, 18, 30));
}

static void test_parse_month(void **state)
{
    (void)state;
    int y, m;
    assert_int_equal(tt_window_parse_month("2018-02", &y, &m), TT_OK);
    assert_int_equal(y, 2018);
    assert_int_equal(m, 2);
    assert_int_equal(tt_window_parse_month("2018-13", &y, &m), TT_ERR);
    assert_int_equal(tt_window_parse_month("2018-00", &y, &m), TT_ERR);
    assert_int_equal(tt_window_parse_month("2018-2", &y, &m), TT_ERR);
    assert_int_equal(tt_window_parse_month("2018-02-01", &y, &m), TT_ERR);
    assert_int_equal(tt_window_parse_month("feb", &y, &m), TT_ERR);
    assert_int_equal(tt_window_parse_month("", &y, &m), TT_ERR);
}

static void test_last_and_previous(void **state)
{
    (void)state;
    struct tt_zone *z = zone("Europe/London");
    struct tt_window w, p;
    int64_t at = T(2018, 3, 1, 0, 0);
    assert_int_equal(tt_window_last(5 * 86400, at, &w), TT_OK);
    assert_int_equal(w.from_s, T(2018, 2, 24, 0, 0));
    assert_int_equal(w.to_s, at);
    assert_int_equal(tt_window_previous(&w, z, &p), TT_OK);
    assert_int_equal(p.from_s, T(2018, 2, 19, 0, 0));
    assert_int_equal(p.to_s, T(2018, 2, 24, 0, 0));

    /* --at is taken to the minute */
    assert_int_equal(tt_window_last(36 * 3600, T(2018, 3, 1, 12, 34) + 56, &w), TT_OK);
    assert_int_equal(w.to_s, T(2018, 3, 1, 12, 34));
    assert_int_equal(w.from_s, T(2018, 2, 28, 0, 34));
    assert_int_equal(tt_window_last(90 * 60, T(2018, 3, 1, 12, 34), &w), TT_OK);
    assert_int_equal(w.from_s, T(2018, 3, 1, 11, 4));
    assert_int_equal(tt_window_last(0, at, &w), TT_ERR);

    /* previous of a month is the previous calendar month, not 28 days */
    assert_int_equal(tt_window_month(z, 2018, 3, &w), TT_OK);
    assert_int_equal(tt_window_previous(&w, z, &p), TT_OK);
    assert_int_equal(p.kind, TT_WINDOW_MONTH);
    assert_int_equal(p.from_s, T(2018, 2, 1, 0, 0));
    assert_int_equal(p.to_s, T(2018, 3, 1, 0, 0));
    assert_int_equal(tt_window_month(z, 2018, 1, &w), TT_OK);
    assert_int_equal(tt_window_previous(&w, z, &p), TT_OK);
    assert_int_equal(p.year, 2017);
    assert_int_equal(p.month, 12);

    assert_int_equal(tt_window_range(T(2018, 2, 1, 0, 0), T(2018, 2, 15, 0, 0), &w), TT_OK);
    assert_int_equal(tt_window_previous(&w, z, &p), TT_OK);
    assert_int_equal(p.from_s, T(2018, 1, 18, 0, 0));
    assert_int_equal(p.to_s, T(2018, 2, 1, 0, 0));
    assert_int_equal(tt_window_range(T(2018, 2, 1, 0, 0), T(2018, 2, 1, 0, 0), &w), TT_ERR);
    tt_zone_destroy(z);
}

static void test_local_days(void **state)
{
    (void)state;
    struct tt_zone *z = zone("Europe/London");
    struct tt_window w;
    struct tt_window_day *d;
    tt_window_month(z, 2018, 3, &w);
    size_t n = tt_window_days(z, w.from_s, w.to_s, &d);
    assert_int_equal(n, 31);
    assert_int_equal(d[24].mday, 25);
    assert_int_equal(d[24].to_s - d[24].from_s, 23 * 3600); /* spring forward */
    assert_int_equal(d[30].to_s, w.to_s);
    for (size_t i = 0; i < n; i++)
        assert_false(d[i].partial);
    free(d);
    tt_window_month(z, 2018, 10, &w);
    n = tt_window_days(z, w.from_s, w.to_s, &d);
    assert_int_equal(n, 31);
    assert_int_equal(d[27].to_s - d[27].from_s, 25 * 3600); /* fall back */
    free(d);
    /* --last 30h: partial first and last days */
    tt_window_last(30 * 3600, T(2018, 2, 10, 12, 0), &w); /* 06:00 on the 9th to 12:00 on the 10th */
    n = tt_window_days(z, w.from_s, w.to_s, &d);
    assert_int_equal(n, 2);
    assert_true(d[0].partial);
    assert_true(d[1].partial);
    assert_int_equal(d[0].from_s, w.from_s);
    assert_int_equal(d[1].to_s, w.to_s);
    free(d);
    tt_zone_destroy(z);
}

/* Availability over a range of days with one value, with overrides. */
struct avail_buf {
    uint8_t g[400];
    struct tt_avail a;
};

static void avail_fill(struct avail_buf *b, int64_t first_day, size_t n, enum tt_gran g)
{
    memset(b->g, g, sizeof(b->g));
    b->a.first_day = first_day;
    b->a.ndays = n;
    b->a.gran = b->g;
}

static void avail_set(struct avail_buf *b, int64_t t, enum tt_gran g)
{
    b->g[t / 86400 - b->a.first_day] = (uint8_t)g;
}

static size_t count(const struct tt_plan *p, enum tt_gran g)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nbuckets; i++)
        n += p->buckets[i].gran == g;
    return n;
}

/* Buckets are in order, non-overlapping, aligned and cover exactly the
 * effective window. */
static void check_cover(const struct tt_plan *p)
{
    int64_t t = p->from_s;
    for (size_t i = 0; i < p->nbuckets; i++) {
        int64_t size = tt_gran_seconds((enum tt_gran)p->buckets[i].gran);
        assert_int_equal(p->buckets[i].start_s, t);
        assert_int_equal(t % size, 0);
        t += size;
    }
    assert_int_equal(t, p->to_s);
}

static void test_plan_minimal(void **state)
{
    (void)state;
    struct avail_buf b;
    struct tt_plan p;
    avail_fill(&b, T(2017, 12, 1, 0, 0) / 86400, 200, TT_GRAN_MINUTE);

    /* A UTC month: 28 day buckets. */
    tt_plan_make(T(2018, 2, 1, 0, 0), T(2018, 3, 1, 0, 0), &b.a, 0, &p);
    assert_int_equal(p.nbuckets, 28);
    assert_int_equal(count(&p, TT_GRAN_DAY), 28);
    assert_int_equal(p.asked, TT_GRAN_DAY);
    assert_int_equal(p.precision, TT_GRAN_DAY);
    assert_false(tt_plan_coarser(&p));
    check_cover(&p);
    tt_plan_fini(&p);

    /* February in Kolkata: 30 min + 5 h, 27 days, 18 h + 30 min. */
    tt_plan_make(T(2018, 1, 31, 18, 30), T(2018, 2, 28, 18, 30), &b.a, 0, &p);
    assert_int_equal(count(&p, TT_GRAN_MINUTE), 60);
    assert_int_equal(count(&p, TT_GRAN_HOUR), 23);
    assert_int_equal(count(&p, TT_GRAN_DAY), 27);
    assert_int_equal(p.nbuckets, 110);
    assert_int_equal(p.precision, TT_GRAN_MINUTE);
    check_cover(&p);
    tt_plan_fini(&p);

    /* --last 36h at 12:34: 26 min + 23 h | 12 h + 34 min. */
    tt_plan_make(T(2018, 2, 28, 0, 34), T(2018, 3, 1, 12, 34), &b.a, 0, &p);
    assert_int_equal(count(&p, TT_GRAN_MINUTE), 60);
    assert_int_equal(count(&p, TT_GRAN_HOUR), 35);
    assert_int_equal(p.nbuckets, 95);
    check_cover(&p);
    tt_plan_fini(&p);

    /* --last 90m at 12:34: no whole hour fits; 90 minutes. */
    tt_plan_make(T(2018, 3, 1, 11, 4), T(2018, 3, 1, 12, 34), &b.a, 0, &p);
    assert_int_equal(p.nbuckets, 90);
    check_cover(&p);
    tt_plan_fini(&p);

    /* --last 5d at midnight: 5 days. */
    tt_plan_make(T(2018, 2, 24, 0, 0), T(2018, 3, 1, 0, 0), &b.a, 0, &p);
    assert_int_equal(p.nbuckets, 5);
    tt_plan_fini(&p);

    /* Hour-aligned edges: hours only. */
    tt_plan_make(T(2018, 2, 1, 22, 0), T(2018, 2, 3, 2, 0), &b.a, 0, &p);
    assert_int_equal(p.nbuckets, 2 + 1 + 2);
    assert_int_equal(p.asked, TT_GRAN_HOUR);
    check_cover(&p);
    tt_plan_fini(&p);
}

/* Days the store holds nothing for are read not at all (issue 16: a long
 * window costs the buckets that exist); the edges still round as before. */
static void test_plan_skips_empty_days(void **state)
{
    (void)state;
    struct avail_buf b;
    struct tt_plan p;
    avail_fill(&b, T(2017, 12, 1, 0, 0) / 86400, 200, TT_AVAIL_EMPTY);
    avail_set(&b, T(2018, 2, 10, 0, 0), TT_GRAN_DAY);
    avail_set(&b, T(2018, 2, 11, 0, 0), TT_GRAN_HOUR);
    assert_true(tt_avail_empty(&b.a, T(2018, 2, 9, 0, 0) / 86400));
    assert_false(tt_avail_empty(&b.a, T(2018, 2, 10, 0, 0) / 86400));
    assert_int_equal(tt_avail_at(&b.a, T(2018, 2, 9, 0, 0) / 86400), TT_GRAN_MINUTE);
    tt_plan_make(T(2018, 2, 1, 0, 0), T(2018, 3, 1, 0, 0), &b.a, 0, &p);
    assert_int_equal(p.nbuckets, 2);
    assert_int_equal(count(&p, TT_GRAN_DAY), 2);
    assert_int_equal(p.from_s, T(2018, 2, 1, 0, 0));
    assert_int_equal(p.to_s, T(2018, 3, 1, 0, 0));
    tt_plan_fini(&p);
    /* a partial empty edge day: exact (minute) precision, nothing read */
    tt_plan_make(T(2018, 2, 9, 12, 7), T(2018, 2, 11, 0, 0), &b.a, 0, &p);
    assert_int_equal(p.nbuckets, 1);
    assert_int_equal(p.from_s, T(2018, 2, 9, 12, 7));
    assert_int_equal(p.precision, TT_GRAN_MINUTE);
    tt_plan_fini(&p);
}

static void test_plan_precision_fallback(void **state)
{
    (void)state;
    struct avail_buf b;
    struct tt_plan p;
    avail_fill(&b, T(2017, 12, 1, 0, 0) / 86400, 200, TT_GRAN_MINUTE);

    /* Kolkata February, 31 January kept only by the hour: 18:30 is halfway,
     * ties go to the earlier hour. */
    avail_set(&b, T(2018, 1, 31, 0, 0), TT_GRAN_HOUR);
    tt_plan_make(T(2018, 1, 31, 18, 30), T(2018, 2, 28, 18, 30), &b.a, 0, &p);
    assert_int_equal(p.from_s, T(2018, 1, 31, 18, 0));
    assert_int_equal(p.to_s, T(2018, 2, 28, 18, 30));
    assert_int_equal(p.asked, TT_GRAN_MINUTE);
    assert_int_equal(p.precision, TT_GRAN_HOUR);
    assert_true(tt_plan_coarser(&p));
    assert_int_equal(p.nbuckets, 6 + 27 + 18 + 30);
    check_cover(&p);
    tt_plan_fini(&p);

    /* Both edge days kept only by the day: nearest midnight. */
    avail_set(&b, T(2018, 1, 31, 0, 0), TT_GRAN_DAY);
    avail_set(&b, T(2018, 2, 28, 0, 0), TT_GRAN_DAY);
    tt_plan_make(T(2018, 1, 31, 18, 30), T(2018, 2, 28, 18, 30), &b.a, 0, &p);
    assert_int_equal(p.from_s, T(2018, 2, 1, 0, 0));
    assert_int_equal(p.to_s, T(2018, 3, 1, 0, 0));
    assert_int_equal(p.precision, TT_GRAN_DAY);
    assert_int_equal(p.nbuckets, 28);
    check_cover(&p);
    tt_plan_fini(&p);

    /* A day-aligned window is exact whatever is kept. */
    tt_plan_make(T(2018, 2, 1, 0, 0), T(2018, 3, 1, 0, 0), &b.a, 0, &p);
    assert_false(tt_plan_coarser(&p));
    tt_plan_fini(&p);

    /* Ten minutes of a day kept only by the day would round to nothing:
     * widened outward to the whole day, and said so. */
    tt_plan_make(T(2018, 2, 28, 10, 10), T(2018, 2, 28, 10, 20), &b.a, 0, &p);
    assert_true(p.widened);
    assert_int_equal(p.from_s, T(2018, 2, 28, 0, 0));
    assert_int_equal(p.to_s, T(2018, 3, 1, 0, 0));
    assert_int_equal(p.nbuckets, 1);
    assert_int_equal(p.precision, TT_GRAN_DAY);
    tt_plan_fini(&p);
    tt_plan_make(T(2018, 2, 28, 10, 10), T(2018, 2, 28, 10, 20), &b.a, TT_PLAN_NO_WIDEN, &p);
    assert_int_equal(p.nbuckets, 0);
    assert_int_equal(p.from_s, p.to_s);
    tt_plan_fini(&p);

    /* Hour-only day: a --from/--to inside it rounds to hours. */
    avail_set(&b, T(2018, 2, 10, 0, 0), TT_GRAN_HOUR);
    tt_plan_make(T(2018, 2, 10, 10, 20), T(2018, 2, 10, 15, 45), &b.a, 0, &p);
    assert_int_equal(p.from_s, T(2018, 2, 10, 10, 0));
    assert_int_equal(p.to_s, T(2018, 2, 10, 16, 0));
    assert_int_equal(count(&p, TT_GRAN_MINUTE), 0);
    assert_int_equal(p.nbuckets, 6);
    tt_plan_fini(&p);
}

/* The days of a window, planned one by one, add up to the window's plan. */
static void test_days_tile_window(void **state)
{
    (void)state;
    struct tt_zone *z = zone("Asia/Kolkata");
    struct avail_buf b;
    avail_fill(&b, T(2017, 12, 1, 0, 0) / 86400, 200, TT_GRAN_HOUR);
    struct tt_window w;
    tt_window_month(z, 2018, 2, &w);
    struct tt_plan whole;
    tt_plan_make(w.from_s, w.to_s, &b.a, 0, &whole);
    struct tt_window_day *d;
    size_t n = tt_window_days(z, w.from_s, w.to_s, &d);
    assert_int_equal(n, 28);
    int64_t t = whole.from_s;
    size_t buckets = 0;
    for (size_t i = 0; i < n; i++) {
        struct tt_plan p;
        tt_plan_make(d[i].from_s, d[i].to_s, &b.a, TT_PLAN_NO_WIDEN, &p);
        assert_int_equal(p.from_s, t);
        t = p.to_s;
        buckets += p.nbuckets;
        tt_plan_fini(&p);
    }
    assert_int_equal(t, whole.to_s);
    assert_true(buckets >= whole.nbuckets);
    free(d);
    tt_plan_fini(&whole);
    tt_zone_destroy(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_months_london),
        cmocka_unit_test(test_months_utc_kolkata),
        cmocka_unit_test(test_parse_month),
        cmocka_unit_test(test_last_and_previous),
        cmocka_unit_test(test_local_days),
        cmocka_unit_test(test_plan_minimal),
        cmocka_unit_test(test_plan_skips_empty_days),
        cmocka_unit_test(test_plan_precision_fallback),
        cmocka_unit_test(test_days_tile_window),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
