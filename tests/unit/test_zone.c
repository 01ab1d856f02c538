/* SPDX-License-Identifier: MIT
 *
 * test_zone.c -- common/zone.c against glibc, on every zone of the system's
 * tz database (/usr/share/zoneinfo, Debian package tzdata).
 *
 * For each zone, glibc's localtime_r (TZ set to the zone) is the reference:
 * at instants 29 days and an hour apart from 1900 to 2060 (so at every time
 * of day over the years; glibc re-reads a file's POSIX footer rule for every
 * instant past its table, which makes later years slow to ask), and at each
 * offset change found between them (located by bisection on glibc's offset,
 * then compared one second either side), tt_zone_offset_at and
 * tt_zone_utc_to_local must give the offset and wall time localtime_r gives.
 * At each change, the local times it creates are then checked from the
 * other side, where libc has no answer: mktime returns one instant for a
 * wall time, chosen by tm_isdst, which a log line does not carry, so it
 * cannot name both instants of a repeated hour (and none at all when the
 * clock went back without a change of isdst). tt_zone_local_to_utc must
 * return both instants of every fold, each of which localtime_r shows as
 * that wall time, and must call every wall time skipped by a gap a gap.
 * Some 3.5 s for ~600 zones.
 *
 * "right/" zones (leap seconds counted in time_t) are skipped: neither this
 * program nor its logs count leap seconds. "posix/" duplicates the top level.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <dirent.h>
#include <sys/stat.h>

#include "common/calendar.h"
#include "common/stamp.h"
#include "common/time.h"
#include "common/tt.h"
#include "common/zone.h"

#define ZONEINFO "/usr/share/zoneinfo"
#define STEP_S (29 * 86400 + 3600) /* not a whole day: every hour of the day gets its turn */

struct zone_stats {
    size_t zones;       /* zones compared */
    size_t instants;    /* instants compared with localtime_r */
    size_t changes;     /* offset changes located in glibc and checked */
    size_t folds;       /* of which repeat local time (clock went back) */
    size_t gaps;        /* of which skip local time (clock went forward) */
    size_t libc_single; /* folds where mktime named only one of the two instants */
    size_t failures;    /* mismatches (printed, first few) */
};

static int zone_is_tzif(const char *path)
{
    FILE *f = fopen(path, "rb");
    char magic[4] = {0};
    if (!f)
        return 0;
    size_t n = fread(magic, 1, 4, f);
    fclose(f);
    return n == 4 && memcmp(magic, "TZif", 4) == 0;
}

static void zone_fail(struct zone_stats *st, const char *name, const char *what, int64_t t, long want, long got)
{
    if (st->failures++ < 20)
        fprintf(stderr, "zone %s: %s at %lld: libc %ld, zone.c %ld\n", name, what, (long long)t, want, got);
}

static long libc_off(int64_t t, struct tm *tm)
{
    time_t tt = (time_t)t;
    if (!localtime_r(&tt, tm))
        return LONG_MIN;
    return tm->tm_gmtoff;
}

/* One instant: offset and broken-down wall time agree with localtime_r. */
static void zone_check_instant(const struct tt_zone *z, const char *name, int64_t t, struct zone_stats *st)
{
    struct tm tm;
    struct tt_stamp s;
    long want = libc_off(t, &tm);
    long got = tt_zone_offset_at(z, t);
    st->instants++;
    if (want != got) {
        zone_fail(st, name, "offset", t, want, got);
        return;
    }
    tt_zone_utc_to_local(z, t, &s);
    if (s.year != tm.tm_year + 1900 || s.mon != tm.tm_mon + 1 || s.mday != tm.tm_mday || s.hour != tm.tm_hour ||
        s.min != tm.tm_min || s.sec != tm.tm_sec)
        zone_fail(st, name, "wall time", t, (long)tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec,
                  (long)s.hour * 3600 + s.min * 60 + s.sec);
}

/* The instant of glibc's offset change in (lo, hi]: the first second with
 * the offset of hi. */
static int64_t zone_bisect(int64_t lo, int64_t hi)
{
    struct tm tm;
    long off_hi = libc_off(hi, &tm);
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (libc_off(mid, &tm) == off_hi)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

/* mktime on a wall time: how many distinct instants libc can name for it,
 * trying both values of tm_isdst. */
static int libc_instants(int64_t local_s, int64_t *a, int64_t *b)
{
    int y;
    unsigned m, d;
    int64_t days = tt_floor_days(local_s), sod = local_s - days * 86400;
    tt_civil_from_days(days, &y, &m, &d);
    int n = 0;
    for (int dst = 0; dst <= 1; dst++) {
        struct tm tm = {.tm_year = y - 1900, .tm_mon = (int)m - 1, .tm_mday = (int)d, .tm_hour = (int)(sod / 3600),
                        .tm_min = (int)(sod / 60 % 60), .tm_sec = (int)(sod % 60), .tm_isdst = dst};
        time_t r = mktime(&tm);
        struct tm back;
        if (r == (time_t)-1 || libc_off((int64_t)r, &back) == LONG_MIN)
            continue;
        if ((int64_t)r + back.tm_gmtoff != local_s)
            continue; /* mktime normalised it to another wall time */
        if (n == 0) {
            *a = (int64_t)r;
            n = 1;
        } else if ((int64_t)r != *a) {
            *b = (int64_t)r;
            n = 2;
        }
    }
    return n;
}

/* An offset change at instant c from off_before to off_after. */
static void zone_check_change(const struct tt_zone *z, const char *name, int64_t c, long before, long after,
                              struct zone_stats *st)
{
    struct tm tm;
    int64_t first, second;
    st->changes++;
    zone_check_instant(z, name, c - 1, st);
    zone_check_instant(z, name, c, st);
    if (after < before) { /* a fold: local [c + after, c + before) is shown twice */
        st->folds++;
        int64_t local_s = c + after + (before - after) / 2;
        int n = tt_zone_local_to_utc(z, local_s, &first, &second);
        if (n != 2) {
            zone_fail(st, name, "fold instants", c, 2, n);
            return;
        }
        /* Both instants really show that wall time, by libc's own reading. */
        if (first + libc_off(first, &tm) != local_s || second + libc_off(second, &tm) != local_s || first >= second)
            zone_fail(st, name, "fold instant wall time", c, (long)local_s, (long)first);
        int64_t a = 0, b = 0;
        if (libc_instants(local_s, &a, &b) < 2)
            st->libc_single++;
    } else { /* a gap: local [c + before, c + after) never shows */
        st->gaps++;
        int64_t local_s = c + before + (after - before) / 2;
        int n = tt_zone_local_to_utc(z, local_s, &first, &second);
        if (n != 0)
            zone_fail(st, name, "gap instants", c, 0, n);
        /* Shifted forward: read with the offset in force before the gap. */
        if (first != local_s - before)
            zone_fail(st, name, "gap shift", c, (long)(local_s - before), (long)first);
    }
}

static void zone_compare(const char *name, struct zone_stats *st)
{
    char err[256];
    struct tt_zone *z = tt_zone_create(name, err, sizeof(err));
    if (!z) {
        zone_fail(st, name, err, 0, 0, 0);
        return;
    }
    char tzv[300];
    snprintf(tzv, sizeof(tzv), ":%s", name);
    setenv("TZ", tzv, 1);
    tzset();
    st->zones++;
    struct tm tm;
    int64_t from = tt_timegm(1900, 1, 1, 0, 0, 0), to = tt_timegm(2060, 12, 31, 0, 0, 0);
    long prev_off = libc_off(from, &tm);
    zone_check_instant(z, name, from, st);
    for (int64_t t = from + STEP_S; t < to; t += STEP_S) {
        long off = libc_off(t, &tm);
        zone_check_instant(z, name, t, st);
        if (off != prev_off) {
            int64_t c = zone_bisect(t - STEP_S, t);
            long before = libc_off(c - 1, &tm);
            zone_check_change(z, name, c, before, libc_off(c, &tm), st);
            prev_off = off;
        }
    }
    tt_zone_destroy(z);
}

static void zone_walk(const char *dir, const char *rel, struct zone_stats *st)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (!*rel && (!strcmp(e->d_name, "right") || !strcmp(e->d_name, "posix") || !strcmp(e->d_name, "localtime") ||
                      !strcmp(e->d_name, "posixrules")))
            continue;
        char path[1024], name[512];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        snprintf(name, sizeof(name), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        struct stat sb;
        if (stat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode))
            zone_walk(path, name, st);
        else if (S_ISREG(sb.st_mode) && zone_is_tzif(path))
            zone_compare(name, st);
    }
    closedir(d);
}

static void test_zone_matches_libc_everywhere(void **state)
{
    (void)state;
    struct zone_stats st = {0};
    const char *old = getenv("TZ");
    char *saved = old ? strdup(old) : NULL;
    zone_walk(ZONEINFO, "", &st);
    if (saved) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
    tzset();
    printf("zones %zu, instants %zu, offset changes %zu (folds %zu, gaps %zu), folds where libc's mktime names "
           "only one instant %zu, mismatches %zu\n",
           st.zones, st.instants, st.changes, st.folds, st.gaps, st.libc_single, st.failures);
    /* Debian's tzdata has some 600 zones; far fewer means the walk broke. */
    assert_true(st.zones > 300);
    assert_true(st.folds > 1000 && st.gaps > 1000);
    assert_int_equal(st.failures, 0);
}

/* The repeated hour, end to end: one stream walking through Europe/London's
 * autumn fold (01:00-02:00 shown twice on 28 Oct 2018) gets summer time on
 * the first pass and winter time on the second, as the log was written;
 * libc's mktime, given the same wall times, can only answer one of them. */
static void test_zone_repeated_hour_stream(void **state)
{
    (void)state;
    char err[256];
    struct tt_zone *z = tt_zone_create("Europe/London", err, sizeof(err));
    assert_non_null(z);
    struct tt_clock c;
    tt_clock_init(&c, z, 2018, tt_timegm(2018, 11, 1, 0, 0, 0));
    int64_t fold_utc = tt_timegm(2018, 10, 28, 1, 0, 0); /* 02:00 BST -> 01:00 GMT */
    /* Lines every 10 minutes from 00:30 BST to 02:30 GMT, wall time only. */
    for (int64_t t = fold_utc - 90 * 60; t <= fold_utc + 90 * 60; t += 600) {
        struct tt_stamp s;
        tt_zone_utc_to_local(z, t, &s);
        s.kind = TT_STAMP_LOCAL;
        s.year = 0;
        int64_t got;
        assert_int_equal(tt_clock_resolve(&c, &s, &got), TT_OK);
        assert_int_equal(got, t);
    }
    assert_int_equal(c.ambiguous, 12); /* 01:00..01:50 twice */
    /* libc, asked the way a log line asks (no isdst: tm_isdst = -1), gives
     * one instant for 01:30, so it gets one of the two passes wrong. */
    int64_t first, second;
    assert_int_equal(tt_zone_local_to_utc(z, tt_timegm(2018, 10, 28, 1, 30, 0), &first, &second), 2);
    assert_int_equal(second - first, 3600);
    setenv("TZ", ":Europe/London", 1);
    tzset();
    struct tm tm = {.tm_year = 118, .tm_mon = 9, .tm_mday = 28, .tm_hour = 1, .tm_min = 30, .tm_isdst = -1};
    struct tm tm2 = tm;
    time_t r1 = mktime(&tm), r2 = mktime(&tm2);
    assert_true(r1 == r2 && ((int64_t)r1 == first || (int64_t)r1 == second));
    unsetenv("TZ");
    tzset();
    tt_zone_destroy(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zone_matches_libc_everywhere),
        cmocka_unit_test(test_zone_repeated_hour_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
