/* SPDX-License-Identifier: MIT
 *
 * test_net.c -- common/net.c: address spellings (valid and not), canonical
 * formatting, truncation, CIDR parsing, sets and contains() edge cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/net.h"
#include "common/tt.h"

static int parse(const char *s, struct tt_addr *a)
{
    return tt_addr_parse(s, strlen(s), a);
}

/* Parses s and formats it back; fails the test if s does not parse. */
static const char *canon(const char *s)
{
    static char buf[64];
    struct tt_addr a;
    if (parse(s, &a) != TT_OK) {
        print_error("expected \"%s\" to parse\n", s);
        fail();
    }
    tt_addr_format(&a, buf, sizeof(buf));
    return buf;
}

static void test_v4_valid(void **state)
{
    (void)state;
    struct tt_addr a;
    assert_int_equal(parse("203.0.113.5", &a), TT_OK);
    assert_int_equal(a.family, 4);
    assert_int_equal(a.bytes[0], 203);
    assert_int_equal(a.bytes[3], 5);
    for (int i = 4; i < 16; i++)
        assert_int_equal(a.bytes[i], 0);
    assert_string_equal(canon("0.0.0.0"), "0.0.0.0");
    assert_string_equal(canon("255.255.255.255"), "255.255.255.255");
    assert_string_equal(canon("[192.0.2.1]"), "192.0.2.1");
    assert_string_equal(canon("10.0.0.1"), "10.0.0.1");
}

static void test_v4_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.2.3.04", "1..2.3",
        ".1.2.3", "1.2.3.", "1.2.3.4 ", " 1.2.3.4", "1.2.3.-4", "+1.2.3.4", "1.2.3.4/24", "a.b.c.d",
        "1.2.3.4%eth0", "1234.1.1.1", "1.2.3.4]", "[1.2.3.4", "[]", "0x1.2.3.4", "1.2.3.4\n",
    };
    struct tt_addr a;
    for (size_t i = 0; i < TT_ARRAY_LEN(bad); i++) {
        if (parse(bad[i], &a) != TT_ERR) {
            print_error("\"%s\" should not parse\n", bad[i]);
            fail();
        }
    }
}

/* Reads only [p, p+len): a valid address followed by garbage in memory. */
static void test_len_bound(void **state)
{
    (void)state;
    struct tt_addr a;
    const char *s = "192.0.2.17 DST=10.0.0.1";
    assert_int_equal(tt_addr_parse(s, 10, &a), TT_OK);
    assert_int_equal(a.bytes[3], 17);
    assert_int_equal(tt_addr_parse(s, 9, &a), TT_OK);
    assert_int_equal(a.bytes[3], 1);
    assert_int_equal(tt_addr_parse(s, 0, &a), TT_ERR);
    assert_int_equal(tt_addr_parse(NULL, 0, &a), TT_ERR);
    const char *v6 = "2001:db8::1:2 rest";
    assert_int_equal(tt_addr_parse(v6, 13, &a), TT_OK);
    assert_string_equal(canon("2001:db8::1:2"), "2001:db8::1:2");
    assert_int_equal(tt_addr_parse(v6, 11, &a), TT_OK); /* "2001:db8::1" */
    assert_int_equal(a.bytes[15], 1);
    assert_int_equal(tt_addr_parse(v6, 12, &a), TT_ERR); /* "2001:db8::1:" */

    /* A heap copy without NUL so ASan catches any read past len. */
    char *h = malloc(7);
    memcpy(h, "1.2.3.4", 7);
    assert_int_equal(tt_addr_parse(h, 7, &a), TT_OK);
    free(h);
    h = malloc(3);
    memcpy(h, "::1", 3);
    assert_int_equal(tt_addr_parse(h, 3, &a), TT_OK);
    assert_int_equal(tt_addr_parse(h, 2, &a), TT_OK);
    assert_int_equal(tt_addr_parse(h, 1, &a), TT_ERR);
    free(h);
}

static void test_v6_spellings(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        {"2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
        {"2001:db8:0:0:0:0:0:1", "2001:db8::1"},
        {"2001:db8::1", "2001:db8::1"},
        {"2001:DB8::1", "2001:db8::1"},
        {"2001:Db8:0::0:1", "2001:db8::1"},
        {"::", "::"},
        {"0:0:0:0:0:0:0:0", "::"},
        {"::1", "::1"},
        {"0:0:0:0:0:0:0:1", "::1"},
        {"1::", "1::"},
        {"1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"},
        {"::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"},
        {"1:0:0:2:0:0:0:3", "1:0:0:2::3"},        /* longest run */
        {"1:0:0:2:0:0:3:4", "1::2:0:0:3:4"},      /* first of equal runs */
        {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"}, /* one zero group kept */
        {"fe80:0000:0000:0000:0084:88ff:feae:790a", "fe80::84:88ff:feae:790a"},
        {"ff02:0000:0000:0000:0000:0000:0000:0016", "ff02::16"},
        {"fe80::1%eth0", "fe80::1"},
        {"fe80::1%25", "fe80::1"},
        {"[2001:db8::1]", "2001:db8::1"},
        {"[fe80::abcd%en0]", "fe80::abcd"},
        {"2a0a:1580::a", "2a0a:1580::a"},
        {"::1.2.3.4", "::102:304"},                /* IPv4-compatible stays IPv6 */
        {"64:ff9b::192.0.2.33", "64:ff9b::c000:221"},
        {"1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"},
        {"::ffff:1.2.3.4", "1.2.3.4"},             /* v4-mapped -> IPv4 */
        {"::FFFF:192.0.2.128", "192.0.2.128"},
        {"0:0:0:0:0:ffff:192.0.2.1", "192.0.2.1"},
        {"::ffff:c000:0201", "192.0.2.1"},         /* mapped, hex spelling */
        {"[::ffff:10.1.2.3]", "10.1.2.3"},
        {"::ffff:0:0", "0.0.0.0"},
        {"ffff::", "ffff::"},
        {"abcd:ef01:2345:6789:abcd:ef01:2345:6789", "abcd:ef01:2345:6789:abcd:ef01:2345:6789"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        const char *got = canon(cases[i].in);
        if (strcmp(got, cases[i].out) != 0) {
            print_error("\"%s\" -> \"%s\", want \"%s\"\n", cases[i].in, got, cases[i].out);
            fail();
        }
    }
    struct tt_addr a;
    assert_int_equal(parse("::ffff:1.2.3.4", &a), TT_OK);
    assert_int_equal(a.family, 4);
    assert_int_equal(parse("::1.2.3.4", &a), TT_OK);
    assert_int_equal(a.family, 6);
}

static void test_v6_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        ":", ":::", "1:::2", "1::2::3", ":1::2", "1::2:", ":1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:",
        "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
        "12345::1", "g::1", "2001:db8::1%", "2001:db8::1%eth 0", "2001:db8::1%a%b", "[2001:db8::1",
        "2001:db8::1]", "[[::1]]", "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5:6::1.2.3.4", "::1.2.3",
        "::1.2.3.4.5", "::256.1.1.1", "::01.2.3.4", "::1.2.3.4:5", "1.2.3.4::", "::ffff:1.2.3.4%",
        "2001:db8::1 ", " ::1", "::-1", "1:2:3:4:5:6:7:8%eth0]", "[::1]%eth0", "::1/128",
        "1::2::", "2001:0db8:0000:0000:0000:0000:0000:00001",
    };
    struct tt_addr a;
    for (size_t i = 0; i < TT_ARRAY_LEN(bad); i++) {
        if (parse(bad[i], &a) != TT_ERR) {
            print_error("\"%s\" should not parse\n", bad[i]);
            fail();
        }
    }
}

static void test_format_small_buffer(void **state)
{
    (void)state;
    struct tt_addr a;
    char buf[46];
    assert_int_equal(parse("abcd:ef01:2345:6789:abcd:ef01:2345:6789", &a), TT_OK);
    assert_int_equal(tt_addr_format(&a, buf, sizeof(buf)), 39);
    assert_int_equal(parse("255.255.255.255", &a), TT_OK);
    assert_int_equal(tt_addr_format(&a, buf, sizeof(buf)), 15);
    char small[5];
    assert_int_equal(tt_addr_format(&a, small, sizeof(small)), 4);
    assert_string_equal(small, "255.");
    struct tt_addr none;
    memset(&none, 0, sizeof(none));
    buf[0] = 'x';
    assert_int_equal(tt_addr_format(&none, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "");
}

static void test_truncate_equal_loopback(void **state)
{
    (void)state;
    struct tt_addr a, b;
    char buf[64];
    assert_int_equal(parse("203.0.113.77", &a), TT_OK);
    tt_addr_truncate(&a);
    tt_addr_format(&a, buf, sizeof(buf));
    assert_string_equal(buf, "203.0.113.0");
    assert_int_equal(parse("2001:db8:abcd:1234:5678::1", &a), TT_OK);
    tt_addr_truncate(&a);
    tt_addr_format(&a, buf, sizeof(buf));
    assert_string_equal(buf, "2001:db8:abcd::");
    /* any prefix length, bits inside a byte too */
    assert_int_equal(parse("198.51.100.255", &a), TT_OK);
    tt_addr_mask(&a, 20, 48);
    tt_addr_format(&a, buf, sizeof(buf));
    assert_string_equal(buf, "198.51.96.0");
    assert_int_equal(parse("198.51.100.255", &a), TT_OK);
    tt_addr_mask(&a, 32, 48);
    tt_addr_format(&a, buf, sizeof(buf));
    assert_string_equal(buf, "198.51.100.255");
    assert_int_equal(parse("2001:db8:abcd:12ff::1", &a), TT_OK);
    tt_addr_mask(&a, 24, 57);
    tt_addr_format(&a, buf, sizeof(buf));
    assert_string_equal(buf, "2001:db8:abcd:1280::");
    assert_int_equal(parse("2001:db8::1", &a), TT_OK);
    tt_addr_mask(&a, 24, 200); /* beyond the length: the whole address */
    tt_addr_format(&a, buf, sizeof(buf));
    assert_string_equal(buf, "2001:db8::1");

    assert_int_equal(parse("2001:0DB8:0:0::1", &a), TT_OK);
    assert_int_equal(parse("[2001:db8::0:1]", &b), TT_OK);
    assert_true(tt_addr_equal(&a, &b));
    assert_int_equal(parse("::ffff:192.0.2.1", &a), TT_OK);
    assert_int_equal(parse("192.0.2.1", &b), TT_OK);
    assert_true(tt_addr_equal(&a, &b));
    assert_int_equal(parse("::102:304", &a), TT_OK); /* compat != mapped */
    assert_int_equal(parse("1.2.3.4", &b), TT_OK);
    assert_false(tt_addr_equal(&a, &b));

    assert_int_equal(parse("127.1.2.3", &a), TT_OK);
    assert_true(tt_addr_is_loopback(&a));
    assert_int_equal(parse("::1", &a), TT_OK);
    assert_true(tt_addr_is_loopback(&a));
    assert_int_equal(parse("::ffff:127.0.0.1", &a), TT_OK);
    assert_true(tt_addr_is_loopback(&a));
    assert_int_equal(parse("::2", &a), TT_OK);
    assert_false(tt_addr_is_loopback(&a));
    assert_int_equal(parse("128.0.0.1", &a), TT_OK);
    assert_false(tt_addr_is_loopback(&a));
}

static int cidr(const char *s, struct tt_cidr *c)
{
    return tt_cidr_parse(s, strlen(s), c);
}

static void test_cidr_parse(void **state)
{
    (void)state;
    struct tt_cidr c;
    char buf[64];
    assert_int_equal(cidr("10.0.0.0/8", &c), TT_OK);
    assert_int_equal(c.prefix, 8);
    assert_int_equal(c.addr.family, 4);
    assert_int_equal(cidr("10.1.2.3/8", &c), TT_OK); /* host bits cleared */
    tt_addr_format(&c.addr, buf, sizeof(buf));
    assert_string_equal(buf, "10.0.0.0");
    assert_int_equal(cidr("172.31.255.255/12", &c), TT_OK);
    tt_addr_format(&c.addr, buf, sizeof(buf));
    assert_string_equal(buf, "172.16.0.0");
    assert_int_equal(cidr("192.0.2.9", &c), TT_OK);
    assert_int_equal(c.prefix, 32);
    assert_int_equal(cidr("2001:db8::/32", &c), TT_OK);
    assert_int_equal(c.prefix, 32);
    assert_int_equal(c.addr.family, 6);
    assert_int_equal(cidr("2001:db8:ffff::1/33", &c), TT_OK);
    tt_addr_format(&c.addr, buf, sizeof(buf));
    assert_string_equal(buf, "2001:db8:8000::");
    assert_int_equal(cidr("::1", &c), TT_OK);
    assert_int_equal(c.prefix, 128);
    assert_int_equal(cidr("[2001:db8::]/48", &c), TT_OK);
    assert_int_equal(cidr("0.0.0.0/0", &c), TT_OK);
    assert_int_equal(c.prefix, 0);
    assert_int_equal(cidr("::/0", &c), TT_OK);
    assert_int_equal(cidr("::ffff:10.0.0.0/104", &c), TT_OK);
    assert_int_equal(c.addr.family, 4);
    assert_int_equal(c.prefix, 8);

    static const char *const bad[] = {
        "", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0.0/8/8",
        "10.0.0.0/ 8", "10.0.0.0 /8", "2001:db8::/129", "2001:db8::/1000", "10.0.0/8", "::ffff:10.0.0.0/64",
        "fc00::/7x", "10.0.0.0/8,",
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(bad); i++) {
        if (cidr(bad[i], &c) != TT_ERR) {
            print_error("CIDR \"%s\" should not parse\n", bad[i]);
            fail();
        }
    }
}

static int contains(const struct tt_cidr_set *set, const char *addr)
{
    struct tt_addr a;
    if (parse(addr, &a) != TT_OK) {
        print_error("\"%s\" does not parse\n", addr);
        fail();
    }
    return tt_cidr_set_contains(set, &a);
}

static void test_default_home(void **state)
{
    (void)state;
    struct tt_cidr_set set;
    tt_cidr_set_default_home(&set);
    assert_int_equal(set.n, 6);
    assert_true(contains(&set, "10.0.0.1"));
    assert_true(contains(&set, "10.255.255.255"));
    assert_false(contains(&set, "11.0.0.0"));
    assert_false(contains(&set, "9.255.255.255"));
    assert_true(contains(&set, "172.16.0.0"));
    assert_true(contains(&set, "172.31.255.255"));
    assert_false(contains(&set, "172.32.0.0"));
    assert_false(contains(&set, "172.15.255.255"));
    assert_true(contains(&set, "192.168.1.1"));
    assert_false(contains(&set, "192.169.0.1"));
    assert_true(contains(&set, "127.0.0.53"));
    assert_true(contains(&set, "::ffff:192.168.3.4"));
    assert_true(contains(&set, "fc00::1"));
    assert_true(contains(&set, "fd12:3456::1"));
    assert_false(contains(&set, "fe00::1"));
    assert_false(contains(&set, "fe80::1")); /* link-local is not in the SPEC default */
    assert_true(contains(&set, "::1"));
    assert_true(contains(&set, "0:0:0:0:0:0:0:1"));
    assert_false(contains(&set, "::2"));
    assert_false(contains(&set, "::"));
    assert_false(contains(&set, "203.0.113.5"));
    assert_false(contains(&set, "2001:db8::1"));
    struct tt_addr none;
    memset(&none, 0, sizeof(none));
    assert_false(tt_cidr_set_contains(&set, &none));
    assert_false(tt_cidr_set_contains(NULL, &none));
}

static void test_contains_edges(void **state)
{
    (void)state;
    struct tt_cidr_set set;
    char err[256];

    assert_int_equal(tt_cidr_set_parse(&set, "0.0.0.0/0", err, sizeof(err)), TT_OK);
    assert_true(contains(&set, "1.2.3.4"));
    assert_true(contains(&set, "255.255.255.255"));
    assert_true(contains(&set, "::ffff:8.8.8.8"));
    assert_false(contains(&set, "2001:db8::1")); /* families never mix */
    assert_false(contains(&set, "::"));

    assert_int_equal(tt_cidr_set_parse(&set, "::/0", err, sizeof(err)), TT_OK);
    assert_true(contains(&set, "2001:db8::1"));
    assert_true(contains(&set, "::"));
    assert_false(contains(&set, "1.2.3.4"));
    assert_false(contains(&set, "::ffff:1.2.3.4"));

    assert_int_equal(tt_cidr_set_parse(&set, "192.0.2.1/32, 2001:db8::1/128", err, sizeof(err)), TT_OK);
    assert_int_equal(set.n, 2);
    assert_true(contains(&set, "192.0.2.1"));
    assert_false(contains(&set, "192.0.2.0"));
    assert_false(contains(&set, "192.0.2.2"));
    assert_true(contains(&set, "2001:0db8:0:0:0:0:0:0001"));
    assert_false(contains(&set, "2001:db8::"));
    assert_false(contains(&set, "2001:db8::2"));

    /* Non-byte-aligned prefixes, both sides of the boundary. */
    assert_int_equal(tt_cidr_set_parse(&set, "198.51.100.64/27,2001:db8:8000::/33", err, sizeof(err)), TT_OK);
    assert_false(contains(&set, "198.51.100.63"));
    assert_true(contains(&set, "198.51.100.64"));
    assert_true(contains(&set, "198.51.100.95"));
    assert_false(contains(&set, "198.51.100.96"));
    assert_true(contains(&set, "2001:db8:8000::1"));
    assert_true(contains(&set, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"));
    assert_false(contains(&set, "2001:db8:7fff:ffff::"));
    assert_false(contains(&set, "2001:db9::"));

    /* /1 and /127 */
    assert_int_equal(tt_cidr_set_parse(&set, "128.0.0.0/1,2001:db8::/127", err, sizeof(err)), TT_OK);
    assert_true(contains(&set, "128.0.0.0"));
    assert_true(contains(&set, "255.1.1.1"));
    assert_false(contains(&set, "127.255.255.255"));
    assert_true(contains(&set, "2001:db8::1"));
    assert_false(contains(&set, "2001:db8::2"));

    /* v4-mapped spelled network */
    assert_int_equal(tt_cidr_set_parse(&set, "::ffff:10.0.0.0/104", err, sizeof(err)), TT_OK);
    assert_true(contains(&set, "10.9.9.9"));
    assert_false(contains(&set, "11.0.0.0"));
}

/* The comma-list splitter behind --home-net and --prefix-map. */
static void test_list_next(void **state)
{
    (void)state;
    const char *s = " a ,b,\t,  c d  ";
    struct tt_slice it;
    const char *want[] = {"a", "b", "", "c d"};
    for (size_t i = 0; i < 4; i++) {
        assert_true(tt_list_next(&s, &it));
        assert_int_equal(it.len, strlen(want[i]));
        assert_memory_equal(it.p, want[i], it.len);
    }
    assert_null(s);
    assert_false(tt_list_next(&s, &it));
    s = "";
    assert_true(tt_list_next(&s, &it)); /* one empty item */
    assert_int_equal(it.len, 0);
    assert_false(tt_list_next(&s, &it));
}

static void test_set_parse_errors(void **state)
{
    (void)state;
    struct tt_cidr_set set;
    char err[256];

    tt_cidr_set_default_home(&set);
    assert_int_equal(tt_cidr_set_parse(&set, "10.0.0.0/8,300.1.1.1/8", err, sizeof(err)), TT_ERR);
    assert_non_null(strstr(err, "300.1.1.1/8"));
    assert_non_null(strstr(err, "item 2"));
    assert_int_equal(set.n, 6); /* unchanged on error */

    assert_int_equal(tt_cidr_set_parse(&set, " 10.0.0.0/8 ,  fc00::/7 ,2001:db8::/129", err, sizeof(err)), TT_ERR);
    assert_non_null(strstr(err, "\"2001:db8::/129\""));

    assert_int_equal(tt_cidr_set_parse(&set, "10.0.0.0/8,,192.168.0.0/16", err, sizeof(err)), TT_ERR);
    assert_non_null(strstr(err, "empty item 2"));
    assert_int_equal(tt_cidr_set_parse(&set, "10.0.0.0/8,", err, sizeof(err)), TT_ERR);
    assert_non_null(strstr(err, "empty item 2"));
    assert_int_equal(tt_cidr_set_parse(&set, "", err, sizeof(err)), TT_ERR);
    assert_non_null(strstr(err, "empty"));
    assert_int_equal(tt_cidr_set_parse(&set, "   ", err, sizeof(err)), TT_ERR);
    assert_int_equal(tt_cidr_set_parse(&set, "eth0", err, sizeof(err)), TT_ERR);
    assert_non_null(strstr(err, "\"eth0\""));
    assert_int_equal(tt_cidr_set_parse(&set, "10.0.0.0 8", err, sizeof(err)), TT_ERR);
    assert_non_null(strstr(err, "\"10.0.0.0 8\""));
    /* A tiny err buffer is truncated, not overrun; NULL err is allowed. */
    char tiny[8];
    assert_int_equal(tt_cidr_set_parse(&set, "nope", tiny, sizeof(tiny)), TT_ERR);
    assert_int_equal(strlen(tiny), 7);
    assert_int_equal(tt_cidr_set_parse(&set, "nope", NULL, 0), TT_ERR);

    /* Spaces and tabs around items; 256 items fit, 257 do not. */
    assert_int_equal(tt_cidr_set_parse(&set, "\t10.0.0.0/8 ,\t::1 ", err, sizeof(err)), TT_OK);
    assert_int_equal(set.n, 2);
    char *big = malloc(TT_CIDR_SET_MAX * 16 + 32);
    size_t n = 0;
    for (int i = 0; i < TT_CIDR_SET_MAX; i++)
        n += (size_t)sprintf(big + n, "%s10.%d.0.0/16", i ? "," : "", i);
    assert_int_equal(tt_cidr_set_parse(&set, big, err, sizeof(err)), TT_OK);
    assert_int_equal(set.n, TT_CIDR_SET_MAX);
    assert_true(contains(&set, "10.255.1.1"));
    strcpy(big + n, ",11.0.0.0/8");
    assert_int_equal(tt_cidr_set_parse(&set, big, err, sizeof(err)), TT_ERR);
    assert_non_null(strstr(err, "too many"));
    assert_non_null(strstr(err, "11.0.0.0/8"));
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v4_valid),
        cmocka_unit_test(test_v4_invalid),
        cmocka_unit_test(test_len_bound),
        cmocka_unit_test(test_v6_spellings),
        cmocka_unit_test(test_v6_invalid),
        cmocka_unit_test(test_format_small_buffer),
        cmocka_unit_test(test_truncate_equal_loopback),
        cmocka_unit_test(test_cidr_parse),
        cmocka_unit_test(test_default_home),
        cmocka_unit_test(test_contains_edges),
        cmocka_unit_test(test_list_next),
        cmocka_unit_test(test_set_parse_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
