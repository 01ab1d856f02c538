/* SPDX-License-Identifier: MIT
 * test_figures.c -- the report model and its renderers: number formatting
 * ("4,012,345", "4.0 million", percentages, changes), headline sentences,
 * escaping of text that came from Redis, and text/Markdown/JSON rendering
 * of a hand-built model (no Redis). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "aggregator/figures.h"
#include "aggregator/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T(y, mo, d, h, mi) tt_timegm((y), (mo), (d), (h), (mi), 0)

static void test_fmt_int(void **state)
{
    (void)state;
    char b[FIG_NUM_LEN];
    assert_string_equal(figures_fmt_int(0, b, sizeof(b)), "0");
    assert_string_equal(figures_fmt_int(999, b, sizeof(b)), "999");
    assert_string_equal(figures_fmt_int(1000, b, sizeof(b)), "1,000");
    assert_string_equal(figures_fmt_int(4012345, b, sizeof(b)), "4,012,345");
    assert_string_equal(figures_fmt_int(18446744073709551615ull, b, sizeof(b)), "18,446,744,073,709,551,615");
}

static void test_fmt_human(void **state)
{
    (void)state;
    char b[FIG_NUM_LEN];
    assert_string_equal(figures_fmt_human(950, b, sizeof(b)), "950");
    assert_string_equal(figures_fmt_human(4012345, b, sizeof(b)), "4.0 million");
    assert_string_equal(figures_fmt_human(4049999, b, sizeof(b)), "4.0 million");
    assert_string_equal(figures_fmt_human(4050000, b, sizeof(b)), "4.1 million"); /* halves round up */
    assert_string_equal(figures_fmt_human(4060000, b, sizeof(b)), "4.1 million");
    assert_string_equal(figures_fmt_human(12345, b, sizeof(b)), "12.3 thousand");
    assert_string_equal(figures_fmt_human(999960, b, sizeof(b)), "1.0 million");
    assert_string_equal(figures_fmt_human(2500000000ull, b, sizeof(b)), "2.5 billion");
}

static void test_fmt_pct_change(void **state)
{
    (void)state;
    char b[FIG_NUM_LEN];
    assert_string_equal(figures_fmt_pct(98.21, b, sizeof(b)), "98.2%");
    assert_string_equal(figures_fmt_pct(100.0, b, sizeof(b)), "100%");
    assert_string_equal(figures_fmt_pct(99.97, b, sizeof(b)), "99.9%"); /* never "100%" unless all */
    assert_string_equal(figures_fmt_pct(0.0, b, sizeof(b)), "0%");
    assert_string_equal(figures_fmt_pct(0.01, b, sizeof(b)), "0.1%");
    assert_string_equal(figures_fmt_change(8.04, b, sizeof(b)), "+8.0%");
    assert_string_equal(figures_fmt_change(-0.44, b, sizeof(b)), "-0.4%");
    assert_string_equal(figures_fmt_change(0.01, b, sizeof(b)), "0.0%");
}

static char *capture_json(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    figures_json_string(m, s);
    fclose(m);
    return buf;
}

static char *capture_clean(const char *s, int md)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    figures_put_clean(m, s, md);
    fclose(m);
    return buf;
}

static void test_escaping(void **state)
{
    (void)state;
    struct {
        const char *in;   /* untrusted */
        const char *want; /* JSON literal */
    } js[] = {
        {"a\"b\\c", "\"a\\\"b\\\\c\""},
        {"\x1b[31mred\n", "\"\\u001b[31mred\\n\""},
        {"caf\xc3\xa9", "\"caf\xc3\xa9\""},
        {"bad\xff", "\"bad\\ufffd\""},
        {"</script>", "\"\\u003c/script\\u003e\""},
        {"\xe2\x80\xa8", "\"\\u2028\""},
    };
    for (size_t i = 0; i < sizeof(js) / sizeof(js[0]); i++) {
        char *got = capture_json(js[i].in);
        assert_string_equal(got, js[i].want);
        free(got);
    }
    /* Terminal and Markdown forms come from common/buf.c: controls are
     * shown as \xNN, never passed through. */
    char *c = capture_clean("evil\x1b[31m|name*\x07\xc2\x9b", 0);
    assert_string_equal(c, "evil\\x1B[31m|name*\\x07\\xC2\\x9B");
    free(c);
    c = capture_clean("fw\x1b]0;pwned\x07|<b>", 1);
    assert_null(strchr(c, '\x1b'));
    assert_non_null(strstr(c, "\\|\\<b\\>"));
    free(c);
}

/* A model as figures_build would leave it, for February 2018 in UTC. */
static void build(struct figures *f)
{
    figures_init(f);
    f->kind = TT_WINDOW_MONTH;
    f->month_year = 2018;
    f->month = 2;
    f->generated_s = T(2018, 3, 2, 9, 0);
    f->window.from_s = f->window.asked_from_s = T(2018, 2, 1, 0, 0);
    f->window.to_s = f->window.asked_to_s = T(2018, 3, 1, 0, 0);
    f->window.asked = f->window.precision = TT_GRAN_DAY;
    f->prev.from_s = f->prev.asked_from_s = T(2018, 1, 1, 0, 0);
    f->prev.to_s = f->prev.asked_to_s = T(2018, 2, 1, 0, 0);
    f->prev.asked = f->prev.precision = TT_GRAN_DAY;
    f->window.lines = 5000000;
    f->prev.lines = 4000000;
    struct figures_row *r = &f->rows[FIG_EMAILS_BLOCKED];
    r->value = 4012345;
    r->prev = 3715134;
    r->by[0].value = 4000000; /* spam */
    r->by[4].value = 12345;   /* reputation */
    f->rows[FIG_ATTACKS_BLOCKED].value = 1;
    f->rows[FIG_ATTACKS_BLOCKED].prev = 0;
    f->rows[FIG_ATTACK_SOURCES].value = 950;
    f->rows[FIG_ATTACK_SOURCES].prev = 1000;
    r = &f->rows[FIG_TLS_SHARE];
    r->value = 982;
    r->den = 1000;
    r->prev = 970;
    r->prev_den = 1000;
    f->sites = calloc(2, sizeof(char *));
    f->sites[0] = strdup("hq");
    f->nsites = 1;
    f->ndays = 2;
    f->days = calloc(2, sizeof(*f->days));
    f->days[0] = (struct figures_day){2018, 2, 1, T(2018, 2, 1, 0, 0), T(2018, 2, 2, 0, 0), 0, 0, {143298, 5, 3, 7, 9}};
    f->days[1] = (struct figures_day){2018, 2, 2, T(2018, 2, 2, 0, 0), T(2018, 2, 3, 0, 0), 0, 1, {0}};
    f->quality.lines_total = 5000000;
    f->quality.lines_unparsed = 12;
    f->quality.unparsed[TT_REASON_NO_PARSER] = 12;
    f->quality.lines_dropped = 3;
    f->quality.dropped[TT_REASON_OVERFLOW] = 3;
    f->quality.nsources = 1;
    f->quality.sources = calloc(1, sizeof(*f->quality.sources));
    snprintf(f->quality.sources[0].site, sizeof(f->quality.sources[0].site), "hq");
    f->quality.sources[0].name = strdup("fw\x1b]0;pwned\x07|<b>\"");
    f->quality.sources[0].last_seen_s = T(2018, 2, 28, 23, 59);
    figures_derive(f);
}

static void test_derive_sentences(void **state)
{
    (void)state;
    struct figures f;
    build(&f);
    assert_string_equal(f.window.label, "February 2018");
    assert_string_equal(f.prev.label, "January 2018");
    assert_string_equal(f.window.local_from, "1 Feb 2018 00:00 UTC");
    assert_string_equal(f.headline[0], "4.0 million emails (4,012,345) were blocked from entering the council in "
                                       "February 2018, 8% more than in January 2018.");
    assert_string_equal(f.headline[1], "1 attack was prevented in February 2018, against none in January 2018.");
    assert_string_equal(f.headline[2], "The blocked attacks came from about 950 different internet addresses in "
                                       "February 2018, 5% fewer than in January 2018.");
    assert_string_equal(f.headline[3], "98.2% of outgoing email (982 of 1,000 messages) was sent encrypted in "
                                       "February 2018, up from 97.0% in January 2018.");
    assert_true(f.rows[FIG_TLS_SHARE].has_change);
    assert_true(f.rows[FIG_TLS_SHARE].change_pct > 1.19 && f.rows[FIG_TLS_SHARE].change_pct < 1.21);
    assert_false(f.rows[FIG_ATTACKS_BLOCKED].has_change);
    assert_true(f.nnotes >= 2); /* dropped lines, gap day */
    /* the gap is named with the one date style for people */
    int gap_note = 0;
    for (size_t i = 0; i < f.nnotes; i++)
        gap_note |= strcmp(f.notes[i], "Nothing at all was recorded on 2 Feb 2018: a possible data gap.") == 0;
    assert_true(gap_note);
    assert_string_equal(f.no_prev_text, ""); /* January had data */
    char c[64];
    assert_string_equal(figures_change_text(&f, &f.rows[FIG_ATTACKS_BLOCKED], c, sizeof(c)), "up from 0");
    assert_string_equal(figures_change_text(&f, &f.rows[FIG_EMAILS_BLOCKED], c, sizeof(c)), "+8.0%");
    assert_string_equal(figures_change_text(&f, &f.rows[FIG_TLS_SHARE], c, sizeof(c)), "+1.2 points");
    char d[24];
    assert_string_equal(figures_fmt_day(&f.days[0], d, sizeof(d)), "1 Feb 2018");
    figures_fini(&f);
}

static void test_derive_last_window(void **state)
{
    (void)state;
    struct figures f;
    figures_init(&f);
    f.kind = TT_WINDOW_LAST;
    f.window.from_s = f.window.asked_from_s = T(2018, 2, 24, 0, 0);
    f.window.to_s = f.window.asked_to_s = T(2018, 3, 1, 0, 0);
    f.prev.from_s = f.prev.asked_from_s = T(2018, 2, 19, 0, 0);
    f.prev.to_s = f.prev.asked_to_s = T(2018, 2, 24, 0, 0);
    f.window.lines = f.prev.lines = 1000; /* logs were read, none were mail */
    figures_derive(&f);
    assert_string_equal(f.window.label, "the 5 days to 1 Mar 2018 00:00 UTC");
    assert_string_equal(f.headline[0], "0 emails were blocked from entering the council in the 5 days to 1 Mar "
                                       "2018 00:00 UTC, the same as in the 5 days to 24 Feb 2018 00:00 UTC.");
    assert_string_equal(f.headline[3], "No outgoing email was recorded in the 5 days to 1 Mar 2018 00:00 UTC, so "
                                       "there is no share sent encrypted.");
    char c[64];
    assert_string_equal(figures_change_text(&f, &f.rows[FIG_EMAILS_BLOCKED], c, sizeof(c)), "no change");
    figures_fini(&f);
}

/* No line at all was collected in the previous window: no comparison is
 * claimed ("up from none" would be wrong, the data simply starts later). */
static void test_derive_no_previous_data(void **state)
{
    (void)state;
    struct figures f;
    figures_init(&f);
    f.kind = TT_WINDOW_LAST;
    f.window.from_s = f.window.asked_from_s = T(2018, 2, 24, 0, 0);
    f.window.to_s = f.window.asked_to_s = T(2018, 3, 1, 0, 0);
    f.prev.from_s = f.prev.asked_from_s = T(2018, 2, 19, 0, 0);
    f.prev.to_s = f.prev.asked_to_s = T(2018, 2, 24, 0, 0);
    f.window.lines = 1000;
    f.rows[FIG_ATTACKS_BLOCKED].value = 7;
    figures_derive(&f);
    /* said once, in words, and not in every sentence or figure */
    assert_string_equal(f.headline[1], "7 attacks were prevented in the 5 days to 1 Mar 2018 00:00 UTC.");
    assert_string_equal(f.no_prev_text, "There is no earlier data to compare with: nothing was recorded in the 5 "
                                        "days to 24 Feb 2018 00:00 UTC.");
    char c[64];
    assert_string_equal(figures_change_text(&f, &f.rows[FIG_ATTACKS_BLOCKED], c, sizeof(c)), "");
    figures_fini(&f);
}

/* A share that moved less than the printed precision is "the same", never
 * "down from 90.1%" beside 90.1%. */
static void test_derive_share_same_as_printed(void **state)
{
    (void)state;
    struct figures f;
    figures_init(&f);
    f.kind = TT_WINDOW_LAST;
    f.window.from_s = f.window.asked_from_s = T(2018, 2, 24, 0, 0);
    f.window.to_s = f.window.asked_to_s = T(2018, 3, 1, 0, 0);
    f.prev.from_s = f.prev.asked_from_s = T(2018, 2, 19, 0, 0);
    f.prev.to_s = f.prev.asked_to_s = T(2018, 2, 24, 0, 0);
    f.window.lines = f.prev.lines = 1000;
    struct figures_row *r = &f.rows[FIG_TLS_SHARE];
    r->value = 16575, r->den = 18399;     /* 90.09% */
    r->prev = 16599, r->prev_den = 18420; /* 90.11% */
    figures_derive(&f);
    assert_non_null(strstr(f.headline[3], "90.1% of outgoing email"));
    assert_non_null(strstr(f.headline[3], "the same as in the 5 days to 24 Feb"));
    figures_fini(&f);
}

static char *render(const struct render_ops *ops, const struct figures *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_int_equal(ops->render(f, m), TT_OK);
    fclose(m);
    return buf;
}

static void test_render_text(void **state)
{
    (void)state;
    struct figures f;
    build(&f);
    char *s = render(&render_text_ops, &f);
    assert_non_null(strstr(s, "4,012,345 emails (4.0 million)"));
    assert_non_null(strstr(s, "+8.0%"));
    assert_non_null(strstr(s, "spam 4,000,000"));
    assert_non_null(strstr(s, "98.2% (982 of 1,000)"));
    assert_non_null(strstr(s, "143,298"));
    assert_non_null(strstr(s, "(no data)"));
    assert_non_null(strstr(s, "Lost in transit  3 (possible data gap)"));
    assert_non_null(strstr(s, "network buffer overflow")); /* reasons in plain words */
    assert_null(strstr(s, "n/a"));
    assert_null(strstr(s, "HyperLogLog"));
    assert_non_null(strstr(s, "fw\\x1B]0;pwned\\x07|<b>\""));
    assert_null(strchr(s, '\x1b'));
    assert_null(strchr(s, '\x07'));
    free(s);
    figures_fini(&f);
}

static void test_render_markdown(void **state)
{
    (void)state;
    struct figures f;
    build(&f);
    char *s = render(&render_markdown_ops, &f);
    assert_non_null(strstr(s, "# Threat report: February 2018"));
    assert_non_null(strstr(s, "| **Emails blocked** | 4,012,345 | 3,715,134 | +8.0% |"));
    assert_non_null(strstr(s, "pwned\\\\x07\\|\\<b\\>\""));
    assert_null(strchr(s, '\x1b'));
    free(s);
    figures_fini(&f);
}

static void test_render_json(void **state)
{
    (void)state;
    struct figures f;
    build(&f);
    char *s = render(&render_json_ops, &f);
    assert_non_null(strstr(s, "\"window\":{\"label\":\"February 2018\",\"from\":\"2018-02-01T00:00:00Z\","
                              "\"to\":\"2018-03-01T00:00:00Z\""));
    assert_non_null(strstr(s, "\"metric\":\"emails_blocked\""));
    assert_non_null(strstr(s, "\"value\":4012345,\"previous\":3715134,\"change_pct\":8.00"));
    assert_non_null(strstr(s, "\"by\":{\"spam\":4000000,\"malware\":0,\"phishing\":0,\"policy\":0,\"reputation\":12345}"));
    assert_non_null(strstr(s, "\"approximate\":true"));
    assert_non_null(strstr(s, "\"name\":\"fw\\u001b]0;pwned\\u0007|\\u003cb\\u003e\\\"\""));
    assert_non_null(strstr(s, "\"last_seen\":\"2018-02-28T23:59:00Z\""));
    assert_non_null(strstr(s, "\"possible_gap\":true"));
    free(s);
    figures_fini(&f);
}

static void test_render_html(void **state)
{
    (void)state;
    struct figures f;
    build(&f);
    char *s = render(&render_html_ops, &f);
    assert_non_null(strstr(s, "<!DOCTYPE html>"));
    assert_non_null(strstr(s, "Content-Security-Policy\" content=\"default-src 'none'"));
    assert_non_null(strstr(s, "data-metric=\"emails_blocked\" data-site=\"all\" data-value=\"4012345\">4,012,345<"));
    assert_non_null(strstr(s, "data-metric=\"emails_sent_tls_share\" data-site=\"all\" data-value=\"98.20\">98.2% (982 of 1,000)<"));
    assert_non_null(strstr(s, "@page { size: A4;")); /* report.css is inlined */
    assert_non_null(strstr(s, "<svg"));
    /* the hostile source name is text: < > " escaped, controls replaced */
    assert_non_null(strstr(s, "fw\xEF\xBF\xBD]0;pwned\xEF\xBF\xBD|&lt;b&gt;&quot;"));
    assert_null(strstr(s, "<b>\""));
    assert_null(strchr(s, '\x1b'));
    assert_null(strstr(s, "<script"));
    assert_non_null(strstr(s, "(possible gap)"));
    free(s);
    figures_fini(&f);
}

static void test_render_csv(void **state)
{
    (void)state;
    struct figures f;
    build(&f);
    free(f.quality.sources[0].name);
    f.quality.sources[0].name = strdup("=cmd|' /C calc'!A0");
    f.csv_bom = 1;
    char *s = render(&render_csv_ops, &f);
    assert_memory_equal(s, "\xEF\xBB\xBFsection,site,metric,", 22);
    assert_non_null(strstr(s, "\r\nfigure,all,emails_blocked,,,2018-02-01T00:00:00Z,2018-03-01T00:00:00Z,4012345,3715134,8.00,emails,"));
    assert_non_null(strstr(s, "\r\nreason,all,emails_blocked,spam,,"));
    assert_non_null(strstr(s, "\r\nfigure,all,emails_sent_tls_share,,,2018-02-01T00:00:00Z,2018-03-01T00:00:00Z,98.20,97.00,1.20,"));
    assert_non_null(strstr(s, "\r\ndaily,all,emails_blocked,,2018-02-01,2018-02-01T00:00:00Z,2018-02-02T00:00:00Z,143298,"));
    assert_non_null(strstr(s, ",\"'=cmd|' /C calc'!A0\"\r\n"));
    assert_null(strstr(s, ",=cmd"));
    free(s);
    figures_fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmt_int),          cmocka_unit_test(test_fmt_human),
        cmocka_unit_test(test_fmt_pct_change),   cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_derive_sentences), cmocka_unit_test(test_derive_last_window),
        cmocka_unit_test(test_render_text),      cmocka_unit_test(test_render_markdown),
        cmocka_unit_test(test_render_json),      cmocka_unit_test(test_render_html),
        cmocka_unit_test(test_render_csv),        cmocka_unit_test(test_derive_no_previous_data),
        cmocka_unit_test(test_derive_share_same_as_printed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
