/* SPDX-License-Identifier: MIT
 *
 * test_scan_json.c -- the JSON scanner (collector/scan_json.c: members,
 * escapes, nesting, malformed input, bounds, one-key lookup), the
 * blank-separated key=value tokenizer and address helper, and the parser
 * results the fixture format cannot show (ev->count, addresses).
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
#include "collector/scan_kv.h"
#include "collector/scan_json.h"

extern const struct tt_parser_ops tt_parser_juniper_srx;
extern const struct tt_parser_ops tt_parser_suricata_eve;
extern const struct tt_parser_ops tt_parser_sonicwall;

static int slice_is(struct tt_slice s, const char *lit)
{
    return s.len == strlen(lit) && memcmp(s.p, lit, s.len) == 0;
}

/* A heap copy of exactly len bytes, so ASan sees any read past the end. */
static char *dup_exact(const char *s, size_t len)
{
    char *p = malloc(len ? len : 1);
    assert_non_null(p);
    memcpy(p, s, len);
    return p;
}

static void test_json_members(void **st)
{
    (void)st;
    const char *j = " {\"a\" : \"x\\\"y\", \"b\":{\"c\":[1,{\"d\":\"}\"}],\"e\":null}, \"n\":-12.5e3,\"t\":true }";
    struct tt_json_cur c;
    struct tt_slice k, v, s;
    assert_int_equal(tt_json_open(&c, j, j + strlen(j)), TT_OK);
    assert_int_equal(tt_json_next(&c, &k, &v), 1);
    assert_true(slice_is(k, "a"));
    assert_true(slice_is(v, "\"x\\\"y\""));
    assert_int_equal(tt_json_str(v, &s), TT_OK);
    assert_true(slice_is(s, "x\\\"y"));
    assert_int_equal(tt_json_next(&c, &k, &v), 1);
    assert_true(slice_is(k, "b"));
    assert_true(slice_is(v, "{\"c\":[1,{\"d\":\"}\"}],\"e\":null}"));
    struct tt_json_cur in;
    assert_int_equal(tt_json_open(&in, v.p, v.p + v.len), TT_OK);
    assert_int_equal(tt_json_next(&in, &k, &v), 1);
    assert_true(slice_is(k, "c"));
    assert_int_equal(tt_json_next(&in, &k, &v), 1);
    assert_true(slice_is(k, "e"));
    assert_true(slice_is(v, "null"));
    assert_int_equal(tt_json_next(&in, &k, &v), 0);
    assert_int_equal(tt_json_next(&c, &k, &v), 1);
    assert_true(slice_is(v, "-12.5e3"));
    assert_int_equal(tt_json_str(v, &s), TT_ERR);
    assert_int_equal(tt_json_next(&c, &k, &v), 1);
    assert_true(slice_is(k, "t"));
    assert_int_equal(tt_json_next(&c, &k, &v), 0);
}

static void test_json_malformed(void **st)
{
    (void)st;
    static const char *const bad[] = {
        "{\"a\":\"unterminated", "{\"a\" 1}", "{\"a\":}", "{\"a\":[1,2}", "{\"a\":{\"b\":1]", "{a:1}",
        "{\"a\":\"\\\"}", "{\"a\":1,", "{",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        size_t n = strlen(bad[i]);
        char *b = dup_exact(bad[i], n);
        struct tt_json_cur c;
        struct tt_slice k, v;
        assert_int_equal(tt_json_open(&c, b, b + n), TT_OK);
        int r, steps = 0;
        while ((r = tt_json_next(&c, &k, &v)) == 1 && steps < 10)
            steps++;
        assert_int_equal(r, -1);
        free(b);
    }
    struct tt_json_cur c;
    static const char arr[] = "[1]";
    assert_int_equal(tt_json_open(&c, arr, arr + 3), TT_ERR);
    /* deep nesting costs no stack */
    size_t n = 200000;
    char *deep = malloc(n + 8);
    assert_non_null(deep);
    memcpy(deep, "{\"a\":", 5);
    memset(deep + 5, '[', n);
    size_t len = n + 5;
    char *b = dup_exact(deep, len);
    struct tt_slice k, v;
    assert_int_equal(tt_json_open(&c, b, b + len), TT_OK);
    assert_int_equal(tt_json_next(&c, &k, &v), -1);
    free(b);
    free(deep);
}

static void test_kv(void **st)
{
    (void)st;
    const char *s = "a=1 b=\"two words\" junk c='x y' d= e=\"esc \\\" q\" =z f=\"open";
    const char *p = s, *end = s + strlen(s);
    struct tt_slice k, v;
    const char *want[][2] = {{"a", "1"}, {"b", "two words"}, {"c", "x y"}, {"d", ""}, {"e", "esc \\\" q"}, {"f", "open"}};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(tt_kv_scan(&p, end, &k, &v), 1);
        assert_true(slice_is(k, want[i][0]));
        assert_true(slice_is(v, want[i][1]));
    }
    assert_int_equal(tt_kv_scan(&p, end, &k, &v), 0);
}

static void test_addr_port(void **st)
{
    (void)st;
    struct tt_addr a;
    char buf[64];
    static const char *const in[][2] = {
        {"198.51.100.1:80", "198.51.100.1"},   {"[2001:db8::1]:443", "2001:db8::1"}, {"198.51.100.2/53", "198.51.100.2"},
        {"198.51.100.3(8080)", "198.51.100.3"}, {"2001:db8::5", "2001:db8::5"},      {" 10.0.0.1 ", "10.0.0.1"},
    };
    for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        assert_int_equal(tt_slice_addr_port(tt_slice_cstr(in[i][0]), &a), TT_OK);
        tt_addr_format(&a, buf, sizeof(buf));
        assert_string_equal(buf, in[i][1]);
    }
    assert_int_equal(tt_slice_addr_port(tt_slice_cstr("nowhere:80"), &a), TT_ERR);
    assert_int_equal(a.family, 0);
    assert_int_equal(tt_slice_addr_port(tt_slice_cstr("[2001:db8::1"), &a), TT_ERR);
}

static void run(const struct tt_parser_ops *ops, const char *line, struct tt_event *ev, enum tt_parse_rc want)
{
    struct tt_envelope env;
    size_t n = strlen(line);
    char *b = dup_exact(line, n);
    tt_envelope_parse(b, n, &env);
    struct tt_cidr_set home;
    tt_cidr_set_default_home(&home);
    struct tt_parse_ctx ctx = {.home_net = &home};
    tt_event_reset(ev);
    assert_int_equal(ops->parse(NULL, &ctx, &env, ev), want);
    free(b);
}

static void test_parser_details(void **st)
{
    (void)st;
    struct tt_event ev;
    char buf[64];
    run(&tt_parser_juniper_srx,
        "<165>1 2018-11-14T11:12:53.000+01:00 srx1 RT_IDP - IDP_ATTACK_LOG_EVENT [junos@2636.1.1.1.2.129 "
        "source-address=\"198.51.100.14\" source-port=\"1\" destination-address=\"10.0.0.14\" repeat-count=\"3\" "
        "action=\"DROP\"]",
        &ev, TT_PARSE_OK);
    assert_int_equal(ev.count, 3);
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);
    tt_addr_format(&ev.src, buf, sizeof(buf));
    assert_string_equal(buf, "198.51.100.14");
    tt_addr_format(&ev.dst, buf, sizeof(buf));
    assert_string_equal(buf, "10.0.0.14");
    run(&tt_parser_juniper_srx,
        "<165>1 2018-11-14T11:12:53.000+01:00 srx1 RT_IDP - IDP_ATTACK_LOG_EVENT [junos@2636.1.1.1.2.129 "
        "source-address=\"198.51.100.14\" repeat-count=\"0\" action=\"NONE\"]",
        &ev, TT_PARSE_OK);
    assert_int_equal(ev.count, 1);
    assert_int_equal(ev.metric, TT_METRIC_IDS_ALERTS);

    run(&tt_parser_suricata_eve,
        "{\"timestamp\":\"2018-07-12T06:22:33.415742+0000\",\"event_type\":\"alert\",\"src_ip\":\"2001:db8:99::4\","
        "\"dest_ip\":\"10.0.0.5\",\"alert\":{\"action\":\"blocked\"}}",
        &ev, TT_PARSE_OK);
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);
    assert_int_equal(ev.reason, TT_REASON_IPS);
    assert_int_equal(ev.has_stamp, 1);
    assert_int_equal(ev.stamp.kind, TT_STAMP_OFFSET);
    assert_int_equal(ev.stamp.hour, 6);
    tt_addr_format(&ev.src, buf, sizeof(buf));
    assert_string_equal(buf, "2001:db8:99::4");

    run(&tt_parser_sonicwall,
        "id=firewall sn=X time=\"2018-01-03 14:48:14\" fw=192.0.2.4 pri=5 c=256 m=38 msg=\"ICMP packet dropped\" "
        "src=198.51.100.112:1026:WAN dst=192.0.2.4:6822:WAN",
        &ev, TT_PARSE_OK);
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);
    assert_int_equal(ev.stamp.kind, TT_STAMP_LOCAL);
    tt_addr_format(&ev.dst, buf, sizeof(buf));
    assert_string_equal(buf, "192.0.2.4");
}

static void test_json_find(void **st)
{
    (void)st;
    const char *j = "{\"msg\":\"say \\\"action\\\":1\",\"action\": \"block\", \"n\":12}";
    struct tt_slice v;
    assert_true(TT_JSON_FIND(j, strlen(j), "action", &v));
    assert_int_equal(v.len, 5);
    assert_memory_equal(v.p, "block", 5);
    assert_true(TT_JSON_FIND(j, strlen(j), "n", &v));
    assert_memory_equal(v.p, "12", 2);
    assert_false(TT_JSON_FIND(j, strlen(j), "nope", &v));
    assert_false(TT_JSON_FIND(j, 10, "action", &v)); /* never past n */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_members), cmocka_unit_test(test_json_find), cmocka_unit_test(test_json_malformed), cmocka_unit_test(test_kv),
        cmocka_unit_test(test_addr_port),    cmocka_unit_test(test_parser_details),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
