/* SPDX-License-Identifier: MIT
 * test_buf.c -- escaping of attacker-controlled text for JSON, HTML, CSV,
 * terminals and Markdown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/buf.h"

#include <string.h>

typedef void (*escaper)(struct tt_buf *, const char *, size_t);

static void check(escaper fn, const char *in, size_t n, const char *want)
{
    struct tt_buf b;
    tt_buf_init(&b);
    fn(&b, in, n);
    assert_string_equal(b.p ? b.p : "", want);
    tt_buf_fini(&b);
}

static void test_json(void **state)
{
    (void)state;
    check(tt_buf_json_str, "a\"b\\c", 5, "\"a\\\"b\\\\c\"");
    check(tt_buf_json_str, "</script><b>&", 13, "\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\"");
    check(tt_buf_json_str, "\x01\n\x1b", 3, "\"\\u0001\\n\\u001b\"");
    check(tt_buf_json_str, "caf\xc3\xa9", 5, "\"caf\xc3\xa9\"");
    check(tt_buf_json_str, "bad\xff\xc3", 5, "\"bad\\ufffd\\ufffd\"");
    check(tt_buf_json_str, "\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\""); /* surrogate */
    check(tt_buf_json_str, "\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");             /* overlong */
    check(tt_buf_json_str, "a\0b", 3, "\"a\\u0000b\"");
    check(tt_buf_json_str, "\xe2\x80\xa8", 3, "\"\\u2028\"");
}

static void test_html(void **state)
{
    (void)state;
    check(tt_buf_html, "<img src=x onerror=alert(1)>", 28, "&lt;img src=x onerror=alert(1)&gt;");
    check(tt_buf_html, "\"'&", 3, "&quot;&#39;&amp;");
    check(tt_buf_html, "a\x1b[31mb", 7, "a\xEF\xBF\xBD[31mb");
    check(tt_buf_html, "\xff", 1, "\xEF\xBF\xBD");
}

static void test_csv(void **state)
{
    (void)state;
    check(tt_buf_csv, "plain", 5, "plain");
    check(tt_buf_csv, "=cmd|' /C calc'!A0", 18, "\"'=cmd|' /C calc'!A0\"");
    check(tt_buf_csv, "+1", 2, "\"'+1\"");
    check(tt_buf_csv, "-2", 2, "\"'-2\"");
    check(tt_buf_csv, "@SUM(1)", 7, "\"'@SUM(1)\"");
    check(tt_buf_csv, "a,\"b\"", 5, "\"a,\"\"b\"\"\"");
    check(tt_buf_csv, "\tx", 2, "\"'\tx\"");
    /* controls and invalid UTF-8 never reach the spreadsheet */
    check(tt_buf_csv, "a\x1b[31mb", 7, "a\xEF\xBF\xBD[31mb");
    check(tt_buf_csv, "\xff=x", 3, "\xEF\xBF\xBD=x");
    /* a control byte in front cannot hide a formula behind it: it becomes
     * U+FFFD, which starts no formula */
    check(tt_buf_csv, "\x01=cmd", 5, "\xEF\xBF\xBD=cmd");
    /* full-width equals/plus, folded to ASCII by some spreadsheets */
    check(tt_buf_csv, "\xEF\xBC\x9D" "1+1", 6, "\"'\xEF\xBC\x9D" "1+1\"");
    check(tt_buf_csv, "\xEF\xBC\x8B" "1", 4, "\"'\xEF\xBC\x8B" "1\"");
    /* a newline in front, and a tab inside, are quoted */
    check(tt_buf_csv, "\n=1", 3, "\"'\n=1\"");
    check(tt_buf_csv, "a\tb", 3, "\"a\tb\"");
    check(tt_buf_csv, "", 0, "");
}

static void test_term(void **state)
{
    (void)state;
    check(tt_buf_term, "a\x1b[2Jb", 6, "a\\x1B[2Jb");
    check(tt_buf_term, "r\rn\n", 4, "r\\x0Dn\\x0A");
    check(tt_buf_term, "\xc2\x9b", 2, "\\xC2\\x9B"); /* C1 CSI */
    check(tt_buf_term, "ok \xc3\xa9", 5, "ok \xc3\xa9");
    check(tt_buf_term, "\xff", 1, "\\xFF");
    check(tt_buf_term, "a\xe2\x80\xae" "b", 5, "a\\u202Eb"); /* RIGHT-TO-LEFT OVERRIDE */
    check(tt_buf_term, "\xe2\x81\xa6x", 4, "\\u2066x");    /* LEFT-TO-RIGHT ISOLATE */
}

static void test_markdown(void **state)
{
    (void)state;
    check(tt_buf_markdown, "a|b*c_[d](e)", 12, "a\\|b\\*c\\_\\[d\\](e)");
    check(tt_buf_markdown, "<script>", 8, "\\<script\\>");
}

/* Bidi controls are visible text in every format (issue 16): an HTML or
 * JSON escape would decode back to the control. */
static void test_bidi(void **state)
{
    (void)state;
    const char *rlo = "a\xe2\x80\xae" "b"; /* U+202E */
    check(tt_buf_html, rlo, 5, "a\\u202Eb");
    check(tt_buf_csv, rlo, 5, "a\\u202Eb");
    check(tt_buf_json_str, rlo, 5, "\"a\\\\u202Eb\"");
    check(tt_buf_term, "\xe2\x80\x8f", 3, "\\u200F");          /* RIGHT-TO-LEFT MARK */
    check(tt_buf_html, "\xe2\x80\x8e", 3, "\\u200E");          /* LEFT-TO-RIGHT MARK */
    check(tt_buf_csv, "\xd8\x9c", 2, "\\u061C");                /* ARABIC LETTER MARK */
    check(tt_buf_json_str, "\xe2\x81\xa9", 3, "\"\\\\u2069\""); /* POP DIRECTIONAL ISOLATE */
    check(tt_buf_html, "\xe2\x80\xaa\xe2\x81\xa6", 6, "\\u202A\\u2066");
    check(tt_buf_markdown, rlo, 5, "a\\\\u202Eb");
    /* neighbours are not touched */
    check(tt_buf_html, "\xe2\x80\xa9", 3, "\xe2\x80\xa9");
    check(tt_buf_html, "\xe2\x80\xaf", 3, "\xe2\x80\xaf");
}

static void test_printf_growth(void **state)
{
    (void)state;
    struct tt_buf b;
    tt_buf_init(&b);
    for (int i = 0; i < 1000; i++)
        tt_buf_printf(&b, "%04d,", i);
    assert_int_equal(b.len, 5000);
    assert_memory_equal(b.p + 4995, "0999,", 5);
    tt_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json), cmocka_unit_test(test_html),     cmocka_unit_test(test_csv),
        cmocka_unit_test(test_term), cmocka_unit_test(test_markdown), cmocka_unit_test(test_printf_growth),
        cmocka_unit_test(test_bidi),
    };
    return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
