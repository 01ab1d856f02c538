/* SPDX-License-Identifier: MIT
 * test_envelope.c -- syslog headers: RFC 3164, RFC 5424 (structured data,
 * nil values, BOM), the ISO form rsyslog writes, and lines without any. */
#include <stdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collector/envelope.h"
#include "collector/parser.h"

#include <string.h>

static void expect_slice(struct tt_slice s, const char *want)
{
    char buf[512];
    snprintf(buf, sizeof(buf), "%.*s", (int)s.len, s.p ? s.p : "");
    assert_string_equal(buf, want);
}

static struct tt_envelope env_of(const char *line)
{
    struct tt_envelope e;
    tt_envelope_parse(line, strlen(line), &e);
    return e;
}

static void test_rfc3164(void **state)
{
    (void)state;
    struct tt_envelope e = env_of("Feb  1 00:00:01 mx1 postfix/smtpd[1234]: connect from x[1.2.3.4]");
    assert_int_equal(e.kind, TT_ENVELOPE_RFC3164);
    assert_int_equal(e.pri, -1);
    assert_int_equal(e.stamp.kind, TT_STAMP_LOCAL);
    assert_int_equal(e.stamp.mon, 2);
    assert_int_equal(e.stamp.mday, 1);
    assert_int_equal(e.stamp.sec, 1);
    assert_int_equal(e.stamp.year, 0);
    expect_slice(e.host, "mx1");
    expect_slice(e.app, "postfix/smtpd");
    expect_slice(e.pid, "1234");
    expect_slice(e.msg, "connect from x[1.2.3.4]");

    e = env_of("<34>Oct 11 22:14:15 gw kernel: [ 12.3] DROP IN=eth0");
    assert_int_equal(e.pri, 34);
    expect_slice(e.app, "kernel");
    assert_int_equal(e.pid.len, 0);
    expect_slice(e.msg, "[ 12.3] DROP IN=eth0");
}

static void test_rfc5424(void **state)
{
    (void)state;
    struct tt_envelope e =
        env_of("<165>1 2018-02-01T10:20:30.123+01:00 mx1.example.org postfix 4242 ID47 "
               "[exampleSDID@32473 iut=\"3\" eventSource=\"App\\]lication\"] \xEF\xBB\xBFhello world");
    assert_int_equal(e.kind, TT_ENVELOPE_RFC5424);
    assert_int_equal(e.pri, 165);
    assert_int_equal(e.stamp.kind, TT_STAMP_OFFSET);
    assert_int_equal(e.stamp.year, 2018);
    assert_int_equal(e.stamp.hour, 10);
    assert_int_equal(e.stamp.offset_s, 3600);
    expect_slice(e.host, "mx1.example.org");
    expect_slice(e.app, "postfix");
    expect_slice(e.pid, "4242");
    expect_slice(e.msg, "hello world");

    e = env_of("<13>1 - - - - - -");
    assert_int_equal(e.kind, TT_ENVELOPE_RFC5424);
    assert_int_equal(e.stamp.kind, TT_STAMP_NONE);
    assert_int_equal(e.host.len, 0);
    assert_int_equal(e.app.len, 0);
    assert_int_equal(e.msg.len, 0);
}

static void test_iso(void **state)
{
    (void)state;
    struct tt_envelope e = env_of("2018-02-01T00:00:01.123456+00:00 mx1 postfix/qmgr[9]: 3F1A2B: removed");
    assert_int_equal(e.kind, TT_ENVELOPE_ISO);
    assert_int_equal(e.stamp.kind, TT_STAMP_OFFSET);
    expect_slice(e.host, "mx1");
    expect_slice(e.app, "postfix/qmgr");
    expect_slice(e.msg, "3F1A2B: removed");
}

static void test_no_header(void **state)
{
    (void)state;
    const char *json = "{\"timestamp\":\"2018-02-01T00:00:00Z\",\"event_type\":\"alert\"}";
    struct tt_envelope e = env_of(json);
    assert_int_equal(e.kind, TT_ENVELOPE_NONE);
    expect_slice(e.msg, json);
    e = env_of("");
    assert_int_equal(e.kind, TT_ENVELOPE_NONE);
    assert_int_equal(e.msg.len, 0);
    e = env_of("<999>garbage");
    assert_int_equal(e.pri, -1);
    e = env_of("Feb 30");
    assert_int_equal(e.kind, TT_ENVELOPE_NONE);
}

static void test_missing_host(void **state)
{
    (void)state;
    struct tt_envelope e = env_of("Feb  1 00:00:01 postfix/smtpd[1]: hello");
    assert_int_equal(e.host.len, 0);
    expect_slice(e.app, "postfix/smtpd");
    expect_slice(e.msg, "hello");
}

/* A relay's header in front of a whole line: the inner one is taken. */
static void test_rewrapped(void **state)
{
    (void)state;
    struct tt_envelope e = env_of("<133>Dec  3 13:20:44 relay1 mail: Feb  1 00:00:04 mx1 postfix/smtpd[7]: hello");
    assert_int_equal(e.wrapped, 1);
    assert_int_equal(e.stamp.mon, 2);
    expect_slice(e.host, "mx1");
    expect_slice(e.app, "postfix/smtpd");
    expect_slice(e.pid, "7");
    expect_slice(e.msg, "hello");
    assert_int_equal(e.line.len, strlen("<133>Dec  3 13:20:44 relay1 mail: Feb  1 00:00:04 mx1 postfix/smtpd[7]: hello"));

    e = env_of("<22>Dec  3 13:20:46 relay1 2018-02-01T00:00:13.5+00:00 mx1 amavis[9]: (9-1) Passed");
    assert_int_equal(e.wrapped, 1);
    assert_int_equal(e.kind, TT_ENVELOPE_ISO);
    expect_slice(e.app, "amavis");

    e = env_of("<133>1 2026-12-03T13:20:45Z relay1 mail - - - Feb  1 00:00:09 mx1 kernel: DROP IN=eth0");
    assert_int_equal(e.wrapped, 1);
    expect_slice(e.app, "kernel");
    expect_slice(e.msg, "DROP IN=eth0");

    /* a message that starts with a date but carries no tag stays */
    e = env_of("<22>Dec  3 13:20:49 relay1 exim: 2018-02-01 10:00:00 [4001] H=mx.example.net rejected RCPT");
    assert_int_equal(e.wrapped, 0);
    expect_slice(e.app, "exim");
    e = env_of("Dec  3 13:20:49 relay1 mail: Feb  1 00:00:20 this is not a header");
    assert_int_equal(e.wrapped, 0);
    expect_slice(e.app, "mail");
}

/* rsyslog's RFC 5424 template keeps the blank after "tag:" in MSG. */
static void test_5424_msg_blank(void **state)
{
    (void)state;
    struct tt_envelope e = env_of("<22>1 2018-02-01T00:00:00.54+00:00 mx1 postfix 14172 - -  connect from x[10.1.2.3]");
    expect_slice(e.app, "postfix");
    expect_slice(e.pid, "14172");
    expect_slice(e.msg, "connect from x[10.1.2.3]");
}

static void test_app_program(void **state)
{
    (void)state;
    struct tt_slice head;
    expect_slice(tt_app_program(tt_slice_cstr("postfix/smtpd"), &head), "smtpd");
    expect_slice(head, "postfix");
    expect_slice(tt_app_program(tt_slice_cstr("postfix-out/amavis/smtp"), &head), "smtp");
    expect_slice(head, "postfix-out");
    expect_slice(tt_app_program(tt_slice_cstr("kernel"), &head), "kernel");
    expect_slice(head, "kernel");
}

/* Every prefix of a real line must parse without reading past its end
 * (ASan build checks the reads). */
static void test_all_prefixes(void **state)
{
    (void)state;
    const char *lines[] = {
        "<34>1 2018-02-01T10:20:30Z h a 1 m [x y=\"a\\\"]\"] msg",
        "<34>Feb  1 00:00:01 mx1 postfix/smtpd[1234]: connect",
        "2018-02-01T00:00:01+00:00 mx1 tag[1]: m",
    };
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        size_t n = strlen(lines[i]);
        for (size_t k = 0; k <= n; k++) {
            char buf[256];
            memcpy(buf, lines[i], k);
            struct tt_envelope e;
            tt_envelope_parse(buf, k, &e);
            assert_true(e.msg.len <= k);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc3164),      cmocka_unit_test(test_rfc5424),  cmocka_unit_test(test_iso),
        cmocka_unit_test(test_no_header),    cmocka_unit_test(test_missing_host),
        cmocka_unit_test(test_app_program),  cmocka_unit_test(test_all_prefixes),
        cmocka_unit_test(test_rewrapped),    cmocka_unit_test(test_5424_msg_blank),
    };
    return cmocka_run_group_tests_name("envelope", tests, NULL, NULL);
}
