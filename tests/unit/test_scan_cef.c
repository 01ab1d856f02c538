/* SPDX-License-Identifier: MIT
 *
 * test_scan_cef.c -- collector/scan_cef.c: CEF extension pairs (values with
 * blanks, \\= escapes, trailing blanks) and the one-key lookup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collector/scan_cef.h"

static void test_cef_pairs(void **st)
{
    (void)st;
    const char *e = "act=blocked by policy src=203.0.113.5 msg=a\\=b c  cs1=x";
    struct tt_kv kv;
    tt_kv_init(&kv, e, strlen(e));
    struct tt_slice k, v;
    assert_true(tt_cef_ext_next(&kv, &k, &v));
    assert_int_equal(k.len, 3);
    assert_int_equal(v.len, strlen("blocked by policy"));
    assert_memory_equal(v.p, "blocked by policy", v.len);
    assert_true(tt_cef_ext_next(&kv, &k, &v));
    assert_memory_equal(v.p, "203.0.113.5", v.len);
    assert_true(tt_cef_ext_next(&kv, &k, &v));
    assert_int_equal(v.len, strlen("a\\=b c")); /* escaped '=' starts no key; blanks trimmed */
    assert_true(tt_cef_ext_next(&kv, &k, &v));
    assert_memory_equal(k.p, "cs1", 3);
    assert_false(tt_cef_ext_next(&kv, &k, &v));
}

static void test_cef_find(void **st)
{
    (void)st;
    const char *e = "suser=a@example.com act=Block reason=spam here";
    struct tt_slice v;
    assert_true(TT_CEF_FIND(e, strlen(e), "act", &v));
    assert_int_equal(v.len, 5);
    assert_true(TT_CEF_FIND(e, strlen(e), "reason", &v));
    assert_int_equal(v.len, strlen("spam here"));
    assert_false(TT_CEF_FIND(e, strlen(e), "ct", &v)); /* not inside another key */
    assert_false(TT_CEF_FIND(e, strlen(e), "missing", &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cef_pairs),
        cmocka_unit_test(test_cef_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
