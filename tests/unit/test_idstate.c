/* SPDX-License-Identifier: MIT
 *
 * test_idstate.c -- collector/idstate.c: a one-table parser state is
 * zeroed, its table usable at the given offset, and destroy takes NULL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collector/idstate.h"

struct two {
    int before;          /* must stay zero */
    struct tt_idtab tab; /* the table */
};

static void test_create_use_destroy(void **st)
{
    (void)st;
    struct two *s = tt_idstate_create(sizeof(struct two), offsetof(struct two, tab), 64, 3600);
    assert_non_null(s);
    assert_int_equal(s->before, 0);
    assert_int_equal(tt_idtab_mark(&s->tab, 42, 1, 1000), 0);
    assert_int_equal(tt_idtab_mark(&s->tab, 42, 1, 1001), 1);
    tt_idstate_destroy(s, offsetof(struct two, tab));
    tt_idstate_destroy(NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_use_destroy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
