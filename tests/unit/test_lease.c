/* SPDX-License-Identifier: MIT
 *
 * test_lease.c -- collector identity (collector/lease.c): the fields of a
 * lease token, whether its holder is alive, dead or elsewhere, and the
 * default instance name (stable for the same sources in any order or
 * spelling, different for different sources, always a valid name).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collector/lease.h"
#include "common/schema.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void test_token_fields(void **state)
{
    (void)state;
    char tok[TT_LEASE_TOKEN_MAX], v[64], want[32];
    tt_lease_token("abc123", tok, sizeof(tok));
    tt_lease_field(tok, "pid", v, sizeof(v));
    snprintf(want, sizeof(want), "%ld", (long)getpid());
    assert_string_equal(v, want);
    tt_lease_field(tok, "run", v, sizeof(v));
    assert_string_equal(v, "abc123");
    tt_lease_field(tok, "nosuch", v, sizeof(v));
    assert_string_equal(v, "?");
    tt_lease_field("host=a pidx=1 pid=7", "pid", v, sizeof(v));
    assert_string_equal(v, "7");
}

static void test_holder(void **state)
{
    (void)state;
    char tok[TT_LEASE_TOKEN_MAX];
    tt_lease_token("r", tok, sizeof(tok));
    assert_int_equal(tt_lease_holder(tok), TT_LEASE_HOLDER_LIVE);
    /* a child that has exited (and been reaped) is a dead holder */
    pid_t child = fork();
    if (child == 0)
        _exit(0);
    waitpid(child, NULL, 0);
    char dead[TT_LEASE_TOKEN_MAX], boot[64], ns[32];
    tt_lease_field(tok, "boot", boot, sizeof(boot));
    tt_lease_field(tok, "pidns", ns, sizeof(ns));
    snprintf(dead, sizeof(dead), "host=h boot=%s pidns=%s pid=%ld run=x since=1", boot, ns, (long)child);
    assert_int_equal(tt_lease_holder(dead), TT_LEASE_HOLDER_DEAD);
    /* the same pid in another pid namespace or after a reboot is not ours */
    snprintf(dead, sizeof(dead), "host=h boot=%s pidns=1 pid=%ld run=x since=1", boot, (long)child);
    assert_int_equal(tt_lease_holder(dead), TT_LEASE_HOLDER_ELSEWHERE);
    snprintf(dead, sizeof(dead), "host=h boot=other pidns=%s pid=%ld run=x since=1", ns, (long)child);
    assert_int_equal(tt_lease_holder(dead), TT_LEASE_HOLDER_ELSEWHERE);
    assert_int_equal(tt_lease_holder("garbage"), TT_LEASE_HOLDER_ELSEWHERE);
    assert_int_equal(tt_lease_holder(""), TT_LEASE_HOLDER_ELSEWHERE);
}

static void test_default_instance(void **state)
{
    (void)state;
    char a[TT_INSTANCE_MAX + 1], b[TT_INSTANCE_MAX + 1], cwd[4096];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    char abs_x[4200];
    snprintf(abs_x, sizeof(abs_x), "%s/x.log", cwd);
    const char *s1[] = {"x.log", "udp://127.0.0.1:514"};
    const char *s2[] = {"udp://127.0.0.1:514", abs_x, "x.log"};
    const char *s3[] = {"y.log", "udp://127.0.0.1:514"};
    tt_lease_default_instance(s1, 2, a, sizeof(a));
    tt_lease_default_instance(s2, 3, b, sizeof(b));
    assert_string_equal(a, b); /* order, spelling and repeats do not matter */
    tt_lease_default_instance(s3, 2, b, sizeof(b));
    assert_string_not_equal(a, b);
    assert_true(tt_site_valid(a));
    char host[256] = "";
    gethostname(host, sizeof(host));
    assert_int_equal(strncmp(a, host, strlen(a) - 9 < strlen(host) ? strlen(a) - 9 : strlen(host)), 0);
    tt_lease_default_instance(NULL, 0, b, sizeof(b));
    assert_true(tt_site_valid(b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_fields),
        cmocka_unit_test(test_holder),
        cmocka_unit_test(test_default_instance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
