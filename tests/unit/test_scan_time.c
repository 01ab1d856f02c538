/* SPDX-License-Identifier: MIT
 *
 * test_scan_time.c -- collector/scan_time.c: vendor date/time texts into
 * struct tt_stamp (fast.log, epoch digits, date + time, offsets) and a
 * stamp's epoch seconds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collector/scan_time.h"

static void test_fast_stamp(void **st)
{
    (void)st;
    struct tt_stamp s;
    int yd;
    const char *a = "02/01/2024-10:11:12.123456  [**]";
    assert_int_equal(tt_fast_stamp(a, strlen(a), &s, &yd), strlen("02/01/2024-10:11:12.123456"));
    assert_int_equal(yd, 4);
    assert_int_equal(s.year, 2024);
    assert_int_equal(s.mon, 2);
    assert_int_equal(s.mday, 1);
    assert_int_equal(s.sec, 12);
    const char *b = "12/31-23:59:59.1 x";
    assert_true(tt_fast_stamp(b, strlen(b), &s, &yd) > 0);
    assert_int_equal(yd, 0);
    assert_int_equal(tt_fast_stamp("13/31-23:59:59", 14, &s, &yd), 0);
}

static void test_epoch_and_offsets(void **st)
{
    (void)st;
    struct tt_stamp s;
    assert_int_equal(tt_stamp_from_epoch_digits(tt_slice_cstr("1700000000123"), &s), TT_OK);
    assert_int_equal(s.kind, TT_STAMP_EPOCH);
    assert_int_equal(s.epoch_s, 1700000000);
    assert_int_equal(tt_stamp_from_epoch_digits(tt_slice_cstr("17000000001"), &s), TT_ERR);
    assert_int_equal(tt_stamp_epoch_or(&s, 5), 1700000000);
    int32_t off;
    assert_int_equal(tt_parse_utc_offset(tt_slice_cstr("-05:30"), &off), TT_OK);
    assert_int_equal(off, -(5 * 3600 + 30 * 60));
    assert_int_equal(tt_parse_utc_offset(tt_slice_cstr("+1500"), &off), TT_ERR);
    assert_int_equal(tt_stamp_from_date_time(tt_slice_cstr("2024-02-01"), tt_slice_cstr("00:00:09"), &s), TT_OK);
    assert_int_equal(tt_stamp_epoch_or(&s, 0), 1706745609);
    struct tt_stamp none;
    memset(&none, 0, sizeof(none));
    assert_int_equal(tt_stamp_epoch_or(&none, 77), 77);
    const char *m = "Feb 01 2024 10:00:00 UTC";
    assert_int_equal(tt_parse_mdy_stamp(m, strlen(m), &s), strlen(m));
    assert_int_equal(s.kind, TT_STAMP_OFFSET);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_stamp),
        cmocka_unit_test(test_epoch_and_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
