/* SPDX-License-Identifier: MIT
 * test_framer.c -- line framing: CRLF, blocks split mid-line, over-long
 * lines not losing the next line, truncated tails, and read positions that
 * always sit on line boundaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collector/framer.h"
#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct got {
    enum tt_frame_rc rc[64];
    char text[64][128];
    uint64_t consumed[64];
    int n;
};

/* Feeds data in chunks of `chunk` bytes and collects every frame. */
static void feed(const char *data, size_t len, size_t chunk, int truncated, struct got *g)
{
    struct tt_framer f;
    tt_framer_init(&f, 0);
    size_t pos = 0;
    memset(g, 0, sizeof(*g));
    for (;;) {
        struct tt_slice s;
        enum tt_frame_rc rc = tt_framer_next(&f, &s);
        if (rc == TT_FRAME_END)
            break;
        if (rc == TT_FRAME_NEED_MORE) {
            if (pos >= len) {
                tt_framer_finish(&f, truncated);
                continue;
            }
            size_t space;
            char *p = tt_framer_space(&f, &space);
            size_t n = chunk < space ? chunk : space;
            if (n > len - pos)
                n = len - pos;
            memcpy(p, data + pos, n);
            tt_framer_commit(&f, n);
            pos += n;
            continue;
        }
        assert_true(g->n < 64);
        g->rc[g->n] = rc;
        snprintf(g->text[g->n], sizeof(g->text[0]), "%.*s", (int)(s.len < 100 ? s.len : 100), s.p);
        g->consumed[g->n] = f.consumed;
        g->n++;
    }
    assert_int_equal(f.consumed, len);
    tt_framer_fini(&f);
}

static void test_simple_lines(void **state)
{
    (void)state;
    const char *d = "one\ntwo\r\n\nthree";
    for (size_t chunk = 1; chunk <= 20; chunk++) {
        struct got g;
        feed(d, strlen(d), chunk, 0, &g);
        assert_int_equal(g.n, 4);
        assert_string_equal(g.text[0], "one");
        assert_string_equal(g.text[1], "two");
        assert_string_equal(g.text[2], "");
        assert_string_equal(g.text[3], "three");
        assert_int_equal(g.rc[3], TT_FRAME_LINE);
        assert_int_equal(g.consumed[0], 4);
        assert_int_equal(g.consumed[1], 9);
        assert_int_equal(g.consumed[2], 10);
    }
}

static void test_too_long_line_keeps_next(void **state)
{
    (void)state;
    size_t big = TT_LINE_MAX * 3 + 17;
    size_t len = 6 + big + 1 + 6;
    char *d = tt_malloc(len);
    memcpy(d, "first\n", 6);
    memset(d + 6, 'x', big);
    d[6 + big] = '\n';
    memcpy(d + 7 + big, "after\n", 6);
    size_t chunks[] = {1000, 4096, 65536, 1u << 20};
    for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
        struct got g;
        feed(d, len, chunks[i], 0, &g);
        assert_int_equal(g.n, 3);
        assert_string_equal(g.text[0], "first");
        assert_int_equal(g.rc[1], TT_FRAME_TOO_LONG);
        /* the over-long line is reported when it ends, so the position
         * after it is a line boundary */
        assert_int_equal(g.consumed[1], 7 + big);
        assert_int_equal(g.rc[2], TT_FRAME_LINE);
        assert_string_equal(g.text[2], "after");
    }
    free(d);
}

static void test_exactly_max_is_a_line(void **state)
{
    (void)state;
    size_t len = TT_LINE_MAX + 1;
    char *d = tt_malloc(len);
    memset(d, 'y', TT_LINE_MAX);
    d[TT_LINE_MAX] = '\n';
    struct got g;
    feed(d, len, 7000, 0, &g);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.rc[0], TT_FRAME_LINE);
    d[TT_LINE_MAX - 1] = 'z';
    free(d);
}

static void test_truncated_tail(void **state)
{
    (void)state;
    const char *d = "good line\nhalf a li";
    struct got g;
    feed(d, strlen(d), 5, 1, &g);
    assert_int_equal(g.n, 2);
    assert_int_equal(g.rc[0], TT_FRAME_LINE);
    assert_int_equal(g.rc[1], TT_FRAME_TRUNCATED);
    assert_string_equal(g.text[1], "half a li");
    /* the same tail of an undamaged input is simply the last line */
    feed(d, strlen(d), 5, 0, &g);
    assert_int_equal(g.rc[1], TT_FRAME_LINE);
}

static void test_long_tail_at_end(void **state)
{
    (void)state;
    size_t len = TT_LINE_MAX * 2;
    char *d = tt_malloc(len);
    memset(d, 'q', len);
    struct got g;
    feed(d, len, 50000, 0, &g);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.rc[0], TT_FRAME_TOO_LONG);
    free(d);
}

static void test_empty_input(void **state)
{
    (void)state;
    struct got g;
    feed("", 0, 10, 0, &g);
    assert_int_equal(g.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_lines),      cmocka_unit_test(test_too_long_line_keeps_next),
        cmocka_unit_test(test_exactly_max_is_a_line), cmocka_unit_test(test_truncated_tail),
        cmocka_unit_test(test_long_tail_at_end),  cmocka_unit_test(test_empty_input),
    };
    return cmocka_run_group_tests_name("framer", tests, NULL, NULL);
}
