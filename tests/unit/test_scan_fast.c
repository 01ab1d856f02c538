/* SPDX-License-Identifier: MIT
 *
 * test_scan_fast.c -- collector/scan_fast.c: the fast.log alert body shared by
 * snort and suricata-fast, and collector/scan_addr.c / scan_syslog.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collector/scan_addr.h"
#include "collector/scan_fast.h"
#include "collector/scan_syslog.h"

static void test_alert_body(void **st)
{
    (void)st;
    struct tt_event ev;
    tt_event_reset(&ev);
    const char *b = " [Drop] [**] [1:2001219:20] ET SCAN Potential SSH Scan [**] [Classification: x] "
                    "[Priority: 2] {TCP} 203.0.113.9:4444 -> 10.0.0.1:22";
    assert_int_equal(tt_fast_alert_body(tt_slice_cstr(b), &ev), TT_PARSE_OK);
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);
    assert_int_equal(ev.src.family, 4);
    tt_event_reset(&ev);
    assert_int_equal(tt_fast_alert_body(tt_slice_cstr(" hello world"), &ev), TT_PARSE_NOMATCH);
    assert_int_equal(tt_fast_gsr("[1:2:3] x", 9), 7);
    assert_true(tt_fast_drop_word(tt_slice_cstr(" sDrop ")));
    assert_false(tt_fast_drop_word(tt_slice_cstr("alert")));
}

static void test_addr_and_syslog(void **st)
{
    (void)st;
    struct tt_addr a;
    assert_int_equal(tt_bracket_addr("from x [192.0.2.1] y", 20, &a), TT_OK);
    assert_int_equal(tt_slice_addr_port(tt_slice_cstr("[2001:db8::1]:443"), &a), TT_OK);
    assert_int_equal(a.family, 6);
    assert_int_equal(tt_is_home(NULL, &a), 0);
    const char *l = "Feb  1 00:00:01 <mail.info> mx1 sm-mta[42]: x1 from=<a@b>";
    struct tt_envelope env, out;
    tt_envelope_parse(l, strlen(l), &env);
    if (tt_envelope_reread(&env, &out)) {
        assert_int_equal(out.host.len, 3);
        assert_memory_equal(out.app.p, "sm-mta", 6);
        assert_memory_equal(out.pid.p, "42", 2);
    } else {
        assert_int_equal(env.host.len, 3); /* the envelope already read it right */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alert_body),
        cmocka_unit_test(test_addr_and_syslog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
