/* SPDX-License-Identifier: MIT
 * test_cmdbuf.c -- a command's arguments built in the arena: contents,
 * lengths (binary safe), numbers, begin() forgetting the last command, and
 * room() saying exactly where the limits are. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collector/cmdbuf.h"

#include <stdlib.h>
#include <string.h>

static struct tt_cmdbuf *new_buf(void)
{
    struct tt_cmdbuf *b = calloc(1, sizeof(*b)); /* large: off the stack */
    assert_non_null(b);
    tt_cmdbuf_init(b);
    return b;
}

static void free_buf(struct tt_cmdbuf *b)
{
    tt_cmdbuf_fini(b);
    tt_cmdbuf_fini(b); /* twice is harmless */
    free(b);
}

static void test_args(void **state)
{
    (void)state;
    struct tt_cmdbuf *b = new_buf();
    tt_cmdbuf_begin(b);
    tt_cmdbuf_str(b, "HSET");
    tt_cmdbuf_arg(b, "a\0b", 3);
    tt_cmdbuf_u64(b, UINT64_MAX);
    tt_cmdbuf_i64(b, INT64_MIN);
    assert_int_equal(b->argc, 4);
    assert_int_equal(b->argvlen[0], 4);
    assert_memory_equal(b->argv[0], "HSET", 4);
    assert_int_equal(b->argvlen[1], 3);
    assert_memory_equal(b->argv[1], "a\0b", 3);
    assert_int_equal(b->argvlen[2], 20);
    assert_memory_equal(b->argv[2], "18446744073709551615", 20);
    assert_memory_equal(b->argv[3], "-9223372036854775808", 20);
    tt_cmdbuf_begin(b);
    assert_int_equal(b->argc, 0);
    tt_cmdbuf_str(b, "PING");
    assert_int_equal(b->arena_used, 4);
    free_buf(b);
}

static void test_room(void **state)
{
    (void)state;
    struct tt_cmdbuf *b = new_buf();
    tt_cmdbuf_begin(b);
    assert_true(tt_cmdbuf_room(b, TT_CMDBUF_MAX_ARGS, TT_CMDBUF_ARENA_BYTES));
    assert_false(tt_cmdbuf_room(b, TT_CMDBUF_MAX_ARGS + 1, 0));
    assert_false(tt_cmdbuf_room(b, 0, TT_CMDBUF_ARENA_BYTES + 1));
    tt_cmdbuf_str(b, "x");
    assert_false(tt_cmdbuf_room(b, TT_CMDBUF_MAX_ARGS, 0));
    assert_false(tt_cmdbuf_room(b, 0, TT_CMDBUF_ARENA_BYTES));
    assert_true(tt_cmdbuf_room(b, TT_CMDBUF_MAX_ARGS - 1, TT_CMDBUF_ARENA_BYTES - 1));
    free_buf(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_args), cmocka_unit_test(test_room)};
    return cmocka_run_group_tests_name("cmdbuf", tests, NULL, NULL);
}
