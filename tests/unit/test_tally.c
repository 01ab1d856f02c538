/* SPDX-License-Identifier: MIT
 *
 * test_tally.c -- minute-bucket counters: sums per (minute, metric, reason),
 * the previous-bucket shortcut across minutes and table growth, distinct
 * (minute, HyperLogLog register) pairs of sources, the flush limits, sorted drains, restore after a
 * failed flush, clear, and swap (the asynchronous flush's hand-off).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collector/tally.h"
#include "collector/hll.h"

#include <string.h>

static uint64_t bucket_value(struct tt_tally *t, int64_t minute, enum tt_metric m, enum tt_reason r)
{
    struct tt_tally_bucket *b;
    size_t n = tt_tally_sorted_buckets(t, &b);
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        if (b[i].minute == minute)
            v = b[i].n[tt_field_index(m, r)];
    tt_tally_restore(t);
    return v;
}

static void test_sums_per_minute(void **state)
{
    (void)state;
    struct tt_tally t;
    assert_int_equal(tt_tally_init(&t), TT_OK);
    /* interleaved minutes defeat the previous-bucket shortcut */
    for (int i = 0; i < 1000; i++) {
        tt_tally_add(&t, 600 + (i % 3) * 60, TT_METRIC_ATTACKS_BLOCKED, TT_REASON_FIREWALL, 1);
        tt_tally_add(&t, 600 + (i % 3) * 60 + 59, TT_METRIC_EMAILS_BLOCKED, TT_REASON_SPAM, 2);
    }
    tt_tally_add(&t, -1, TT_METRIC_LINES_TOTAL, TT_REASON_NONE, 5); /* minute -1, before 1970 */
    tt_tally_add(&t, 600, TT_METRIC_EMAILS_BLOCKED, TT_REASON_FIREWALL, 7); /* not a stored pair */
    assert_int_equal(bucket_value(&t, 10, TT_METRIC_ATTACKS_BLOCKED, TT_REASON_FIREWALL), 334);
    assert_int_equal(bucket_value(&t, 11, TT_METRIC_ATTACKS_BLOCKED, TT_REASON_FIREWALL), 333);
    assert_int_equal(bucket_value(&t, 12, TT_METRIC_EMAILS_BLOCKED, TT_REASON_SPAM), 666);
    assert_int_equal(bucket_value(&t, -1, TT_METRIC_LINES_TOTAL, TT_REASON_NONE), 5);
    assert_int_equal(t.total[tt_field_index(TT_METRIC_EMAILS_BLOCKED, TT_REASON_SPAM)], 2000);
    tt_tally_fini(&t);
}

static void test_growth_keeps_counts(void **state)
{
    (void)state;
    struct tt_tally t;
    tt_tally_init(&t);
    /* a month of minutes, twice, with the table growing in between */
    for (int pass = 0; pass < 2; pass++)
        for (int64_t m = 0; m < 10000; m++)
            tt_tally_add(&t, m * 60 + 30, TT_METRIC_CONNECTIONS_ALLOWED, TT_REASON_NONE, (uint64_t)(m % 7 + 1));
    assert_false(tt_tally_full(&t));
    struct tt_tally_bucket *b;
    size_t n = tt_tally_sorted_buckets(&t, &b);
    assert_int_equal(n, 10000);
    int f = tt_field_index(TT_METRIC_CONNECTIONS_ALLOWED, TT_REASON_NONE);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(b[i].minute, (int64_t)i); /* sorted */
        assert_int_equal(b[i].n[f], 2 * (i % 7 + 1));
    }
    tt_tally_fini(&t);
}

static void test_sources_distinct_per_minute(void **state)
{
    (void)state;
    struct tt_tally t;
    tt_tally_init(&t);
    struct tt_addr a = {0}, b = {0}, none = {0};
    tt_addr_parse("203.0.113.9", 11, &a);
    tt_addr_parse("2001:db8::9", 11, &b);
    for (int i = 0; i < 50; i++) {
        tt_tally_add_source(&t, 60, &a);
        tt_tally_add_source(&t, 61, &b);
        tt_tally_add_source(&t, 120, &a); /* next minute: a new pair */
        tt_tally_add_source(&t, 60, &none); /* no address: ignored */
    }
    tt_tally_add_source(&t, (int64_t)INT32_MAX * 60 + 3600, &a); /* beyond 32-bit minutes: ignored */
    assert_int_equal(t.src_used, 3);
    struct tt_tally_source *s;
    size_t n = tt_tally_sorted_sources(&t, &s);
    assert_int_equal(n, 3);
    assert_int_equal(s[0].minute, 1);
    assert_int_equal(s[2].minute, 2);
    uint32_t reg;
    uint8_t value;
    tt_hll_pat(a.bytes, 4, &reg, &value); /* as PFADD hashes the member: the 4 bytes */
    assert_int_equal(s[2].reg, reg);
    assert_int_equal(s[2].value, value);
    tt_tally_restore(&t); /* a failed flush: the pairs are kept */
    assert_int_equal(t.src_used, 3);
    tt_tally_add_source(&t, 60, &a); /* a drained minute seen again: listed twice, harmless */
    assert_int_equal(t.src_used, 4);
    tt_tally_fini(&t);
}

/* Two addresses that set the same register in one minute share a slot,
 * which keeps the larger value, as the minute's HyperLogLog would. */
static void test_sources_share_a_register(void **state)
{
    (void)state;
    struct tt_tally t;
    tt_tally_init(&t);
    struct tt_addr a = {0}, b = {0};
    a.family = b.family = 4;
    uint32_t ra, rb = 0;
    uint8_t va, vb = 0;
    a.bytes[0] = 198;
    tt_hll_pat(a.bytes, 4, &ra, &va);
    b.bytes[0] = 198;
    for (uint32_t i = 1; i < (1u << 24); i++) { /* another address of the same register, other value */
        b.bytes[1] = (uint8_t)(i >> 16), b.bytes[2] = (uint8_t)(i >> 8), b.bytes[3] = (uint8_t)i;
        tt_hll_pat(b.bytes, 4, &rb, &vb);
        if (rb == ra && vb != va)
            break;
    }
    assert_int_equal(rb, ra);
    tt_tally_add_source(&t, 0, &a);
    tt_tally_add_source(&t, 1, &b);
    assert_int_equal(t.src_used, 1);
    struct tt_tally_source *s;
    assert_int_equal(tt_tally_sorted_sources(&t, &s), 1);
    assert_int_equal(s[0].value, va > vb ? va : vb);
    tt_tally_fini(&t);
}

static void test_full_and_clear(void **state)
{
    (void)state;
    struct tt_tally t;
    tt_tally_init(&t);
    /* distinct (minute, register) pairs: 16,384 registers a minute */
#define PAIR_S(i) ((int64_t)((i) / TT_HLL_REGISTERS) * 60)
#define PAIR_REG(i) ((uint16_t)((i) % TT_HLL_REGISTERS))
    uint32_t i = 0;
    while (!tt_tally_full(&t)) {
        tt_tally_add_register(&t, PAIR_S(i), PAIR_REG(i), 1);
        i++;
    }
    assert_int_equal(i, TT_TALLY_MAX_SOURCES);
    /* Past the flush limit (nobody flushed: an outage) the set fills up to
     * the hard limit, then keeps no more. */
    int not_kept = 0;
    while (!not_kept) {
        not_kept = tt_tally_add_register(&t, PAIR_S(i), PAIR_REG(i), 1);
        i++;
    }
    assert_int_equal(t.src_used, TT_TALLY_KEEP_SOURCES);
    /* a pair already kept is still kept (and takes a larger value) */
    assert_int_equal(tt_tally_add_register(&t, PAIR_S(i - 2), PAIR_REG(i - 2), 9), 0);
    struct tt_tally_source *s;
    assert_int_equal(tt_tally_sorted_sources(&t, &s), TT_TALLY_KEEP_SOURCES);
    assert_true(t.src_cap <= 2 * TT_TALLY_KEEP_SOURCES); /* memory stays bounded */
    tt_tally_restore(&t);
    assert_int_equal(i, TT_TALLY_KEEP_SOURCES + 1);
    tt_tally_add(&t, 0, TT_METRIC_LINES_TOTAL, TT_REASON_NONE, 1);
    tt_tally_clear(&t);
    assert_false(tt_tally_full(&t));
    assert_int_equal(t.used, 0);
    assert_int_equal(t.src_used, 0);
    /* the shortcut must not point into the cleared table */
    tt_tally_add(&t, 0, TT_METRIC_LINES_TOTAL, TT_REASON_NONE, 1);
    assert_int_equal(bucket_value(&t, 0, TT_METRIC_LINES_TOTAL, TT_REASON_NONE), 1);
    assert_int_equal(t.total[tt_field_index(TT_METRIC_LINES_TOTAL, TT_REASON_NONE)], 2);
    tt_tally_fini(&t);
}

/* The flusher swaps a tally's counts out and leaves an empty one: the
 * counts move, the totals (what --stats sums) stay with each tally. */
static void test_swap_moves_counts_keeps_totals(void **state)
{
    (void)state;
    struct tt_tally a, b;
    assert_int_equal(tt_tally_init(&a), TT_OK);
    assert_int_equal(tt_tally_init(&b), TT_OK);
    struct tt_addr addr;
    memset(&addr, 0, sizeof(addr));
    addr.family = 4;
    addr.bytes[0] = 10;
    addr.bytes[3] = 1;
    tt_tally_add(&a, 600, TT_METRIC_ATTACKS_BLOCKED, TT_REASON_FIREWALL, 5);
    tt_tally_add_source(&a, 600, &addr);
    tt_tally_swap(&b, &a);
    assert_int_equal(bucket_value(&a, 10, TT_METRIC_ATTACKS_BLOCKED, TT_REASON_FIREWALL), 0);
    assert_int_equal(bucket_value(&b, 10, TT_METRIC_ATTACKS_BLOCKED, TT_REASON_FIREWALL), 5);
    struct tt_tally_source *src;
    assert_int_equal(tt_tally_sorted_sources(&a, &src), 0);
    assert_int_equal(tt_tally_sorted_sources(&b, &src), 1);
    int f = tt_field_index(TT_METRIC_ATTACKS_BLOCKED, TT_REASON_FIREWALL);
    assert_int_equal(a.total[f], 5);
    assert_int_equal(b.total[f], 0);
    /* counting goes on into a; b still holds only what it took */
    tt_tally_add(&a, 660, TT_METRIC_ATTACKS_BLOCKED, TT_REASON_FIREWALL, 2);
    assert_int_equal(bucket_value(&a, 11, TT_METRIC_ATTACKS_BLOCKED, TT_REASON_FIREWALL), 2);
    assert_int_equal(bucket_value(&b, 11, TT_METRIC_ATTACKS_BLOCKED, TT_REASON_FIREWALL), 0);
    assert_int_equal(a.total[f], 7);
    tt_tally_fini(&a);
    tt_tally_fini(&b);
}

static void test_nets(void **state)
{
    (void)state;
    struct tt_tally t;
    tt_tally_init(&t);
    struct tt_addr a = {0}, b = {0};
    a.family = 4;
    a.bytes[0] = 203;
    b.family = 6;
    b.bytes[0] = 0x20;
    assert_int_equal(tt_tally_add_net(&t, 86400 + 5, &a, 24, 2), 0);
    assert_int_equal(tt_tally_add_net(&t, 2 * 86400 - 1, &a, 24, 3), 0); /* same day: summed */
    assert_int_equal(tt_tally_add_net(&t, 5, &a, 24, 1), 0);             /* the day before */
    assert_int_equal(tt_tally_add_net(&t, 86400, &b, 48, 7), 0);
    assert_int_equal(tt_tally_add_net(&t, -1, &b, 48, 1), 0); /* 1969-12-31: day -1 */
    struct tt_addr none = {0};
    assert_int_equal(tt_tally_add_net(&t, 0, &none, 24, 1), 0); /* no address: ignored */
    assert_int_equal(t.net_used, 4);

    /* a flush that failed after compacting only the buckets */
    struct tt_tally_bucket *bk;
    tt_tally_sorted_buckets(&t, &bk);
    tt_tally_restore(&t);
    assert_int_equal(t.net_used, 4);
    assert_int_equal(tt_tally_add_net(&t, 86400, &a, 24, 10), 0);
    assert_int_equal(t.net_used, 4);

    struct tt_tally_net *e;
    size_t n = tt_tally_sorted_nets(&t, &e);
    assert_int_equal(n, 4);
    assert_int_equal(e[0].day, -1);
    assert_int_equal(e[1].day, 0);
    assert_int_equal(e[2].day, 1);
    assert_int_equal(e[3].day, 1);
    for (size_t i = 2; i < 4; i++) {
        if (e[i].net.family == 4) {
            assert_int_equal(e[i].n, 15);
            assert_int_equal(e[i].bits, 24);
        } else {
            assert_int_equal(e[i].n, 7);
            assert_int_equal(e[i].bits, 48);
        }
    }
    tt_tally_restore(&t); /* after a complete compaction too */
    assert_int_equal(t.net_used, 4);
    tt_tally_clear(&t);
    assert_int_equal(t.net_used, 0);

    /* the flush limit, then the hard limit without growth */
    uint32_t i = 0;
    while (!tt_tally_full(&t)) {
        memcpy(a.bytes, &i, 4);
        tt_tally_add_net(&t, 0, &a, 32, 1);
        i++;
    }
    assert_int_equal(i, TT_TALLY_MAX_NETS);
    size_t cap = t.net_cap;
    int not_kept = 0;
    while (!not_kept) {
        memcpy(a.bytes, &i, 4);
        not_kept = tt_tally_add_net(&t, 0, &a, 32, 1);
        i++;
    }
    assert_int_equal(t.net_used, TT_TALLY_KEEP_NETS);
    assert_int_equal(t.net_cap, cap);
    tt_tally_fini(&t);
}

/* More minutes at once than stay recent (streams interleaved, lines out of
 * order): a minute drained and seen again stands twice in the list, and the
 * largest value per (minute, register) is still there. */
static void test_sources_many_minutes(void **state)
{
    (void)state;
    struct tt_tally t;
    tt_tally_init(&t);
    enum { MINUTES = TT_TALLY_RECENT + 3 };
    static uint8_t want[MINUTES][TT_HLL_REGISTERS], got[MINUTES][TT_HLL_REGISTERS];
    memset(want, 0, sizeof(want));
    memset(got, 0, sizeof(got));
    struct tt_addr a = {0};
    a.family = 4;
    for (uint32_t i = 0; i < 20000; i++) {
        int m = (int)((i * 7) % MINUTES);
        a.bytes[1] = (uint8_t)(i >> 16), a.bytes[2] = (uint8_t)(i >> 8), a.bytes[3] = (uint8_t)i;
        uint32_t reg;
        uint8_t v;
        tt_hll_pat(a.bytes, 4, &reg, &v);
        if (v > want[m][reg])
            want[m][reg] = v;
        assert_int_equal(tt_tally_add_source(&t, (int64_t)m * 60 + 5, &a), 0);
    }
    struct tt_tally_source *s;
    size_t n = tt_tally_sorted_sources(&t, &s);
    for (size_t k = 0; k < n; k++) {
        assert_true(k == 0 || s[k - 1].minute <= s[k].minute);
        assert_true(s[k].minute >= 0 && s[k].minute < MINUTES);
        if (s[k].value > got[s[k].minute][s[k].reg])
            got[s[k].minute][s[k].reg] = s[k].value;
    }
    assert_memory_equal(got, want, sizeof(want));
    tt_tally_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sums_per_minute),
        cmocka_unit_test(test_growth_keeps_counts),
        cmocka_unit_test(test_sources_distinct_per_minute),
        cmocka_unit_test(test_sources_share_a_register),
        cmocka_unit_test(test_sources_many_minutes),
        cmocka_unit_test(test_full_and_clear),
        cmocka_unit_test(test_nets),
        cmocka_unit_test(test_swap_moves_counts_keeps_totals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
