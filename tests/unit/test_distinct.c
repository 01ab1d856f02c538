/* SPDX-License-Identifier: MIT
 *
 * test_distinct.c -- the --no-redis distinct-source counter: exact up to
 * TT_DISTINCT_EXACT_MAX addresses, then an estimate within the HyperLogLog's
 * error, in bounded memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "collector/distinct.h"

static struct tt_addr v4(uint32_t i)
{
    struct tt_addr a;
    memset(&a, 0, sizeof(a));
    a.family = 4;
    memcpy(a.bytes, &i, 4);
    return a;
}

static void test_exact_while_small(void **state)
{
    (void)state;
    struct tt_distinct d = {0};
    int est = -1;
    assert_int_equal(tt_distinct_count(&d, &est), 0);
    assert_int_equal(est, 0);
    for (uint32_t i = 0; i < TT_DISTINCT_EXACT_MAX; i++) {
        struct tt_addr a = v4(i);
        tt_distinct_add(&d, &a);
        tt_distinct_add(&d, &a); /* twice: still one */
    }
    struct tt_addr six = v4(7);
    six.family = 6; /* same bytes, other family: another address */
    assert_int_equal(tt_distinct_count(&d, &est), TT_DISTINCT_EXACT_MAX);
    assert_int_equal(est, 0);
    tt_distinct_fini(&d);
    memset(&d, 0, sizeof(d));
    struct tt_addr four = v4(7);
    tt_distinct_add(&d, &four);
    tt_distinct_add(&d, &six);
    assert_int_equal(tt_distinct_count(&d, &est), 2);
    tt_distinct_fini(&d);
}

static void check_estimate(uint32_t n)
{
    struct tt_distinct d = {0};
    for (uint32_t i = 0; i < n; i++) {
        struct tt_addr a = v4(i * 2654435761u);
        tt_distinct_add(&d, &a);
        if ((i & 3) == 0)
            tt_distinct_add(&d, &a);
    }
    int est = 0;
    uint64_t got = tt_distinct_count(&d, &est);
    assert_int_equal(est, 1);
    assert_null(d.set); /* the exact set is gone: memory is the registers only */
    /* 0.81% standard error; 4 sigma */
    double err = ((double)got - n) / n;
    if (err < -0.033 || err > 0.033)
        fail_msg("%u distinct addresses estimated as %llu (%.2f%%)", n, (unsigned long long)got, err * 100);
    tt_distinct_fini(&d);
}

static void test_estimate_when_large(void **state)
{
    (void)state;
    check_estimate(TT_DISTINCT_EXACT_MAX + 1);
    check_estimate(200000);
    check_estimate(3000000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_while_small),
        cmocka_unit_test(test_estimate_when_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
