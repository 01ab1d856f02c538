/* SPDX-License-Identifier: MIT
 * test_idtab.c -- the bounded id table of the stateful parsers
 * (collector/idtab.h): composite keys, lookup and creation, expiry by event
 * time, eviction of a full bucket's oldest entry, removal and marks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collector/idtab.h"

#include <string.h>

static uint64_t key2(const char *a, const char *b)
{
    uint64_t k = tt_idtab_key_add(TT_IDTAB_KEY_SEED, tt_slice_make(a, strlen(a)));
    return tt_idtab_key_add(k, tt_slice_make(b, strlen(b)));
}

/* The fields of a composite key keep their boundaries. */
static void test_composite_keys(void **state)
{
    (void)state;
    assert_true(key2("mx1", "ABC") == key2("mx1", "ABC"));
    assert_true(key2("ab", "c") != key2("a", "bc"));
    assert_true(key2("mx1", "ABC") != key2("mx2", "ABC"));
    assert_true(key2("", "x") != key2("x", ""));
}

static void test_get_find_remove(void **state)
{
    (void)state;
    struct tt_idtab t;
    assert_int_equal(tt_idtab_init(&t, 1024, 60), TT_OK);
    uint64_t k = key2("mx1", "4Q1"), other = key2("mx1", "4Q2");
    assert_null(tt_idtab_find(&t, k, 100));
    struct tt_idtab_entry *e = tt_idtab_get(&t, k, 100);
    assert_non_null(e);
    assert_true(e->val == 0 && e->val2 == 0 && e->flags == 0);
    e->val = 7;
    e->val2 = 9;
    assert_ptr_equal(tt_idtab_find(&t, k, 130), e);
    assert_null(tt_idtab_find(&t, other, 130));
    assert_ptr_equal(tt_idtab_get(&t, k, 130), e); /* the same entry, values kept */
    assert_true(e->val == 7 && e->val2 == 9);
    tt_idtab_remove(&t, k);
    assert_null(tt_idtab_find(&t, k, 130));
    /* key 0 is a valid key (stored as 1) */
    assert_non_null(tt_idtab_get(&t, 0, 130));
    assert_non_null(tt_idtab_find(&t, 0, 130));
    tt_idtab_fini(&t);
    tt_idtab_fini(NULL);
}

/* Older than ttl_s by event time: absent for find, fresh (zeroed) for get. */
static void test_expiry(void **state)
{
    (void)state;
    struct tt_idtab t;
    assert_int_equal(tt_idtab_init(&t, 64, 60), TT_OK);
    uint64_t k = key2("mx1", "4Q1");
    struct tt_idtab_entry *e = tt_idtab_get(&t, k, 1000);
    e->val = 5;
    e->val2 = 6;
    e->flags = 1;
    assert_non_null(tt_idtab_find(&t, k, 1060));
    e = tt_idtab_get(&t, k, 1121);
    assert_true(e->val == 0 && e->val2 == 0 && e->flags == 0);
    e->val = 5;
    assert_null(tt_idtab_find(&t, k, 1182));
    tt_idtab_fini(&t);
}

/* More keys than one bucket holds: the least recently touched goes. */
static void test_eviction(void **state)
{
    (void)state;
    struct tt_idtab t;
    assert_int_equal(tt_idtab_init(&t, TT_IDTAB_WAYS, 3600), TT_OK); /* one bucket */
    for (uint64_t i = 1; i <= TT_IDTAB_WAYS; i++)
        tt_idtab_get(&t, i << 32, (int64_t)i);
    assert_int_equal(t.evictions, 0);
    tt_idtab_get(&t, 1ull << 32, 100); /* touch the oldest */
    tt_idtab_get(&t, 99ull << 32, 101);
    assert_int_equal(t.evictions, 1);
    assert_non_null(tt_idtab_find(&t, 1ull << 32, 102));
    assert_null(tt_idtab_find(&t, 2ull << 32, 102)); /* the least recently touched */
    assert_non_null(tt_idtab_find(&t, 99ull << 32, 102));
    tt_idtab_fini(&t);
}

static void test_mark(void **state)
{
    (void)state;
    struct tt_idtab t;
    assert_int_equal(tt_idtab_init(&t, 64, 60), TT_OK);
    uint64_t k = key2("mx1", "4Q1");
    assert_int_equal(tt_idtab_mark(&t, k, 2, 10), 0);
    assert_int_equal(tt_idtab_mark(&t, k, 2, 11), 1);
    assert_int_equal(tt_idtab_mark(&t, k, 4, 12), 0);
    assert_int_equal(tt_idtab_find(&t, k, 12)->flags, 6u);
    tt_idtab_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_composite_keys), cmocka_unit_test(test_get_find_remove),
        cmocka_unit_test(test_expiry), cmocka_unit_test(test_eviction), cmocka_unit_test(test_mark),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
