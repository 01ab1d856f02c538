/* SPDX-License-Identifier: MIT
 *
 * fuzz_net.c -- libFuzzer target for common/net.c. Checks, for any input:
 * tt_addr_parse never reads past len (the input buffer is exactly len bytes)
 * and agrees with the C library's inet_pton on every plain spelling (no zone,
 * no brackets); parse -> format -> parse is the identity and formatting is
 * stable; CIDR and set parsing never crash and contain() agrees with a
 * bit-by-bit reference.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/net.h"
#include "common/tt.h"

static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static void check_roundtrip(const struct tt_addr *a)
{
    char buf[46], buf2[46];
    size_t n = tt_addr_format(a, buf, sizeof(buf));
    if (n == 0 || n >= sizeof(buf) || strlen(buf) != n)
        abort();
    struct tt_addr b;
    if (tt_addr_parse(buf, n, &b) != TT_OK || !tt_addr_equal(a, &b))
        abort();
    if (tt_addr_format(&b, buf2, sizeof(buf2)) != n || strcmp(buf, buf2) != 0)
        abort();
    /* The canonical text is also what inet_ntop writes, but for IPv4 in
     * IPv6 forms that glibc prints dotted. */
    if (a->family == 6) {
        char ref[INET6_ADDRSTRLEN];
        if (!inet_ntop(AF_INET6, a->bytes, ref, sizeof(ref)))
            abort();
        if (!strchr(ref, '.') && strcmp(ref, buf) != 0)
            abort();
    }
}

static void check_inet_pton(const char *p, size_t len, int rc, const struct tt_addr *a)
{
    if (len == 0 || len > 100 || memchr(p, '\0', len) || memchr(p, '%', len) || memchr(p, '[', len))
        return;
    char z[128];
    memcpy(z, p, len);
    z[len] = '\0';
    uint8_t ref[16];
    int v6 = memchr(p, ':', len) != NULL;
    int ok = inet_pton(v6 ? AF_INET6 : AF_INET, z, ref) == 1;
    if (ok != (rc == TT_OK))
        abort();
    if (!ok)
        return;
    if (!v6) {
        if (a->family != 4 || memcmp(a->bytes, ref, 4) != 0)
            abort();
    } else if (memcmp(ref, mapped, 12) == 0) {
        if (a->family != 4 || memcmp(a->bytes, ref + 12, 4) != 0)
            abort();
    } else if (a->family != 6 || memcmp(a->bytes, ref, 16) != 0) {
        abort();
    }
}

static int ref_contains(const struct tt_cidr *c, const struct tt_addr *a)
{
    if (c->addr.family != a->family)
        return 0;
    for (unsigned bit = 0; bit < c->prefix; bit++) {
        unsigned m = 0x80u >> (bit % 8);
        if ((c->addr.bytes[bit / 8] & m) != (a->bytes[bit / 8] & m))
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    struct tt_addr a;
    memset(&a, 0, sizeof(a));
    int rc = tt_addr_parse(p, size, &a);
    if (rc == TT_OK) {
        if (a.family != 4 && a.family != 6)
            abort();
        if (a.family == 4)
            for (int i = 4; i < 16; i++)
                if (a.bytes[i])
                    abort();
        check_roundtrip(&a);
        struct tt_addr t = a;
        tt_addr_truncate(&t);
        check_roundtrip(&t);
        (void)tt_addr_is_loopback(&a);
    }
    check_inet_pton(p, size, rc, &a);

    struct tt_cidr c;
    if (tt_cidr_parse(p, size, &c) == TT_OK) {
        if ((c.addr.family == 4 && c.prefix > 32) || c.prefix > 128)
            abort();
        struct tt_cidr_set one;
        one.n = 1;
        one.items[0] = c;
        if (!tt_cidr_set_contains(&one, &c.addr))
            abort();
    }

    /* The input as a set list, then every address in it tested against the set. */
    char *z = malloc(size + 1);
    if (!z)
        return 0;
    memcpy(z, p, size);
    z[size] = '\0';
    static struct tt_cidr_set set;
    char err[128];
    if (tt_cidr_set_parse(&set, z, err, sizeof(err)) == TT_OK) {
        if (set.n == 0 || set.n > TT_CIDR_SET_MAX)
            abort();
        for (size_t i = 0; i < set.n; i++) {
            int want = 0;
            for (size_t j = 0; j < set.n; j++)
                want |= ref_contains(&set.items[j], &set.items[i].addr);
            if (!want || tt_cidr_set_contains(&set, &set.items[i].addr) != want)
                abort();
        }
        if (rc == TT_OK) {
            int want = 0;
            for (size_t j = 0; j < set.n; j++)
                want |= ref_contains(&set.items[j], &a);
            if (tt_cidr_set_contains(&set, &a) != want)
                abort();
        }
    } else if (err[0] == '\0') {
        abort(); /* an error always says why */
    }
    free(z);
    return 0;
}
