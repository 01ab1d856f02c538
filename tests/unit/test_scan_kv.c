/* SPDX-License-Identifier: MIT
 *
 * test_scan_kv.c -- the key=value toolkit (collector/scan_kv.c) and what
 * grew up beside it: the CEF extension, Check Point and CSV scanners
 * (quoting and escaping rules), the number/time helpers and the verdict
 * setters; plus the one-key lookup and the one-pass pick of many keys.
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
#include "collector/scan_cef.h"
#include "collector/scan_kv.h"
#include "collector/scan_time.h"
#include "collector/verdict.h"

static int next_kv(struct tt_kv *kv, char sep, char *k, char *v)
{
    struct tt_slice ks, vs;
    if (!tt_kv_next(kv, sep, &ks, &vs))
        return 0;
    snprintf(k, 64, "%.*s", (int)ks.len, ks.p);
    snprintf(v, 128, "%.*s", (int)vs.len, vs.p);
    return 1;
}

static void test_kv_fortigate(void **st)
{
    (void)st;
    const char *s = "date=2024-03-01 devname=\"fw 1\" junk msg=\"a \\\"q\\\" b=c\" action=deny empty= last=\"x";
    struct tt_kv kv;
    char k[64], v[128];
    tt_kv_init(&kv, s, strlen(s));
    assert_true(next_kv(&kv, ' ', k, v));
    assert_string_equal(k, "date");
    assert_string_equal(v, "2024-03-01");
    assert_true(next_kv(&kv, ' ', k, v));
    assert_string_equal(k, "devname");
    assert_string_equal(v, "fw 1");
    assert_true(next_kv(&kv, ' ', k, v)); /* "junk" has no '=': skipped */
    assert_string_equal(k, "msg");
    assert_string_equal(v, "a \\\"q\\\" b=c"); /* raw: escapes kept, b=c is not a key */
    assert_true(next_kv(&kv, ' ', k, v));
    assert_string_equal(k, "action");
    assert_string_equal(v, "deny");
    assert_true(next_kv(&kv, ' ', k, v));
    assert_string_equal(k, "empty");
    assert_string_equal(v, "");
    assert_true(next_kv(&kv, ' ', k, v));
    assert_string_equal(k, "last");
    assert_string_equal(v, "x"); /* unterminated quote: to the end */
    assert_false(next_kv(&kv, ' ', k, v));

    const char *p = "a=\"1\"|b=2|c=\"x|y\"";
    tt_kv_init(&kv, p, strlen(p));
    assert_true(next_kv(&kv, '|', k, v));
    assert_string_equal(v, "1");
    assert_true(next_kv(&kv, '|', k, v));
    assert_string_equal(v, "2");
    assert_true(next_kv(&kv, '|', k, v));
    assert_string_equal(v, "x|y");
    assert_false(next_kv(&kv, '|', k, v));
}

static void test_cef_ext(void **st)
{
    (void)st;
    const char *s = "src=1.2.3.4 msg=hello world a\\=b c\\\\ d act=deny rt=Mar 01 2024 12:00:01  cs1Label=x y   ";
    struct tt_kv kv;
    struct tt_slice k, v;
    tt_kv_init(&kv, s, strlen(s));
    const char *want[][2] = {{"src", "1.2.3.4"},
                             {"msg", "hello world a\\=b c\\\\ d"},
                             {"act", "deny"},
                             {"rt", "Mar 01 2024 12:00:01"},
                             {"cs1Label", "x y"}};
    for (size_t i = 0; i < 5; i++) {
        assert_true(tt_cef_ext_next(&kv, &k, &v));
        assert_true(tt_slice_eq(k, want[i][0]));
        assert_true(tt_slice_eq(v, want[i][1]));
    }
    assert_false(tt_cef_ext_next(&kv, &k, &v));
}

static void test_cp_and_csv(void **st)
{
    (void)st;
    const char *s = "[action:\"Drop\"; sys_message::\"a; b\"; tag:\"x\\]\\\"y\"; bad; src:\"1.2.3.4\"]";
    struct tt_kv kv;
    struct tt_slice k, v;
    tt_kv_init(&kv, s, strlen(s));
    assert_true(tt_cp_next(&kv, &k, &v));
    assert_true(tt_slice_eq(k, "action") && tt_slice_eq(v, "Drop"));
    assert_true(tt_cp_next(&kv, &k, &v));
    assert_true(tt_slice_eq(k, "sys_message") && tt_slice_eq(v, "a; b"));
    assert_true(tt_cp_next(&kv, &k, &v));
    assert_true(tt_slice_eq(k, "tag") && tt_slice_eq(v, "x\\]\\\"y"));
    assert_true(tt_cp_next(&kv, &k, &v));
    assert_true(tt_slice_eq(k, "src") && tt_slice_eq(v, "1.2.3.4"));
    assert_false(tt_cp_next(&kv, &k, &v));

    const char *c = "1,\"a,b\",\"say \"\"hi\"\"\",,last";
    tt_kv_init(&kv, c, strlen(c));
    const char *want[] = {"1", "a,b", "say \"\"hi\"\"", "", "last"};
    for (size_t i = 0; i < 5; i++) {
        assert_true(tt_csv_next(&kv, &v));
        assert_true(tt_slice_eq(v, want[i]));
    }
    assert_false(tt_csv_next(&kv, &v));
    tt_kv_init(&kv, "x,", 2);
    assert_true(tt_csv_next(&kv, &v) && tt_slice_eq(v, "x"));
    assert_true(tt_csv_next(&kv, &v) && v.len == 0); /* trailing empty field */
    assert_false(tt_csv_next(&kv, &v));
}

static void test_times(void **st)
{
    (void)st;
    struct tt_stamp s;
    assert_int_equal(tt_stamp_from_epoch_digits(tt_slice_cstr("1709294401123456789"), &s), TT_OK);
    assert_int_equal(s.kind, TT_STAMP_EPOCH);
    assert_true(s.epoch_s == 1709294401);
    assert_int_equal(tt_stamp_from_epoch_digits(tt_slice_cstr("1709294401123"), &s), TT_OK);
    assert_true(s.epoch_s == 1709294401);
    assert_int_equal(tt_stamp_from_epoch_digits(tt_slice_cstr("158723024936"), &s), TT_ERR);
    assert_int_equal(tt_stamp_from_epoch_digits(tt_slice_cstr("17092944x1"), &s), TT_ERR);
    assert_int_equal(tt_stamp_from_date_time(tt_slice_cstr("2024/03/01"), tt_slice_cstr("12:00:01"), &s), TT_OK);
    assert_int_equal(s.kind, TT_STAMP_LOCAL);
    assert_int_equal(s.year, 2024);
    assert_int_equal(s.sec, 1);
    assert_int_equal(tt_stamp_from_date_time(tt_slice_cstr("2024-13-01"), tt_slice_cstr("12:00:01"), &s), TT_ERR);
    assert_int_equal(tt_stamp_from_date_time(tt_slice_cstr("2024-03-01"), tt_slice_cstr("12:0:01"), &s), TT_ERR);
    int32_t off;
    assert_int_equal(tt_parse_utc_offset(tt_slice_cstr("-0500"), &off), TT_OK);
    assert_int_equal(off, -18000);
    assert_int_equal(tt_parse_utc_offset(tt_slice_cstr("+05:30"), &off), TT_OK);
    assert_int_equal(off, 19800);
    assert_int_equal(tt_parse_utc_offset(tt_slice_cstr("EDT"), &off), TT_ERR);
    const char *m = "Mar  1 2024 12:00:01.123 UTC: rest";
    size_t n = tt_parse_mdy_stamp(m, strlen(m), &s);
    assert_int_equal(n, 28);
    assert_int_equal(s.kind, TT_STAMP_OFFSET);
    assert_int_equal(s.mday, 1);
    n = tt_parse_mdy_stamp("Mar 01 2024 12:00:01", 20, &s);
    assert_int_equal(n, 20);
    assert_int_equal(s.kind, TT_STAMP_LOCAL);
    assert_int_equal(tt_parse_mdy_stamp("Mar 01 24 12:00:01xx", 20, &s), 0);
}

static void test_verdicts(void **st)
{
    (void)st;
    struct tt_cidr_set home;
    tt_cidr_set_default_home(&home);
    struct tt_parse_ctx ctx = {.home_net = &home};
    struct tt_event ev;
    tt_event_reset(&ev);
    assert_int_equal(tt_slice_addr(tt_slice_cstr("203.0.113.5"), &ev.src), TT_OK);
    tt_fw_deny(&ctx, &ev);
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);
    assert_int_equal(ev.reason, TT_REASON_FIREWALL);
    tt_event_reset(&ev);
    assert_int_equal(tt_slice_addr(tt_slice_cstr("10.1.2.3"), &ev.src), TT_OK);
    tt_fw_deny(&ctx, &ev);
    assert_int_equal(ev.verdict, TT_VERDICT_BLOCKED);
    assert_int_equal(ev.metric, TT_METRIC_NONE);
    tt_fw_ips_block(&ev);
    assert_int_equal(ev.reason, TT_REASON_IPS);
    tt_fw_ids_alert(&ev);
    assert_int_equal(ev.verdict, TT_VERDICT_ALLOWED);
    assert_int_equal(ev.metric, TT_METRIC_IDS_ALERTS);
    assert_int_equal(tt_slice_addr(tt_slice_cstr("host-1"), &ev.src), TT_ERR);
    assert_int_equal(ev.src.family, 0);
    uint64_t u;
    assert_int_equal(tt_slice_u64(tt_slice_cstr("99999999999999999999"), &u), TT_ERR);
    assert_true(tt_slice_ieq(tt_slice_cstr("DENY"), "deny"));
    assert_false(tt_slice_ieq(tt_slice_cstr("denyx"), "deny"));
}

static void test_find_and_pick(void **st)
{
    (void)st;
    const char *l = "a=1|key=v 2|xkey=no|n=42";
    struct tt_slice v;
    assert_true(TT_KV_FIND(l, strlen(l), "key", '|', &v));
    assert_int_equal(v.len, 3);
    assert_memory_equal(v.p, "v 2", 3);
    assert_false(TT_KV_FIND(l, strlen(l), "ey", '|', &v)); /* a key only starts after sep */
    static const char *const keys[] = {"n", "key", "none"};
    struct tt_slice out[3];
    uint64_t got = tt_kv_pick(l, strlen(l), 0, '|', keys, 3, out);
    assert_int_equal(got, 3);
    assert_memory_equal(out[0].p, "42", 2);
    const char *j = "{\"n\": 7, \"key\":\"a\\\"b\", \"x\":{\"none\":1}}";
    got = tt_kv_pick(j, strlen(j), 1, 0, keys, 3, out);
    assert_int_equal(got & 3, 3);
    assert_int_equal(out[0].len, 1);
    assert_int_equal(out[1].len, 4); /* raw, escape kept */
    uint32_t u32;
    assert_int_equal(tt_slice_u32(tt_slice_cstr("4294967295"), &u32), TT_OK);
    assert_int_equal(tt_slice_u32(tt_slice_cstr("4294967296"), &u32), TT_ERR);
    assert_int_equal(tt_slice_u32(tt_slice_cstr("-1"), &u32), TT_ERR);
    struct tt_slice t = tt_slice_trim(tt_slice_cstr("  x y \t"));
    assert_int_equal(t.len, 3);
    assert_true(TT_STARTS("abc", 3, "ab"));
    assert_false(TT_STARTS("a", 1, "ab"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kv_fortigate), cmocka_unit_test(test_cef_ext), cmocka_unit_test(test_cp_and_csv),
        cmocka_unit_test(test_times),        cmocka_unit_test(test_verdicts), cmocka_unit_test(test_find_and_pick),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
