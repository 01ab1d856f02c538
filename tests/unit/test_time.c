/* SPDX-License-Identifier: MIT
 *
 * test_time.c -- common/time.c: zones (incl. a slim TZif file and bare POSIX
 * rules), fold and gap resolution, the per-stream clock (year inference,
 * December -> January, late lines, order-of-appearance folds, the offset
 * cache), the text parsers on valid, truncated and garbage input, durations,
 * formatting and the civil calendar.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/time.h"
#include "common/tt.h"

#define HOUR 3600
#define DAY 86400

static struct tt_zone *zone(const char *name)
{
    char err[256] = "";
    struct tt_zone *z = tt_zone_create(name, err, sizeof(err));
    if (!z)
        print_error("zone %s: %s\n", name ? name : "(local)", err);
    assert_non_null(z);
    return z;
}

static int64_t utc(int y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s)
{
    return tt_timegm(y, mo, d, h, mi, s);
}

static struct tt_stamp local_stamp(int y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s)
{
    struct tt_stamp st;
    memset(&st, 0, sizeof(st));
    st.kind = TT_STAMP_LOCAL;
    st.year = (int16_t)y;
    st.mon = (uint8_t)mo;
    st.mday = (uint8_t)d;
    st.hour = (uint8_t)h;
    st.min = (uint8_t)mi;
    st.sec = (uint8_t)s;
    return st;
}

/* Resolves one stamp; fails the test if it does not resolve. */
static int64_t resolve(struct tt_clock *c, struct tt_stamp st)
{
    int64_t out = 0;
    assert_int_equal(tt_clock_resolve(c, &st, &out), TT_OK);
    return out;
}

/* Parses an RFC 3164 stamp from an exact-length heap copy (no NUL after
 * it, so ASan sees any read past the end) and resolves it. */
static int64_t resolve_bsd(struct tt_clock *c, const char *text)
{
    size_t n = strlen(text);
    char *copy = malloc(n);
    struct tt_stamp st;
    assert_non_null(copy);
    memcpy(copy, text, n);
    assert_int_equal(tt_parse_bsd_stamp(copy, n, &st), n);
    free(copy);
    return resolve(c, st);
}

/* ---- zones -------------------------------------------------------------- */

static void test_zone_load_and_unknown(void **state)
{
    (void)state;
    const char *names[] = {"Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC",
                           "Etc/UTC"};
    for (size_t i = 0; i < TT_ARRAY_LEN(names); i++) {
        struct tt_zone *z = zone(names[i]);
        assert_string_equal(tt_zone_name(z), names[i]);
        tt_zone_destroy(z);
    }
    char err[256];
    assert_null(tt_zone_create("Foo/Bar", err, sizeof(err)));
    assert_string_equal(err, "unknown time zone 'Foo/Bar' (no file under /usr/share/zoneinfo)");
    const char *bad[] = {"Europe", "../../etc/passwd", "/etc/localtime", "Europe/London/", "Europe/Lon don",
                         "Europe/../Europe/London", "zone.tab"};
    for (size_t i = 0; i < TT_ARRAY_LEN(bad); i++) {
        err[0] = '\0';
        assert_null(tt_zone_create(bad[i], err, sizeof(err)));
        assert_true(strlen(err) > 0);
    }
    assert_null(tt_zone_create("Foo/Bar", NULL, 0)); /* no err buffer: no crash */
    tt_zone_destroy(NULL);
}

static void test_zone_local_from_tz_env(void **state)
{
    (void)state;
    char *saved = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
    struct tt_zone *z;

    setenv("TZ", "Europe/London", 1);
    z = zone(NULL);
    assert_string_equal(tt_zone_name(z), "Europe/London");
    assert_int_equal(tt_zone_offset_at(z, utc(2018, 7, 1, 0, 0, 0)), HOUR);
    tt_zone_destroy(z);

    setenv("TZ", ":/usr/share/zoneinfo/Asia/Kolkata", 1);
    z = zone("");
    assert_string_equal(tt_zone_name(z), "Asia/Kolkata");
    assert_int_equal(tt_zone_offset_at(z, utc(2018, 7, 1, 0, 0, 0)), 19800);
    tt_zone_destroy(z);

    /* A bare POSIX rule, as TZ may hold. */
    setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
    z = zone(NULL);
    assert_int_equal(tt_zone_offset_at(z, utc(2018, 3, 11, 6, 59, 59)), -5 * HOUR);
    assert_int_equal(tt_zone_offset_at(z, utc(2018, 3, 11, 7, 0, 0)), -4 * HOUR);
    assert_int_equal(tt_zone_offset_at(z, utc(2090, 7, 1, 0, 0, 0)), -4 * HOUR);
    tt_zone_destroy(z);

    setenv("TZ", "Not/AZone", 1);
    char err[256];
    assert_null(tt_zone_create(NULL, err, sizeof(err)));
    assert_non_null(strstr(err, "Not/AZone"));

    if (saved) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
}

/* zic -b slim output for "Zone Test/Slim 0:00 EU GMT/BST": one transition
 * (1981) and the footer rule "GMT0BST,M3.5.0/1,M10.5.0" for all the rest. */
static const unsigned char slim_tzif[] = {
    0x54, 0x5a, 0x69, 0x66, 0x32, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x54, 0x5a, 0x69,
    0x66, 0x32, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x15, 0x23, 0xeb, 0x90, 0x00, 0x00, 0x00, 0x0e, 0x10,
    0x01, 0x00, 0x42, 0x53, 0x54, 0x00, 0x0a, 0x47, 0x4d, 0x54, 0x30, 0x42, 0x53, 0x54, 0x2c, 0x4d, 0x33, 0x2e,
    0x35, 0x2e, 0x30, 0x2f, 0x31, 0x2c, 0x4d, 0x31, 0x30, 0x2e, 0x35, 0x2e, 0x30, 0x0a};

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void test_zone_slim_file_and_damage(void **state)
{
    (void)state;
    char dir[] = "/tmp/tt_test_tzXXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/Test", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/Test/Slim", dir);
    write_file(path, slim_tzif, sizeof(slim_tzif));
    setenv("TZDIR", dir, 1);

    struct tt_zone *z = zone("Test/Slim");
    /* Years far beyond the file's only transition come from the footer. */
    assert_int_equal(tt_zone_offset_at(z, utc(2018, 3, 25, 0, 59, 59)), 0);
    assert_int_equal(tt_zone_offset_at(z, utc(2018, 3, 25, 1, 0, 0)), HOUR);
    assert_int_equal(tt_zone_offset_at(z, utc(2018, 10, 28, 0, 59, 59)), HOUR);
    assert_int_equal(tt_zone_offset_at(z, utc(2018, 10, 28, 1, 0, 0)), 0);
    assert_int_equal(tt_zone_offset_at(z, utc(2090, 3, 26, 1, 0, 0)), HOUR); /* last Sunday of March 2090 */
    assert_int_equal(tt_zone_offset_at(z, utc(2090, 3, 26, 0, 59, 59)), 0);
    int64_t a, b;
    assert_int_equal(tt_zone_local_to_utc(z, utc(2018, 10, 28, 1, 30, 0), &a, &b), 2);
    /* The footer governs only after the file's last transition (1981, a
     * no-op there); before it, RFC 8536 time type 0 (here BST) applies, as
     * zdump shows. */
    assert_int_equal(tt_zone_offset_at(z, utc(1975, 1, 15, 0, 0, 0)), HOUR);
    tt_zone_destroy(z);

    /* Every truncation of a valid file is refused cleanly, or loads. */
    for (size_t n = 0; n < sizeof(slim_tzif); n++) {
        write_file(path, slim_tzif, n);
        char err[256];
        struct tt_zone *t = tt_zone_create("Test/Slim", err, sizeof(err));
        tt_zone_destroy(t);
    }
    write_file(path, "not a tz file\n", 14);
    char err[256];
    assert_null(tt_zone_create("Test/Slim", err, sizeof(err)));
    assert_non_null(strstr(err, "TZif"));

    /* UTC works without any file. */
    z = zone("UTC");
    assert_int_equal(tt_zone_offset_at(z, 1234567890), 0);
    tt_zone_destroy(z);

    unsetenv("TZDIR");
    unlink(path);
    snprintf(path, sizeof(path), "%s/Test", dir);
    rmdir(path);
    rmdir(dir);
}

static void test_zone_offsets(void **state)
{
    (void)state;
    struct tt_zone *lon = zone("Europe/London"), *ny = zone("America/New_York");
    struct tt_zone *lh = zone("Australia/Lord_Howe"), *kol = zone("Asia/Kolkata"), *u = zone("UTC");

    assert_int_equal(tt_zone_offset_at(lon, utc(2018, 3, 25, 0, 59, 59)), 0);
    assert_int_equal(tt_zone_offset_at(lon, utc(2018, 3, 25, 1, 0, 0)), HOUR);
    assert_int_equal(tt_zone_offset_at(lon, utc(2018, 10, 28, 0, 59, 59)), HOUR);
    assert_int_equal(tt_zone_offset_at(lon, utc(2018, 10, 28, 1, 0, 0)), 0);
    assert_int_equal(tt_zone_offset_at(lon, utc(1970, 1, 1, 0, 0, 0)), HOUR); /* British Standard Time */
    assert_int_equal(tt_zone_offset_at(lon, utc(2095, 7, 1, 0, 0, 0)), HOUR);
    assert_int_equal(tt_zone_offset_at(lon, utc(2095, 1, 1, 0, 0, 0)), 0);

    assert_int_equal(tt_zone_offset_at(ny, utc(2018, 3, 11, 6, 59, 59)), -5 * HOUR);
    assert_int_equal(tt_zone_offset_at(ny, utc(2018, 3, 11, 7, 0, 0)), -4 * HOUR);
    assert_int_equal(tt_zone_offset_at(ny, utc(2018, 11, 4, 5, 59, 59)), -4 * HOUR);
    assert_int_equal(tt_zone_offset_at(ny, utc(2018, 11, 4, 6, 0, 0)), -5 * HOUR);

    /* Lord Howe: +10:30 standard, +11 summer; changes at 02:00 local. */
    assert_int_equal(tt_zone_offset_at(lh, utc(2018, 3, 31, 14, 59, 59)), 11 * HOUR);
    assert_int_equal(tt_zone_offset_at(lh, utc(2018, 3, 31, 15, 0, 0)), 10 * HOUR + 1800);
    assert_int_equal(tt_zone_offset_at(lh, utc(2018, 10, 6, 15, 29, 59)), 10 * HOUR + 1800);
    assert_int_equal(tt_zone_offset_at(lh, utc(2018, 10, 6, 15, 30, 0)), 11 * HOUR);

    for (int y = 1970; y <= 2100; y += 13) {
        assert_int_equal(tt_zone_offset_at(kol, utc(y, 1, 15, 0, 0, 0)), 19800);
        assert_int_equal(tt_zone_offset_at(kol, utc(y, 7, 15, 0, 0, 0)), 19800);
        assert_int_equal(tt_zone_offset_at(u, utc(y, 7, 15, 0, 0, 0)), 0);
    }
    assert_int_equal(tt_zone_offset_at(NULL, 0), 0);
    tt_zone_destroy(lon);
    tt_zone_destroy(ny);
    tt_zone_destroy(lh);
    tt_zone_destroy(kol);
    tt_zone_destroy(u);
}

static void test_local_to_utc_fold_and_gap(void **state)
{
    (void)state;
    struct tt_zone *lon = zone("Europe/London"), *lh = zone("Australia/Lord_Howe"), *ny = zone("America/New_York");
    int64_t a, b;

    /* Fold: 01:00..01:59:59 on 2018-10-28 happens at 00:xxZ (BST) and 01:xxZ. */
    for (unsigned s = 0; s < 3600; s += 59) {
        int64_t l = utc(2018, 10, 28, 1, 0, 0) + s;
        assert_int_equal(tt_zone_local_to_utc(lon, l, &a, &b), 2);
        assert_int_equal(a, l - HOUR);
        assert_int_equal(b, l);
    }
    assert_int_equal(tt_zone_local_to_utc(lon, utc(2018, 10, 28, 1, 59, 59), &a, &b), 2);
    assert_int_equal(tt_zone_local_to_utc(lon, utc(2018, 10, 28, 0, 59, 59), &a, &b), 1);
    assert_int_equal(a, utc(2018, 10, 27, 23, 59, 59));
    assert_int_equal(tt_zone_local_to_utc(lon, utc(2018, 10, 28, 2, 0, 0), &a, &b), 1);
    assert_int_equal(a, utc(2018, 10, 28, 2, 0, 0));

    /* Gap: 01:00..01:59:59 on 2018-03-25 does not exist; shifted forward. */
    for (unsigned s = 0; s < 3600; s += 59) {
        int64_t l = utc(2018, 3, 25, 1, 0, 0) + s;
        assert_int_equal(tt_zone_local_to_utc(lon, l, &a, &b), 0);
        assert_int_equal(a, l); /* read with GMT: 01:30 local -> 01:30Z = 02:30 BST */
    }
    assert_int_equal(tt_zone_local_to_utc(lon, utc(2018, 3, 25, 0, 59, 59), &a, &b), 1);
    assert_int_equal(a, utc(2018, 3, 25, 0, 59, 59));
    assert_int_equal(tt_zone_local_to_utc(lon, utc(2018, 3, 25, 2, 0, 0), &a, &b), 1);
    assert_int_equal(a, utc(2018, 3, 25, 1, 0, 0));

    /* Lord Howe's 30-minute fold and gap. */
    assert_int_equal(tt_zone_local_to_utc(lh, utc(2018, 4, 1, 1, 45, 0), &a, &b), 2);
    assert_int_equal(a, utc(2018, 4, 1, 1, 45, 0) - 11 * HOUR);
    assert_int_equal(b, utc(2018, 4, 1, 1, 45, 0) - 10 * HOUR - 1800);
    assert_int_equal(tt_zone_local_to_utc(lh, utc(2018, 4, 1, 1, 29, 59), &a, &b), 1);
    assert_int_equal(tt_zone_local_to_utc(lh, utc(2018, 10, 7, 2, 15, 0), &a, &b), 0);
    assert_int_equal(a, utc(2018, 10, 7, 2, 15, 0) - 10 * HOUR - 1800);
    assert_int_equal(tt_zone_local_to_utc(lh, utc(2018, 10, 7, 2, 30, 0), &a, &b), 1);

    assert_int_equal(tt_zone_local_to_utc(ny, utc(2018, 11, 4, 1, 30, 0), &a, &b), 2);
    assert_int_equal(a, utc(2018, 11, 4, 5, 30, 0));
    assert_int_equal(b, utc(2018, 11, 4, 6, 30, 0));
    assert_int_equal(tt_zone_local_to_utc(ny, utc(2018, 3, 11, 2, 30, 0), &a, &b), 0);
    assert_int_equal(a, utc(2018, 3, 11, 7, 30, 0)); /* = 03:30 EDT */

    assert_int_equal(tt_zone_local_to_utc(NULL, 1000, &a, &b), 1);
    assert_int_equal(a, 1000);
    tt_zone_destroy(lon);
    tt_zone_destroy(lh);
    tt_zone_destroy(ny);
}

/* Every instant maps to a local time that maps back to it (among the
 * candidates), and utc_to_local agrees with offset_at. */
static void test_zone_round_trip(void **state)
{
    (void)state;
    const char *names[] = {"Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
                           "America/Sao_Paulo", "Pacific/Apia", "Europe/Dublin"};
    for (size_t i = 0; i < TT_ARRAY_LEN(names); i++) {
        struct tt_zone *z = zone(names[i]);
        for (int64_t t = utc(1960, 1, 1, 0, 0, 0); t < utc(2100, 1, 1, 0, 0, 0); t += 4 * DAY + 3607) {
            struct tt_stamp st;
            int64_t a, b;
            tt_zone_utc_to_local(z, t, &st);
            assert_int_equal(st.kind, TT_STAMP_OFFSET);
            assert_int_equal(st.offset_s, tt_zone_offset_at(z, t));
            int64_t l = utc(st.year, st.mon, st.mday, st.hour, st.min, st.sec);
            assert_int_equal(l - st.offset_s, t);
            int n = tt_zone_local_to_utc(z, l, &a, &b);
            assert_true(n >= 1);
            assert_true(a == t || b == t);
        }
        tt_zone_destroy(z);
    }
}

/* ---- the clock ---------------------------------------------------------- */

/* A stream walking 00:59:59 BST, the fold twice, then 02:00 GMT, one line
 * per minute: strictly increasing, exact UTC. */
static void test_clock_fold_walk(void **state)
{
    (void)state;
    struct tt_zone *lon = zone("Europe/London");
    struct tt_clock c;
    tt_clock_init(&c, lon, 0, utc(2018, 11, 1, 0, 0, 0));
    int64_t prev = resolve(&c, local_stamp(2018, 10, 28, 0, 59, 59));
    assert_int_equal(prev, utc(2018, 10, 27, 23, 59, 59));
    for (int pass = 0; pass < 2; pass++) {
        for (unsigned m = 0; m < 60; m++) {
            for (unsigned s = 0; s < 60; s += 20) {
                int64_t t = resolve(&c, local_stamp(2018, 10, 28, 1, m, s));
                assert_int_equal(t, utc(2018, 10, 28, pass ? 1 : 0, m, s));
                assert_true(t > prev);
                prev = t;
            }
        }
    }
    int64_t t = resolve(&c, local_stamp(2018, 10, 28, 2, 0, 0));
    assert_int_equal(t, utc(2018, 10, 28, 2, 0, 0));
    assert_true(t > prev);
    assert_int_equal(c.resolved, 1 + 2 * 180 + 1);
    assert_int_equal(c.ambiguous, 2 * 180);
    assert_int_equal(c.gap, 0);
    tt_zone_destroy(lon);
}

static void test_clock_fold_sparse(void **state)
{
    (void)state;
    struct tt_zone *lon = zone("Europe/London");
    struct tt_clock c;

    /* 01:50 then 01:40: the clock went back, so 01:40 is the second pass. */
    tt_clock_init(&c, lon, 0, 0);
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 1, 50, 0)), utc(2018, 10, 28, 0, 50, 0));
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 1, 40, 0)), utc(2018, 10, 28, 1, 40, 0));
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 1, 55, 0)), utc(2018, 10, 28, 1, 55, 0));

    /* Up to a minute of jitter is not a clock change. */
    tt_clock_init(&c, lon, 0, 0);
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 1, 50, 0)), utc(2018, 10, 28, 0, 50, 0));
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 1, 49, 0)), utc(2018, 10, 28, 0, 49, 0));
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 1, 51, 0)), utc(2018, 10, 28, 0, 51, 0));
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 1, 49, 59)), utc(2018, 10, 28, 1, 49, 59));

    /* A time past the fold ends the first pass: later fold times are late
     * lines of the second. */
    tt_clock_init(&c, lon, 0, 0);
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 1, 30, 0)), utc(2018, 10, 28, 0, 30, 0));
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 0, 45, 0)), utc(2018, 10, 27, 23, 45, 0));
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 2, 5, 0)), utc(2018, 10, 28, 2, 5, 0));
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 1, 45, 0)), utc(2018, 10, 28, 1, 45, 0));
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 2, 6, 0)), utc(2018, 10, 28, 2, 6, 0));

    /* The same when the later time was seen before the fold was entered
     * (the offset cache must not hide it). */
    tt_clock_init(&c, lon, 0, 0);
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 2, 30, 0)), utc(2018, 10, 28, 2, 30, 0));
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 1, 30, 0)), utc(2018, 10, 28, 0, 30, 0));
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 1, 35, 0)), utc(2018, 10, 28, 0, 35, 0));
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 2, 40, 0)), utc(2018, 10, 28, 2, 40, 0));
    assert_int_equal(resolve(&c, local_stamp(2018, 10, 28, 1, 45, 0)), utc(2018, 10, 28, 1, 45, 0));

    /* A different fold (next year) starts again with the first pass. */
    assert_int_equal(resolve(&c, local_stamp(2019, 10, 27, 1, 30, 0)), utc(2019, 10, 27, 0, 30, 0));
    assert_int_equal(c.ambiguous, 4);

    /* Gap: shifted forward. */
    assert_int_equal(resolve(&c, local_stamp(2018, 3, 25, 1, 30, 0)), utc(2018, 3, 25, 1, 30, 0));
    assert_int_equal(c.gap, 1);
    tt_zone_destroy(lon);
}

/* Any continuous stream of instants, written as local wall time, comes back
 * exactly: exercises the cache across every change and both passes of every
 * fold, in zones with 60- and 30-minute changes. */
static void test_clock_continuous_streams(void **state)
{
    (void)state;
    const char *names[] = {"Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"};
    for (size_t i = 0; i < TT_ARRAY_LEN(names); i++) {
        struct tt_zone *z = zone(names[i]);
        struct tt_clock c;
        tt_clock_init(&c, z, 0, 0);
        uint64_t n = 0;
        for (int64_t t = utc(2017, 12, 1, 0, 0, 0); t < utc(2020, 2, 1, 0, 0, 0); t += 47) {
            struct tt_stamp st;
            tt_zone_utc_to_local(z, t, &st);
            st.kind = TT_STAMP_LOCAL;
            int64_t got = resolve(&c, st);
            if (got != t)
                print_error("%s: %lld resolved to %lld\n", names[i], (long long)t, (long long)got);
            assert_int_equal(got, t);
            n++;
        }
        assert_int_equal(c.resolved, n);
        assert_int_equal(c.gap, 0);
        tt_zone_destroy(z);
    }
}

static void test_clock_year_inference(void **state)
{
    (void)state;
    struct tt_zone *u = zone("UTC");
    struct {
        const char *now; /* ISO, UTC */
        const char *stamp;
        int year; /* 0: no valid year */
    } cases[] = {
        {"2026-01-05T12:00:00Z", "Dec 31 23:59:59", 2025},
        {"2026-01-05T12:00:00Z", "Jan  5 11:00:00", 2026},
        {"2026-01-05T12:00:00Z", "Jan  6 11:00:00", 2026}, /* a day ahead: slightly fast clock */
        {"2026-11-23T13:00:00Z", "Dec 20 00:00:00", 2026}, /* 27 days ahead */
        {"2026-11-23T13:00:00Z", "Dec 31 00:00:00", 2025}, /* 38 days ahead: last year */
        {"2026-11-23T13:00:00Z", "Jun 30 00:00:00", 2026},
        {"2026-11-23T13:00:00Z", "May 20 00:00:00", 2026},
        {"2026-01-05T00:00:00Z", "Feb  5 00:00:00", 2026}, /* exactly 31 days ahead */
        {"2026-01-05T00:00:00Z", "Feb  5 00:00:01", 2025}, /* a second more */
        {"2026-07-01T00:00:00Z", "Jan  1 00:00:00", 2026},
        {"2026-07-01T00:00:00Z", "Dec 31 23:00:00", 2025},
        {"2028-03-01T00:00:00Z", "Feb 29 12:00:00", 2028},
        {"2027-06-01T00:00:00Z", "Feb 29 12:00:00", 0}, /* no leap year near enough */
        {"2026-01-05T00:00:00Z", "Feb 30 12:00:00", 0},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        int64_t now, out;
        struct tt_stamp st;
        struct tt_clock c;
        assert_int_equal(tt_parse_time_arg(cases[i].now, u, &now), TT_OK);
        tt_clock_init(&c, u, 0, now);
        assert_int_equal(tt_parse_bsd_stamp(cases[i].stamp, strlen(cases[i].stamp), &st), 15);
        int rc = tt_clock_resolve(&c, &st, &out);
        if (cases[i].year == 0) {
            assert_int_equal(rc, TT_ERR);
            assert_int_equal(c.year, 0); /* nothing learned from a bad line */
            assert_int_equal(c.resolved, 0);
            continue;
        }
        assert_int_equal(rc, TT_OK);
        if (c.year != cases[i].year)
            print_error("now %s, \"%s\": year %d, want %d\n", cases[i].now, cases[i].stamp, c.year, cases[i].year);
        assert_int_equal(c.year, cases[i].year);
        assert_int_equal(out, utc(cases[i].year, st.mon, st.mday, st.hour, st.min, st.sec));
    }
    tt_zone_destroy(u);
}

static void test_clock_year_rollover(void **state)
{
    (void)state;
    struct tt_zone *lon = zone("Europe/London");
    struct tt_clock c;

    /* --year names the year of the first stamp, whatever now is. */
    tt_clock_init(&c, lon, 2017, utc(2026, 6, 1, 0, 0, 0));
    assert_int_equal(resolve_bsd(&c, "Dec 31 23:59:58"), utc(2017, 12, 31, 23, 59, 58));
    assert_int_equal(resolve_bsd(&c, "Jan  1 00:00:01"), utc(2018, 1, 1, 0, 0, 1));
    assert_int_equal(c.year, 2018);
    /* A late line from before New Year: last year, for that line only. */
    assert_int_equal(resolve_bsd(&c, "Dec 31 23:59:59"), utc(2017, 12, 31, 23, 59, 59));
    assert_int_equal(c.year, 2018);
    assert_int_equal(resolve_bsd(&c, "Jan  1 00:00:02"), utc(2018, 1, 1, 0, 0, 2));
    /* Summer time applies to the inferred year too. */
    assert_int_equal(resolve_bsd(&c, "Jul  1 12:00:00"), utc(2018, 7, 1, 11, 0, 0));
    /* Small back-steps across a month boundary keep the year. */
    assert_int_equal(resolve_bsd(&c, "Aug  1 00:00:00"), utc(2018, 7, 31, 23, 0, 0));
    assert_int_equal(resolve_bsd(&c, "Jul 31 23:59:59"), utc(2018, 7, 31, 22, 59, 59));
    assert_int_equal(resolve_bsd(&c, "Aug  1 00:00:01"), utc(2018, 7, 31, 23, 0, 1));
    assert_int_equal(c.year, 2018);
    /* Month by month over two more years: two more rollovers. */
    const char *months[] = {"Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                            "Sep", "Oct", "Nov", "Dec", "Jan", "Feb"};
    for (size_t i = 0; i < TT_ARRAY_LEN(months); i++) {
        char line[32];
        snprintf(line, sizeof(line), "%s 15 12:00:00", months[i]);
        resolve_bsd(&c, line);
    }
    assert_int_equal(c.year, 2020);
    assert_int_equal(resolve_bsd(&c, "Feb 29 12:00:00"), utc(2020, 2, 29, 12, 0, 0));

    /* Feb 1 then Jan 31 does not change the year (fixed 2018). */
    tt_clock_init(&c, lon, 2018, 0);
    assert_int_equal(resolve_bsd(&c, "Feb  1 00:00:00"), utc(2018, 2, 1, 0, 0, 0));
    assert_int_equal(resolve_bsd(&c, "Jan 31 23:59:59"), utc(2018, 1, 31, 23, 59, 59));
    assert_int_equal(resolve_bsd(&c, "Feb  1 00:00:01"), utc(2018, 2, 1, 0, 0, 1));
    assert_int_equal(c.year, 2018);

    /* A stamp that carries its year is taken as is and leaves the state. */
    assert_int_equal(resolve(&c, local_stamp(2005, 12, 1, 0, 0, 0)), utc(2005, 12, 1, 0, 0, 0));
    assert_int_equal(c.year, 2018);
    assert_int_equal(c.last_mon, 2);
    tt_zone_destroy(lon);
}

static void test_clock_kinds_and_errors(void **state)
{
    (void)state;
    struct tt_zone *lon = zone("Europe/London");
    struct tt_clock c;
    struct tt_stamp st;
    int64_t out = 42;
    tt_clock_init(&c, lon, 2018, 0);

    st = local_stamp(2018, 2, 30, 0, 0, 0);
    assert_int_equal(tt_clock_resolve(&c, &st, &out), TT_ERR);
    st = local_stamp(2018, 2, 1, 25, 0, 0);
    assert_int_equal(tt_clock_resolve(&c, &st, &out), TT_ERR);
    st = local_stamp(2018, 2, 1, 0, 60, 0);
    assert_int_equal(tt_clock_resolve(&c, &st, &out), TT_ERR);
    st = local_stamp(2019, 2, 29, 0, 0, 0);
    assert_int_equal(tt_clock_resolve(&c, &st, &out), TT_ERR);
    st = local_stamp(2018, 13, 1, 0, 0, 0);
    assert_int_equal(tt_clock_resolve(&c, &st, &out), TT_ERR);
    st = local_stamp(0, 2, 30, 0, 0, 0); /* year-less Feb 30 with --year */
    assert_int_equal(tt_clock_resolve(&c, &st, &out), TT_ERR);
    assert_int_equal(c.year, 0);
    st.kind = TT_STAMP_NONE;
    assert_int_equal(tt_clock_resolve(&c, &st, &out), TT_ERR);
    st.kind = 200;
    assert_int_equal(tt_clock_resolve(&c, &st, &out), TT_ERR);
    assert_int_equal(out, 42);
    assert_int_equal(c.resolved, 0);

    assert_int_equal(resolve(&c, local_stamp(2020, 2, 29, 0, 0, 0)), utc(2020, 2, 29, 0, 0, 0));
    assert_int_equal(resolve(&c, local_stamp(2018, 7, 1, 0, 59, 60)), utc(2018, 6, 30, 23, 59, 59)); /* leap s */

    st = local_stamp(2018, 2, 1, 0, 0, 1);
    st.kind = TT_STAMP_OFFSET;
    st.offset_s = 19800;
    assert_int_equal(resolve(&c, st), utc(2018, 1, 31, 18, 30, 1));
    st.offset_s = -8 * HOUR;
    assert_int_equal(resolve(&c, st), utc(2018, 2, 1, 8, 0, 1));
    memset(&st, 0, sizeof(st));
    st.kind = TT_STAMP_EPOCH;
    st.epoch_s = 1517443200;
    assert_int_equal(resolve(&c, st), 1517443200);
    assert_int_equal(c.last_utc_s, 1517443200);
    assert_int_equal(c.resolved, 5);

    /* No zone: local means UTC. */
    tt_clock_init(&c, NULL, 0, 0);
    assert_int_equal(resolve(&c, local_stamp(2018, 7, 1, 12, 0, 0)), utc(2018, 7, 1, 12, 0, 0));
    tt_zone_destroy(lon);
}

/* ---- parsers ------------------------------------------------------------ */

/* Parses from an exact-length heap copy so that ASan catches over-reads. */
static size_t bsd(const char *s, size_t n, struct tt_stamp *st)
{
    char *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    memcpy(copy, s, n);
    size_t r = tt_parse_bsd_stamp(copy, n, st);
    free(copy);
    return r;
}

static size_t iso(const char *s, size_t n, struct tt_stamp *st)
{
    char *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    memcpy(copy, s, n);
    size_t r = tt_parse_iso8601(copy, n, st);
    free(copy);
    return r;
}

static void test_parse_bsd(void **state)
{
    (void)state;
    struct tt_stamp st;
    assert_int_equal(bsd("Feb  1 00:00:01 host x", 22, &st), 15);
    assert_int_equal(st.kind, TT_STAMP_LOCAL);
    assert_int_equal(st.year, 0);
    assert_int_equal(st.mon, 2);
    assert_int_equal(st.mday, 1);
    assert_int_equal(st.sec, 1);
    assert_int_equal(bsd("Feb 01 00:00:01", 15, &st), 15);
    assert_int_equal(st.mday, 1);
    assert_int_equal(bsd("Dec 31 23:59:59", 15, &st), 15);
    assert_int_equal(st.mon, 12);
    assert_int_equal(st.mday, 31);
    assert_int_equal(st.hour, 23);
    assert_int_equal(st.min, 59);
    assert_int_equal(bsd("Feb 1 00:00:01 x", 16, &st), 14);
    assert_int_equal(bsd("oct 10 10:10:10", 15, &st), 15);
    assert_int_equal(st.mon, 10);
    assert_int_equal(bsd("Feb  1 00:00:01.123456 host", 27, &st), 22);
    assert_int_equal(bsd("Feb  1 00:00:01. host", 21, &st), 15);
    assert_int_equal(bsd("Jun 30 23:59:60", 15, &st), 15);
    assert_int_equal(st.sec, 59);

    const char *bad[] = {"Fbe  1 00:00:01", "Feb 32 00:00:01", "Feb 00 00:00:01", "Feb  1 24:00:01",
                         "Feb  1 00:60:01", "Feb  1 00:00:61", "Feb  1 00:00:011", "Feb-01 00:00:01",
                         "Feb  1 0:00:01 ", "Feb  1T00:00:01", "Feb   1 00:00:01", "2018-02-01T00:0"};
    for (size_t i = 0; i < TT_ARRAY_LEN(bad); i++)
        assert_int_equal(bsd(bad[i], strlen(bad[i]), &st), 0);
    const char *full = "Feb  1 00:00:01.5";
    for (size_t n = 0; n < 15; n++)
        assert_int_equal(bsd(full, n, &st), 0);
    assert_int_equal(bsd(full, 16, &st), 15);
    assert_int_equal(bsd(full, 17, &st), 17);
    assert_int_equal(tt_parse_bsd_stamp(NULL, 0, &st), 0);
}

static void test_parse_iso(void **state)
{
    (void)state;
    struct tt_stamp st;
    assert_int_equal(iso("2018-02-01T00:00:01Z rest", 25, &st), 20);
    assert_int_equal(st.kind, TT_STAMP_OFFSET);
    assert_int_equal(st.offset_s, 0);
    assert_int_equal(st.year, 2018);
    assert_int_equal(st.mon, 2);
    assert_int_equal(st.mday, 1);
    assert_int_equal(st.sec, 1);
    assert_int_equal(iso("2018-02-01 00:00:01 x", 21, &st), 19);
    assert_int_equal(st.kind, TT_STAMP_LOCAL);

    struct {
        const char *s;
        size_t used;
        int kind;
        int32_t off;
    } ok[] = {
        {"2018-02-01T00:00:01.123456+05:30", 32, TT_STAMP_OFFSET, 19800},
        {"2018-02-01T00:00:01+0530", 24, TT_STAMP_OFFSET, 19800},
        {"2018-02-01T00:00:01+05", 22, TT_STAMP_OFFSET, 5 * HOUR},
        {"2018-02-01T00:00:01-08:00", 25, TT_STAMP_OFFSET, -8 * HOUR},
        {"2018-02-01T00:00:01-00:30 x", 25, TT_STAMP_OFFSET, -1800},
        {"2018-02-01t00:00:01z", 20, TT_STAMP_OFFSET, 0},
        {"2018-02-01T00:00:01,5Z", 22, TT_STAMP_OFFSET, 0},
        {"2018-02-01T00:00:01.", 19, TT_STAMP_LOCAL, 0},
        {"2018-02-01T00:00:01 +05:30", 19, TT_STAMP_LOCAL, 0},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(ok); i++) {
        assert_int_equal(iso(ok[i].s, strlen(ok[i].s), &st), ok[i].used);
        assert_int_equal(st.kind, ok[i].kind);
        assert_int_equal(st.offset_s, ok[i].off);
    }
    const char *bad[] = {"2018-02-01T00:00",     "2018-02-01",           "2018-13-01T00:00:00",
                         "2018-00-01T00:00:00",  "2018-02-32T00:00:00",  "0000-02-01T00:00:00",
                         "2018-02-01T24:00:00",  "2018-02-01T00:60:00",  "2018-02-01X00:00:00",
                         "18-02-01T00:00:00",    "2018/02/01T00:00:00",  "2018-02-01T00:00:001",
                         "2018-02-01T00:00:01+5", "2018-02-01T00:00:01+05:3", "2018-02-01T00:00:01+24:00",
                         "2018-02-01T00:00:01+05:60", "2018-02-01T00:00:01+05305", "garbage garbage garbage"};
    for (size_t i = 0; i < TT_ARRAY_LEN(bad); i++) {
        if (iso(bad[i], strlen(bad[i]), &st) != 0)
            print_error("accepted \"%s\"\n", bad[i]);
        assert_int_equal(iso(bad[i], strlen(bad[i]), &st), 0);
    }
    /* Every prefix is either refused or a shorter valid stamp. */
    const char *full = "2018-02-01T00:00:01.123+05:30";
    for (size_t n = 0; n <= strlen(full); n++) {
        size_t r = iso(full, n, &st);
        assert_true(r <= n);
        assert_true(r == 0 || r >= 19);
    }
    assert_int_equal(tt_parse_iso8601(NULL, 0, &st), 0);
}

static void test_parse_time_arg(void **state)
{
    (void)state;
    struct tt_zone *lon = zone("Europe/London"), *ny = zone("America/New_York");
    int64_t t;
    struct {
        const char *s;
        const struct tt_zone *z;
        int64_t want;
    } ok[] = {
        {"2018-02-01T00:00:00Z", lon, utc(2018, 2, 1, 0, 0, 0)},
        {"2018-02-01T00:00:00+05:30", lon, utc(2018, 1, 31, 18, 30, 0)},
        {"2018-02-01", lon, utc(2018, 2, 1, 0, 0, 0)},
        {"2018-07-01", lon, utc(2018, 6, 30, 23, 0, 0)},
        {"2018-07-01", ny, utc(2018, 7, 1, 4, 0, 0)},
        {"2018-07-01T12:30", lon, utc(2018, 7, 1, 11, 30, 0)},
        {"2018-07-01 12:30:15", lon, utc(2018, 7, 1, 11, 30, 15)},
        {"2018-07-01T12:30Z", lon, utc(2018, 7, 1, 12, 30, 0)},
        {"2018-10-28T01:30", lon, utc(2018, 10, 28, 0, 30, 0)}, /* first pass */
        {"2018-03-25T01:30", lon, utc(2018, 3, 25, 1, 30, 0)},  /* gap: forward */
        {"2018-07-01T12:00:00", NULL, utc(2018, 7, 1, 12, 0, 0)},
        {"2020-02-29", NULL, utc(2020, 2, 29, 0, 0, 0)},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(ok); i++) {
        t = 0;
        assert_int_equal(tt_parse_time_arg(ok[i].s, ok[i].z, &t), TT_OK);
        assert_int_equal(t, ok[i].want);
    }
    const char *bad[] = {"", "2018-02-30", "2019-02-29T00:00", "2018-02-01T", "2018-02-01Tfoo",
                         "2018-02-01 00:00:00 x", "2018-02-01T00", "now", "2018-02-01T00:00:00+5",
                         " 2018-02-01", "2018-02-01Z"};
    for (size_t i = 0; i < TT_ARRAY_LEN(bad); i++)
        assert_int_equal(tt_parse_time_arg(bad[i], lon, &t), TT_ERR);
    assert_int_equal(tt_parse_time_arg(NULL, lon, &t), TT_ERR);
    tt_zone_destroy(lon);
    tt_zone_destroy(ny);
}

static void test_parse_duration(void **state)
{
    (void)state;
    struct {
        const char *s;
        int64_t want;
    } ok[] = {{"90m", 90 * 60}, {"36h", 36 * HOUR}, {"5d", 5 * DAY},        {"2w", 14 * DAY},
              {"30s", 30},      {"1d12h", 36 * HOUR}, {"1h30m", 90 * 60}, {"1w2d3h4m5s", 9 * DAY + 3 * HOUR + 245},
              {"007m", 420}};
    for (size_t i = 0; i < TT_ARRAY_LEN(ok); i++) {
        int64_t d = 0;
        assert_int_equal(tt_parse_duration(ok[i].s, &d), TT_OK);
        assert_int_equal(d, ok[i].want);
    }
    const char *bad[] = {"",    "0m", "0s0m", "-5m", "+5m", "5",     "m",       "5x",  "5 m", " 5m", "5m ",
                         "5M",  "12h1d", "1h1h", "1.5h", "5mm", "99999999999999999999s", "9223372036854775807w",
                         "1d-2h"};
    for (size_t i = 0; i < TT_ARRAY_LEN(bad); i++) {
        int64_t d = 77;
        assert_int_equal(tt_parse_duration(bad[i], &d), TT_ERR);
        assert_int_equal(d, 77);
    }
    int64_t d;
    assert_int_equal(tt_parse_duration(NULL, &d), TT_ERR);
    assert_int_equal(tt_parse_duration("9223372036854775807s", &d), TT_OK);
    assert_int_equal(d, INT64_MAX);
    assert_int_equal(tt_parse_duration("9223372036854775807s1s", &d), TT_ERR);
}

/* ---- formatting and calendar ------------------------------------------- */

static void test_format(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(tt_format_iso_utc(1517443200, buf, sizeof(buf)), 20);
    assert_string_equal(buf, "2018-02-01T00:00:00Z");
    assert_int_equal(tt_format_iso_utc(0, buf, 21), 20);
    assert_string_equal(buf, "1970-01-01T00:00:00Z");
    tt_format_iso_utc(-1, buf, sizeof(buf));
    assert_string_equal(buf, "1969-12-31T23:59:59Z");
    assert_int_equal(tt_format_iso_utc(0, buf, 20), 0); /* too small: nothing */
    assert_string_equal(buf, "");

    struct tt_zone *lon = zone("Europe/London"), *kol = zone("Asia/Kolkata"), *ny = zone("America/New_York");
    struct tt_zone *lh = zone("Australia/Lord_Howe");
    assert_int_equal(tt_format_iso_local(lon, 1517443200, buf, sizeof(buf)), 25);
    assert_string_equal(buf, "2018-02-01T00:00:00+00:00");
    tt_format_iso_local(lon, utc(2018, 7, 1, 12, 0, 0), buf, sizeof(buf));
    assert_string_equal(buf, "2018-07-01T13:00:00+01:00");
    tt_format_iso_local(kol, utc(2018, 7, 1, 12, 0, 0), buf, sizeof(buf));
    assert_string_equal(buf, "2018-07-01T17:30:00+05:30");
    tt_format_iso_local(ny, utc(2018, 7, 1, 12, 0, 0), buf, sizeof(buf));
    assert_string_equal(buf, "2018-07-01T08:00:00-04:00");
    tt_format_iso_local(lh, utc(2018, 7, 1, 12, 0, 0), buf, sizeof(buf));
    assert_string_equal(buf, "2018-07-01T22:30:00+10:30");
    tt_format_iso_local(lon, utc(2018, 10, 28, 0, 30, 0), buf, sizeof(buf));
    assert_string_equal(buf, "2018-10-28T01:30:00+01:00");
    tt_format_iso_local(lon, utc(2018, 10, 28, 1, 30, 0), buf, sizeof(buf));
    assert_string_equal(buf, "2018-10-28T01:30:00+00:00");
    assert_int_equal(tt_format_iso_local(lon, 0, buf, 25), 0);
    tt_format_iso_local(NULL, 0, buf, sizeof(buf));
    assert_string_equal(buf, "1970-01-01T00:00:00+00:00");

    /* Round trips through the parsers, across folds and gaps. */
    const struct tt_zone *zones[] = {lon, kol, ny, lh};
    for (size_t i = 0; i < TT_ARRAY_LEN(zones); i++) {
        for (int64_t t = utc(1971, 1, 1, 0, 0, 0); t < utc(2099, 1, 1, 0, 0, 0); t += 5 * DAY + 1799) {
            int64_t back;
            tt_format_iso_utc(t, buf, sizeof(buf));
            assert_int_equal(tt_parse_time_arg(buf, NULL, &back), TT_OK);
            assert_int_equal(back, t);
            tt_format_iso_local(zones[i], t, buf, sizeof(buf));
            assert_int_equal(tt_parse_time_arg(buf, NULL, &back), TT_OK);
            assert_int_equal(back, t);
        }
    }
    tt_zone_destroy(lon);
    tt_zone_destroy(kol);
    tt_zone_destroy(ny);
    tt_zone_destroy(lh);
}

static void test_civil(void **state)
{
    (void)state;
    assert_int_equal(tt_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(tt_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(tt_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(tt_days_from_civil(2018, 2, 1), 17563);
    assert_int_equal(tt_days_from_civil(1, 1, 1), -719162);
    assert_int_equal(tt_days_from_civil(0, 3, 1), -719468);
    assert_int_equal(tt_days_from_civil(-1, 12, 31), -719529);
    assert_int_equal(tt_timegm(2018, 2, 1, 0, 0, 0), 1517443200);
    assert_int_equal(tt_timegm(2038, 1, 19, 3, 14, 8), 2147483648LL);
    assert_int_equal(tt_timegm(1901, 12, 13, 20, 45, 52), -2147483648LL);

    /* Consecutive days over ~5,500 years either side of 1970. */
    int py;
    unsigned pm, pd;
    tt_civil_from_days(-2000001, &py, &pm, &pd);
    for (int64_t d = -2000000; d <= 2000000; d++) {
        int y;
        unsigned m, dd;
        tt_civil_from_days(d, &y, &m, &dd);
        assert_true(tt_civil_valid(y, m, dd, 0, 0, 0));
        if (tt_days_from_civil(y, m, dd) != d)
            fail_msg("day %lld", (long long)d);
        int next_ok = (y == py && m == pm && dd == pd + 1) || (y == py && m == pm + 1 && dd == 1 && pd >= 28) ||
                      (y == py + 1 && m == 1 && dd == 1 && pm == 12 && pd == 31);
        if (!next_ok)
            fail_msg("day %lld: %d-%u-%u after %d-%u-%u", (long long)d, y, m, dd, py, pm, pd);
        py = y;
        pm = m;
        pd = dd;
    }

    assert_true(tt_civil_valid(2000, 2, 29, 0, 0, 0));
    assert_false(tt_civil_valid(1900, 2, 29, 0, 0, 0));
    assert_true(tt_civil_valid(2024, 2, 29, 23, 59, 60));
    assert_false(tt_civil_valid(2023, 2, 29, 0, 0, 0));
    assert_false(tt_civil_valid(2018, 4, 31, 0, 0, 0));
    assert_true(tt_civil_valid(2018, 12, 31, 0, 0, 0));
    assert_false(tt_civil_valid(2018, 0, 1, 0, 0, 0));
    assert_false(tt_civil_valid(2018, 13, 1, 0, 0, 0));
    assert_false(tt_civil_valid(2018, 1, 0, 0, 0, 0));
    assert_false(tt_civil_valid(2018, 1, 1, 24, 0, 0));
    assert_false(tt_civil_valid(2018, 1, 1, 0, 60, 0));
    assert_false(tt_civil_valid(2018, 1, 1, 0, 0, 61));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zone_load_and_unknown),
        cmocka_unit_test(test_zone_local_from_tz_env),
        cmocka_unit_test(test_zone_slim_file_and_damage),
        cmocka_unit_test(test_zone_offsets),
        cmocka_unit_test(test_local_to_utc_fold_and_gap),
        cmocka_unit_test(test_zone_round_trip),
        cmocka_unit_test(test_clock_fold_walk),
        cmocka_unit_test(test_clock_fold_sparse),
        cmocka_unit_test(test_clock_continuous_streams),
        cmocka_unit_test(test_clock_year_inference),
        cmocka_unit_test(test_clock_year_rollover),
        cmocka_unit_test(test_clock_kinds_and_errors),
        cmocka_unit_test(test_parse_bsd),
        cmocka_unit_test(test_parse_iso),
        cmocka_unit_test(test_parse_time_arg),
        cmocka_unit_test(test_parse_duration),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_civil),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
