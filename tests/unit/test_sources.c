/* SPDX-License-Identifier: MIT
 *
 * test_sources.c -- the list of source kinds (collector/sources.c): which
 * kind takes which SOURCE word, that every kind is complete (the loop calls
 * its functions without checks), and that kinds sharing a reader (the
 * sockets and captures of one epoll set) share all of it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collector/source.h"

#include <string.h>

static void test_claims(void **state)
{
    (void)state;
    static const struct {
        const char *spec; /* a SOURCE word */
        const char *kind; /* the kind that must take it */
    } cases[] = {
        {"udp://127.0.0.1:514", "syslog"}, {"tcp://[::]:601", "syslog"},  {"unix:/dev/log", "syslog"},
        {"pcap:cap.pcap", "capture"},      {"iface:eth0", "capture"},     {"/var/log/mail.log", "file"},
        {"-", "file"},                     {"/var/log/mail.log*", "file"}, {"udp.log", "file"},
        {"unixlog", "file"},               {"./pcap:x", "file"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct tt_source_ops *o = tt_source_find(cases[i].spec);
        assert_non_null(o);
        if (strcmp(o->name, cases[i].kind) != 0)
            fail_msg("'%s' taken by %s, not %s", cases[i].spec, o->name, cases[i].kind);
        assert_int_equal(o->live, strcmp(cases[i].kind, "file") != 0);
    }
}

static void test_kinds_complete(void **state)
{
    (void)state;
    size_t n = tt_source_count(), takes_rest = 0;
    assert_true(n >= 3);
    for (size_t i = 0; i < n; i++) {
        const struct tt_source_ops *o = tt_source(i);
        assert_non_null(o->name);
        assert_non_null(o->forms);
        assert_non_null(o->help);
        assert_non_null(o->open);
        assert_non_null(o->active);
        assert_non_null(o->read);
        assert_non_null(o->endless);
        assert_non_null(o->failed);
        assert_non_null(o->close);
        takes_rest += o->claims == NULL;
        for (size_t j = 0; j < i; j++)
            if (tt_source(j)->read == o->read) {
                const struct tt_source_ops *p = tt_source(j);
                assert_true(p->open == o->open && p->active == o->active && p->left == o->left &&
                            p->check == o->check && p->close == o->close && p->start == o->start);
            }
    }
    assert_int_equal(takes_rest, 1); /* exactly one kind takes the words no other claims */
    assert_null(tt_source(n));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_claims),
        cmocka_unit_test(test_kinds_complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
