/* SPDX-License-Identifier: MIT
 *
 * test_verdict.c -- collector/verdict.c and verdict_vendor.c: log-prefix
 * words and --prefix-map rules, refusal reasons, and the vendor rules the
 * CEF parser shares with the vendors' own parsers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collector/verdict.h"
#include "collector/verdict_vendor.h"

static void test_prefix_words(void **st)
{
    (void)st;
    assert_int_equal(tt_keyword_verdict(tt_slice_cstr("[UFW BLOCK]")), TT_VERDICT_BLOCKED);
    assert_int_equal(tt_keyword_verdict(tt_slice_cstr("ACCEPT_OR_DROP")), TT_VERDICT_BLOCKED);
    assert_int_equal(tt_keyword_verdict(tt_slice_cstr("permit-in")), TT_VERDICT_ALLOWED);
    assert_int_equal(tt_keyword_verdict(tt_slice_cstr("[UFW AUDIT]")), TT_VERDICT_OTHER);
    struct tt_prefix_rule rules[4];
    size_t n = 0;
    char err[128];
    assert_int_equal(tt_prefix_rules_parse("FW-IN:blocked, OK:allowed", rules, 4, &n, err, sizeof(err)), TT_OK);
    assert_int_equal(n, 2);
    struct tt_parse_ctx ctx = {.prefix_rules = rules, .n_prefix_rules = n};
    assert_int_equal(tt_prefix_verdict(&ctx, tt_slice_cstr("ok-drop")), TT_VERDICT_ALLOWED); /* site rule first */
    assert_int_equal(tt_site_rule_verdict(&ctx, tt_slice_cstr("nothing")), TT_VERDICT_UNPARSED);
    assert_int_equal(tt_prefix_rules_parse("X:maybe", rules, 4, &n, err, sizeof(err)), TT_ERR);
    assert_non_null(strstr(err, "X:maybe"));
}

static void test_reasons(void **st)
{
    (void)st;
    const char *t = "rejected: listed on zen.spamhaus.org";
    assert_int_equal(tt_reason_from_text(t, strlen(t), TT_REASON_POLICY), TT_REASON_REPUTATION);
    t = "Infected: phishing kit";
    assert_int_equal(tt_reason_from_text(t, strlen(t), TT_REASON_POLICY), TT_REASON_PHISHING);
    t = "mailbox full";
    assert_int_equal(tt_reason_from_text(t, strlen(t), TT_REASON_POLICY), TT_REASON_POLICY);
}

static void test_vendor_rules(void **st)
{
    (void)st;
    struct tt_cidr_set home;
    tt_cidr_set_default_home(&home);
    struct tt_parse_ctx ctx = {.home_net = &home};
    struct tt_event ev;
    tt_event_reset(&ev);
    assert_int_equal(tt_addr_parse("198.51.100.7", 12, &ev.src), TT_OK);
    tt_fortigate_judge(&ctx, tt_slice_cstr("traffic"), tt_slice_cstr("forward"), tt_slice_cstr("deny"),
                       tt_slice_cstr(""), &ev);
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);
    assert_int_equal(tt_fortigate_word(tt_slice_cstr("accept")), TT_FG_PASS);
    struct tt_cp_seen *seen = tt_cp_seen_create();
    assert_non_null(seen);
    assert_int_equal(tt_cp_seen_check(seen, tt_slice_cstr("{0x1,0x2}"), 1000), 0);
    assert_int_equal(tt_cp_seen_check(seen, tt_slice_cstr("{0x1,0x2}"), 1001), 1);
    tt_cp_seen_destroy(seen);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefix_words),
        cmocka_unit_test(test_reasons),
        cmocka_unit_test(test_vendor_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
