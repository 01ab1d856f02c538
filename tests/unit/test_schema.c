/* SPDX-License-Identifier: MIT
 * test_schema.c -- the Redis key layout: spellings, hash tags, round trips,
 * retention, site-name validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/schema.h"
#include "common/time.h"

#include <string.h>

/* The keys avail_scan finds with SCAN: parsed back exactly, anything else
 * (HLLs, top sets, other versions, bad dates) refused. */
static void test_parse_bucket_key(void **state)
{
    (void)state;
    char k[TT_KEY_MAX];
    const char *site;
    size_t sl;
    enum tt_gran g;
    int64_t day;
    int64_t t = tt_timegm(2018, 2, 1, 12, 34, 56);
    for (int gi = 0; gi < TT_GRAN_COUNT; gi++) {
        size_t n = tt_schema_bucket_key(k, sizeof(k), "council-a", (enum tt_gran)gi, t);
        assert_int_equal(tt_schema_parse_bucket_key(k, n, &site, &sl, &g, &day), 0);
        assert_int_equal(sl, 9);
        assert_memory_equal(site, "council-a", 9);
        assert_int_equal(g, gi);
        assert_int_equal(day, t / 86400);
    }
    assert_string_equal(tt_schema_bucket_match(), "tt:1:{*}:?:????????");
    static const char *const bad[] = {
        "tt:1:{s}:src:d:20180201", "tt:1:{s}:top:d:20180201", "tt:2:{s}:d:20180201", "tt:1:{s}:x:20180201",
        "tt:1:{s}:d:20180230",     "tt:1:{s}:d:2018020",      "tt:1:{s}:d:201802011", "tt:1:{}:d:20180201",
        "tt:1:{a b}:d:20180201",   "tt:1:{s}:h:2018O201",     "tt:1:s:d:20180201",    "tt:1:{s}:sources",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_not_equal(tt_schema_parse_bucket_key(bad[i], strlen(bad[i]), &site, &sl, &g, &day), 0);
}

static void test_bucket_keys(void **state)
{
    (void)state;
    char k[TT_KEY_MAX];
    int64_t t = tt_timegm(2018, 2, 1, 12, 34, 56);
    tt_schema_bucket_key(k, sizeof(k), "council-a", TT_GRAN_MINUTE, t);
    assert_string_equal(k, "tt:1:{council-a}:m:20180201");
    tt_schema_bucket_key(k, sizeof(k), "council-a", TT_GRAN_HOUR, t);
    assert_string_equal(k, "tt:1:{council-a}:h:20180201");
    tt_schema_bucket_key(k, sizeof(k), "council-a", TT_GRAN_DAY, t);
    assert_string_equal(k, "tt:1:{council-a}:d:20180201");
    tt_schema_hll_key(k, sizeof(k), "s", TT_GRAN_MINUTE, t);
    assert_string_equal(k, "tt:1:{s}:src:m:201802011234");
    tt_schema_hll_key(k, sizeof(k), "s", TT_GRAN_HOUR, t);
    assert_string_equal(k, "tt:1:{s}:src:h:2018020112");
    tt_schema_hll_key(k, sizeof(k), "s", TT_GRAN_DAY, t);
    assert_string_equal(k, "tt:1:{s}:src:d:20180201");
    tt_schema_top_key(k, sizeof(k), "s", t);
    assert_string_equal(k, "tt:1:{s}:top:d:20180201");
    tt_schema_pos_key(k, sizeof(k), "s", "abc");
    assert_string_equal(k, "tt:1:{s}:pos:abc");
    tt_schema_sources_key(k, sizeof(k), "s");
    assert_string_equal(k, "tt:1:{s}:sources");
    assert_string_equal(tt_schema_sites_key(), "tt:1:sites");
}

static void test_day_boundaries(void **state)
{
    (void)state;
    char k[TT_KEY_MAX];
    /* the last second of a day and the first of the next; and before 1970 */
    tt_schema_bucket_key(k, sizeof(k), "s", TT_GRAN_MINUTE, tt_timegm(2018, 12, 31, 23, 59, 59));
    assert_string_equal(k, "tt:1:{s}:m:20181231");
    tt_schema_bucket_key(k, sizeof(k), "s", TT_GRAN_MINUTE, tt_timegm(2019, 1, 1, 0, 0, 0));
    assert_string_equal(k, "tt:1:{s}:m:20190101");
    tt_schema_bucket_key(k, sizeof(k), "s", TT_GRAN_DAY, -1);
    assert_string_equal(k, "tt:1:{s}:d:19691231");
}

static void test_fields_round_trip(void **state)
{
    (void)state;
    char f[TT_FIELD_MAX];
    int64_t day = tt_timegm(2018, 2, 1, 0, 0, 0);
    int64_t t = tt_timegm(2018, 2, 1, 23, 7, 0);
    for (int i = 0; i < TT_FIELD_COUNT; i++) {
        enum tt_metric m = tt_field_metric(i);
        enum tt_reason r = tt_field_reason(i);
        for (int g = 0; g < TT_GRAN_COUNT; g++) {
            size_t n = tt_schema_bucket_field(f, sizeof(f), (enum tt_gran)g, t, m, r);
            int64_t bt;
            enum tt_metric m2;
            enum tt_reason r2;
            assert_int_equal(tt_schema_parse_field(f, n, (enum tt_gran)g, day, &bt, &m2, &r2), TT_OK);
            assert_int_equal(m2, m);
            assert_int_equal(r2, r);
            int64_t want = g == TT_GRAN_MINUTE ? t : g == TT_GRAN_HOUR ? tt_timegm(2018, 2, 1, 23, 0, 0) : day;
            assert_int_equal(bt, want);
        }
    }
    tt_schema_bucket_field(f, sizeof(f), TT_GRAN_MINUTE, t, TT_METRIC_EMAILS_BLOCKED, TT_REASON_SPAM);
    assert_string_equal(f, "2307:emails_blocked:spam");
    tt_schema_bucket_field(f, sizeof(f), TT_GRAN_HOUR, t, TT_METRIC_EMAILS_SENT, TT_REASON_NONE);
    assert_string_equal(f, "23:emails_sent");
    tt_schema_bucket_field(f, sizeof(f), TT_GRAN_DAY, t, TT_METRIC_ATTACKS_BLOCKED, TT_REASON_FIREWALL);
    assert_string_equal(f, "attacks_blocked:firewall");
}

static void test_bad_fields(void **state)
{
    (void)state;
    int64_t t;
    enum tt_metric m;
    enum tt_reason r;
    static const char *const bad[] = {"", "2460:emails_sent", "12:emails_sent", "emails_blocked:nope",
                                      "emails_sent:spam", "1200:", "nonsense", "12x0:emails_sent"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(tt_schema_parse_field(bad[i], strlen(bad[i]), TT_GRAN_MINUTE, 0, &t, &m, &r), TT_ERR);
    assert_int_equal(tt_schema_parse_field("24:emails_sent", 14, TT_GRAN_HOUR, 0, &t, &m, &r), TT_ERR);
    assert_int_equal(tt_schema_parse_field("emails_sent", 11, TT_GRAN_DAY, 0, &t, &m, &r), TT_OK);
}

static void test_retention(void **state)
{
    (void)state;
    /* SPEC 3: minutes exact >= 8 days, hours >= 400 days, days kept */
    assert_true(tt_schema_ttl_s(TT_GRAN_MINUTE) >= 8 * 86400);
    assert_true(tt_schema_ttl_s(TT_GRAN_HOUR) >= 400 * 86400);
    assert_int_equal(tt_schema_ttl_s(TT_GRAN_DAY), 0);
}

static void test_sites(void **state)
{
    (void)state;
    assert_true(tt_site_valid("council-a"));
    assert_true(tt_site_valid("North_Shire.2"));
    assert_false(tt_site_valid(""));
    assert_false(tt_site_valid("all"));
    assert_false(tt_site_valid("a}b"));
    assert_false(tt_site_valid("a b"));
    assert_false(tt_site_valid("x{y"));
    char longname[80];
    memset(longname, 'a', 65);
    longname[65] = '\0';
    assert_false(tt_site_valid(longname));
    longname[64] = '\0';
    assert_true(tt_site_valid(longname));
}

static void test_field_table(void **state)
{
    (void)state;
    /* every stored field is a valid (metric, reason) pair and the index
     * lookup is its inverse */
    for (int i = 0; i < TT_FIELD_COUNT; i++) {
        assert_true(tt_metric_has_reason(tt_field_metric(i), tt_field_reason(i)));
        assert_int_equal(tt_field_index(tt_field_metric(i), tt_field_reason(i)), i);
    }
    assert_int_equal(tt_field_index(TT_METRIC_EMAILS_SENT, TT_REASON_SPAM), -1);
    assert_int_equal(tt_field_index(TT_METRIC_ATTACK_SOURCES, TT_REASON_NONE), -1);
    enum tt_metric m;
    assert_int_equal(tt_metric_from_name("emails_sent_tls", &m), TT_OK);
    assert_int_equal(m, TT_METRIC_EMAILS_SENT_TLS);
    assert_int_equal(tt_metric_from_name("none", &m), TT_ERR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bucket_keys),     cmocka_unit_test(test_day_boundaries),
        cmocka_unit_test(test_fields_round_trip), cmocka_unit_test(test_bad_fields),
        cmocka_unit_test(test_retention),       cmocka_unit_test(test_sites),
        cmocka_unit_test(test_field_table),
        cmocka_unit_test(test_parse_bucket_key),
    };
    return cmocka_run_group_tests_name("schema", tests, NULL, NULL);
}
