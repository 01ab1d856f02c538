/* SPDX-License-Identifier: MIT
 *
 * test_rules.c -- collector/rules.c: the loader (keys, values, sections,
 * continuation lines, directories in name order) and its messages with file,
 * line and column; the matcher (first rule in file order wins, program
 * filters, override-only scans, --home-net, named groups, time formats).
 * Envelopes come from the real collector/envelope.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "collector/rules.h"

static struct tt_cidr_set home;
static struct tt_parse_ctx ctx;

static struct tt_rules *load(const char *text, char *err, size_t errlen)
{
    err[0] = '\0';
    return tt_rules_parse(text, strlen(text), "t.conf", err, errlen);
}

/* Loading must fail with a message that starts with want. */
static void expect_error(const char *text, const char *want)
{
    char err[1024];
    struct tt_rules *r = load(text, err, sizeof(err));
    if (r || strncmp(err, want, strlen(want)) != 0) {
        tt_rules_destroy(r);
        fail_msg("want error '%s...', got %s '%s'", want, r ? "a loaded set" : "", err);
    }
}

/* Applies r to line; returns the rule index and fills ev. */
static int apply(struct tt_rules *r, int override_only, const char *line, struct tt_event *ev)
{
    struct tt_envelope env;
    tt_envelope_parse(line, strlen(line), &env);
    tt_event_reset(ev);
    return tt_rules_apply(r, override_only, &ctx, &env, ev);
}

static void test_first_rule_in_file_order_wins(void **state)
{
    (void)state;
    /* "b" ends its match earlier in the line than "a", so Vectorscan
     * reports it first: the lower rule number must still win. */
    const char *text = "[rule a]\n"
                       "match = deny from [0-9.]+ port 22\n"
                       "verdict = other\n"
                       "[rule b]\n"
                       "match = deny\n"
                       "verdict = blocked\n"
                       "metric = attacks_blocked\n"
                       "reason = ips\n";
    char err[512];
    struct tt_rules *r = load(text, err, sizeof(err));
    assert_non_null(r);
    assert_int_equal(tt_rules_count(r), 2);
    assert_int_equal(tt_rules_override_count(r), 0);
    struct tt_event ev;
    assert_int_equal(apply(r, 0, "deny from 203.0.113.4 port 22", &ev), 0);
    assert_int_equal(ev.verdict, TT_VERDICT_OTHER);
    assert_int_equal(apply(r, 0, "deny from 203.0.113.4 port 25", &ev), 1);
    assert_int_equal(ev.verdict, TT_VERDICT_BLOCKED);
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);
    assert_int_equal(ev.reason, TT_REASON_IPS);
    assert_int_equal(apply(r, 0, "allow from 203.0.113.4", &ev), -1);
    /* no override rule: an override-only scan finds nothing */
    assert_int_equal(apply(r, 1, "deny from 203.0.113.4 port 22", &ev), -1);
    assert_int_equal(tt_rules_hits(r, 0), 1);
    assert_int_equal(tt_rules_hits(r, 1), 1);
    tt_rules_destroy(r);
}

static void test_program_src_home_net(void **state)
{
    (void)state;
    const char *text = "# comment\n"
                       "; another\n"
                       "[rule fw]   ; trailing comment\n"
                       "program = firewall\n"
                       "match = msg_id=\"3000-0148\" Deny (?<src>[0-9a-fA-F.:]+)   ; inline comment\n"
                       "verdict = blocked\n"
                       "metric = attacks_blocked\n"
                       "reason = firewall\n";
    char err[512];
    struct tt_rules *r = load(text, err, sizeof(err));
    assert_non_null(r);
    struct tt_event ev;
    assert_int_equal(apply(r, 0, "<140>Feb  1 00:00:01 fw1 firewall: msg_id=\"3000-0148\" Deny 203.0.113.9 x", &ev),
                     0);
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);
    assert_int_equal(ev.src.family, 4);
    struct tt_addr want;
    assert_int_equal(tt_addr_parse("203.0.113.9", 11, &want), TT_OK);
    assert_true(tt_addr_equal(&ev.src, &want));
    /* inside --home-net: blocked, but no attack */
    assert_int_equal(apply(r, 0, "<140>Feb  1 00:00:01 fw1 firewall: msg_id=\"3000-0148\" Deny 10.1.2.3 x", &ev), 0);
    assert_int_equal(ev.verdict, TT_VERDICT_BLOCKED);
    assert_int_equal(ev.metric, TT_METRIC_NONE);
    /* another program: the rule does not apply */
    assert_int_equal(apply(r, 0, "<140>Feb  1 00:00:01 fw1 other: msg_id=\"3000-0148\" Deny 203.0.113.9 x", &ev), -1);
    /* a src group that is no address: the home-net test cannot be made */
    assert_int_equal(apply(r, 0, "<140>Feb  1 00:00:01 fw1 firewall: msg_id=\"3000-0148\" Deny ::: x", &ev), 0);
    assert_int_equal(ev.verdict, TT_VERDICT_UNPARSED);
    assert_int_equal(ev.reason, TT_REASON_MALFORMED);
    tt_rules_destroy(r);
}

static void test_override_database(void **state)
{
    (void)state;
    const char *text = "[rule plain]\n"
                       "match = discarded\n"
                       "verdict = other\n"
                       "[rule over]\n"
                       "match = request discarded from (?<src>[0-9.]+)/\n"
                       "verdict = blocked\n"
                       "metric = attacks_blocked\n"
                       "reason = firewall\n"
                       "override = yes\n";
    char err[512];
    struct tt_rules *r = load(text, err, sizeof(err));
    assert_non_null(r);
    assert_int_equal(tt_rules_override_count(r), 1);
    struct tt_event ev;
    const char *line = "%ASA-6-710005: TCP request discarded from 203.0.113.77/4444 to outside:198.51.100.1/23";
    /* a line nobody took: every rule, file order -> "plain" */
    assert_int_equal(apply(r, 0, line, &ev), 0);
    /* a line a parser took: only override rules -> "over" */
    assert_int_equal(apply(r, 1, line, &ev), 1);
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);
    tt_rules_destroy(r);
}

static void test_continuation_and_time(void **state)
{
    (void)state;
    const char *text = "[rule t]\n"
                       "match = ^(?<time>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)\n"
                       "    \\x20(Member\\d+ )?Allow\n"
                       "time_format = %Y-%m-%d %H:%M:%S\n"
                       "verdict = allowed\n"
                       "metric = connections_allowed\n"
                       "[rule e]\n"
                       "match = ^(?<time>\\d+)\\.\\d+ \\S+ flows\n"
                       "time_format = epoch\n"
                       "verdict = other\n";
    char err[512];
    struct tt_rules *r = load(text, err, sizeof(err));
    if (!r)
        fail_msg("%s", err);
    struct tt_event ev;
    assert_int_equal(apply(r, 0, "2024-03-29 18:00:54 Allow 10.0.1.2 100.100.100.11", &ev), 0);
    assert_int_equal(ev.has_stamp, 1);
    assert_int_equal(ev.stamp.kind, TT_STAMP_LOCAL);
    assert_int_equal(ev.stamp.year, 2024);
    assert_int_equal(ev.stamp.mon, 3);
    assert_int_equal(ev.stamp.mday, 29);
    assert_int_equal(ev.stamp.hour, 18);
    assert_int_equal(ev.stamp.sec, 54);
    /* a time the format cannot read: decided by the rule, but bad_time */
    assert_int_equal(apply(r, 0, "2024-13-29 18:00:54 Allow 10.0.1.2", &ev), 0);
    assert_int_equal(ev.verdict, TT_VERDICT_UNPARSED);
    assert_int_equal(ev.reason, TT_REASON_BAD_TIME);
    assert_int_equal(apply(r, 0, "948077334.886213117 MX60 flows src=1.2.3.4", &ev), 1);
    assert_int_equal(ev.stamp.kind, TT_STAMP_EPOCH);
    assert_int_equal(ev.stamp.epoch_s, 948077334);
    tt_rules_destroy(r);
}

static void test_parse_time(void **state)
{
    (void)state;
    struct tt_stamp st;
    assert_int_equal(tt_rules_parse_time("%d/%b/%Y:%H:%M:%S %z", "10/Oct/2000:13:55:36 -0700", 26, &st), TT_OK);
    assert_int_equal(st.kind, TT_STAMP_OFFSET);
    assert_int_equal(st.offset_s, -7 * 3600);
    assert_int_equal(st.year, 2000);
    assert_int_equal(st.mon, 10);
    assert_int_equal(tt_rules_parse_time("%b %d %H:%M:%S", "Feb  1 00:00:01", 15, &st), TT_OK);
    assert_int_equal(st.year, 0); /* inferred later */
    assert_int_equal(st.kind, TT_STAMP_LOCAL);
    assert_int_equal(tt_rules_parse_time("iso8601", "2018-02-01T00:00:01Z", 20, &st), TT_OK);
    assert_int_equal(st.kind, TT_STAMP_OFFSET);
    assert_int_equal(tt_rules_parse_time("bsd", "Feb  1 00:00:01", 15, &st), TT_OK);
    assert_int_equal(tt_rules_parse_time("epoch", "1700000000.5", 12, &st), TT_OK);
    assert_int_equal(st.epoch_s, 1700000000);
    assert_int_equal(tt_rules_parse_time("epoch", "17x", 3, &st), TT_ERR);
    assert_int_equal(tt_rules_parse_time("%H:%M", "10:00", 5, &st), TT_ERR); /* no day */
    assert_int_equal(tt_rules_parse_time("%Y-%m-%d", "2018-02-01 trailing", 19, &st), TT_ERR);
}

static void test_errors_name_file_line_column(void **state)
{
    (void)state;
    expect_error("[rule a]\nmatch = x\nverdict = blocked\nmetirc = none\n",
                 "t.conf:4:1: rule 'a': unknown key 'metirc' (did you mean 'metric'?)");
    expect_error("[rule a]\nmatch = x\nverdict = blocked\nmetric = attacks\n",
                 "t.conf:4:10: rule 'a': unknown metric");
    expect_error("[rule a]\nmatch = x\nverdict = blocked\nmetric = attacks_blocked\nreason = spam\n",
                 "t.conf:5:10: rule 'a': reason spam is not a reason of metric attacks_blocked");
    expect_error("[rule a]\nmatch = x\nverdict = blocked\nmetric = emails_blocked\nreason = virus\n",
                 "t.conf:5:10: rule 'a': unknown reason");
    expect_error("[rule a]\nverdict = other\nmatch   = ab(?<src>c\n", "t.conf:3:21: rule 'a': bad regular expression");
    expect_error("[rule a]\nverdict = other\nmatch = (a)\\1\n", "t.conf:3:9: rule 'a': Vectorscan cannot compile");
    expect_error("[rule a]\nverdict = other\nmatch = x{0,50000}\n", "t.conf:3:");
    expect_error("[rule a]\nverdict = other\nmatch = .*\n", "t.conf:3:9: rule 'a': Vectorscan cannot compile");
    expect_error("[rule a]\nverdict = denied\nmatch = x\n", "t.conf:2:11: rule 'a': unknown verdict");
    expect_error("[rule a]\nmatch = x\nverdict = allowed\nmetric = attacks_blocked\nreason = ips\n",
                 "t.conf:4:10: rule 'a': metric attacks_blocked does not go with verdict allowed");
    expect_error("[rule a]\nmatch = x\nverdict = blocked\nmetric = attacks_blocked\n",
                 "t.conf:4:10: rule 'a': metric attacks_blocked needs a reason");
    expect_error("[rule a]\nmatch = x\nverdict = blocked\nmetric = attacks_blocked\nreason = firewall\n",
                 "t.conf:2:9: rule 'a': a firewall block needs a (?<src>...) group");
    expect_error("[rule a]\nmatch = (?<time>x)\nverdict = other\n", "t.conf:2:9: rule 'a': a (?<time>...) group needs");
    expect_error("[rule a]\nmatch = x\nverdict = other\ntime_format = %Y\n", "t.conf:4:15: rule 'a': time_format without");
    expect_error("[rule a]\nmatch = x\nverdict = other\noverride = maybe\n", "t.conf:4:12: rule 'a': override is yes or no");
    expect_error("[rule a]\nmatch = x\nmatch = y\nverdict = other\n", "t.conf:3:1: rule 'a': match given twice");
    expect_error("match = x\n", "t.conf:1:1: 'match' outside a [rule NAME] section");
    expect_error("[collector]\nmatch = x\n", "t.conf:1:1: unknown section [collector]");
    expect_error("[rule a b]\n", "t.conf:1:1: rule name 'a b' must be");
    expect_error("[rule a]\nmatch = x\nverdict = other\n[rule a]\n", "t.conf:4:1: rule 'a' is already defined at t.conf:1");
    expect_error("[rule a]\nverdict = other\n", "t.conf:1:1: rule 'a' has no match");
    expect_error("[rule a]\nmatch = x\n", "t.conf:1:1: rule 'a' has no verdict");
    expect_error("[rule a]\nmatch = x\nverdict = other\n    more\n", "t.conf:4:5: indented line: only match");
    expect_error("[rule a]\nthis line has no equals sign\n", "t.conf:2: expected 'key = value'");
    char err[256];
    static const char nul[] = "[rule a]\nmatch = x\0\nverdict = other\n";
    assert_null(tt_rules_parse(nul, sizeof(nul) - 1, "t.conf", err, sizeof(err)));
    assert_string_equal(err, "t.conf:2: NUL byte in the file");
    char longline[400];
    snprintf(longline, sizeof(longline), "[rule a]\nmatch = %0300d\n", 0);
    expect_error(longline, "t.conf:2:");
    /* an empty file is a valid, empty set */
    struct tt_rules *r = load("# nothing yet\n", err, sizeof(err));
    assert_non_null(r);
    assert_int_equal(tt_rules_count(r), 0);
    struct tt_event ev;
    assert_int_equal(apply(r, 0, "anything", &ev), -1);
    tt_rules_destroy(r);
}

/* A pattern within the size estimate whose compile still takes long
 * ((a.c){1000}: about 16 s on the 2-core test machine) is stopped at the
 * limit and named, never waited for. */
static void test_compile_time_limit(void **state)
{
    (void)state;
    tt_rules_set_compile_limit(1);
    expect_error("[rule slow]\nverdict = other\nmatch = (a.c){1000}\n",
                 "t.conf:3:9: rule 'slow': Vectorscan did not finish compiling within 1 s");
    tt_rules_set_compile_limit(0); /* back to the default */
    char err[256];
    struct tt_rules *r = load("[rule ok]\nverdict = other\nmatch = (a.c){10}\n", err, sizeof(err));
    assert_non_null(r);
    tt_rules_destroy(r);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_directory_in_name_order_and_carry(void **state)
{
    (void)state;
    char dir[] = "/tmp/tt_rules_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char a[256], b[256], skip[256];
    snprintf(a, sizeof(a), "%s/20-b.conf", dir);
    snprintf(b, sizeof(b), "%s/10-a.conf", dir);
    snprintf(skip, sizeof(skip), "%s/30-c.conf.example", dir);
    write_file(a, "[rule second]\nmatch = hello\nverdict = other\n");
    write_file(b, "[rule first]\nmatch = hello world\nverdict = allowed\n");
    write_file(skip, "[rule never]\nmatch = hello\nverdict = blocked\nmetric = emails_blocked\nreason = spam\n");
    const char *paths[] = {dir};
    char err[512];
    struct tt_rules *r = tt_rules_load(paths, 1, err, sizeof(err));
    if (!r)
        fail_msg("%s", err);
    assert_int_equal(tt_rules_count(r), 2);
    assert_string_equal(tt_rules_name(r, 0), "first");
    assert_string_equal(tt_rules_name(r, 1), "second");
    struct tt_event ev;
    assert_int_equal(apply(r, 0, "hello world", &ev), 0);
    assert_int_equal(apply(r, 0, "hello there", &ev), 1);
    /* a reload keeps the counts of rules of the same name */
    struct tt_rules *r2 = tt_rules_load(paths, 1, err, sizeof(err));
    assert_non_null(r2);
    tt_rules_carry_hits(r2, r);
    assert_int_equal(tt_rules_hits(r2, 0), 1);
    assert_int_equal(tt_rules_hits(r2, 1), 1);
    /* a bad file names itself */
    write_file(a, "[rule second]\nmatch = hello\nverdict = maybe\n");
    struct tt_rules *bad = tt_rules_load(paths, 1, err, sizeof(err));
    assert_null(bad);
    assert_non_null(strstr(err, "20-b.conf:3:11: rule 'second': unknown verdict"));
    const char *missing[] = {"/nonexistent/rules.conf"};
    assert_null(tt_rules_load(missing, 1, err, sizeof(err)));
    assert_non_null(strstr(err, "cannot read /nonexistent/rules.conf"));
    tt_rules_destroy(r);
    tt_rules_destroy(r2);
    unlink(a);
    unlink(b);
    unlink(skip);
    rmdir(dir);
}

int main(void)
{
    tt_cidr_set_default_home(&home);
    ctx.home_net = &home;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_rule_in_file_order_wins),
        cmocka_unit_test(test_program_src_home_net),
        cmocka_unit_test(test_override_database),
        cmocka_unit_test(test_continuation_and_time),
        cmocka_unit_test(test_parse_time),
        cmocka_unit_test(test_errors_name_file_line_column),
        cmocka_unit_test(test_directory_in_name_order_and_carry),
        cmocka_unit_test(test_compile_time_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
