/* SPDX-License-Identifier: MIT
 *
 * net.c -- IPv4/IPv6 text <-> 128-bit values, and CIDR sets (--home-net).
 *
 * Sits on the hot path: firewall parsers call tt_addr_parse() on every SRC=
 * and tt_cidr_set_contains() on every blocked event, so both are hand-written
 * byte loops over [p, p+len) with no allocation, no locale and no
 * NUL-terminated copies (inet_pton would need one). Everything else here
 * (formatting, set parsing) runs at start-up or in reports.
 *
 * Spellings accepted by tt_addr_parse():
 *   IPv4  strict dotted quad: four decimal octets 0..255, no leading zeros
 *         ("010.1.1.1" is refused: some tools read it as octal).
 *   IPv6  every RFC 4291 section 2.2 form: full, leading zeros omitted, one
 *         "::" for one or more zero groups, a trailing dotted quad
 *         ("::ffff:192.0.2.1", "64:ff9b::192.0.2.1"), any case; an optional
 *         zone "%eth0" (ignored) and optional surrounding brackets.
 * IPv4-mapped IPv6 (::ffff:0:0/96), however spelled, becomes family 4 so that
 * a dual-stack socket's view of an IPv4 peer compares equal to the peer.
 */
#include "common/net.h"
#include "common/tt.h"

#include <stdio.h>
#include <string.h>

static inline int hex_val(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20; /* ASCII lower case */
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Strict dotted quad from exactly [p, p+len) into out[0..3]. */
static int parse_v4(const char *p, size_t len, uint8_t out[4])
{
    /* "0.0.0.0" to "255.255.255.255"; per octet one to three digits, no
     * leading zero, at most 255. Two addresses a firewall line: unrolled
     * per octet, one unsigned compare per digit. */
    if (len < 7 || len > 15)
        return TT_ERR;
    const unsigned char *s = (const unsigned char *)p, *end = s + len;
    for (int part = 0; part < 4; part++) {
        if (part > 0) {
            if (s >= end || *s != '.')
                return TT_ERR;
            s++;
        }
        unsigned v;
        if (s >= end || (v = (unsigned)(*s - '0')) > 9)
            return TT_ERR;
        s++;
        unsigned d;
        if (s < end && (d = (unsigned)(*s - '0')) <= 9) {
            if (v == 0)
                return TT_ERR; /* a leading zero (octal to some, decimal to others) */
            v = v * 10 + d;
            s++;
            if (s < end && (d = (unsigned)(*s - '0')) <= 9) {
                v = v * 10 + d;
                s++;
                if (v > 255)
                    return TT_ERR;
            }
        }
        out[part] = (uint8_t)v;
    }
    return s == end ? TT_OK : TT_ERR;
}

/* RFC 4291 text from exactly [p, p+len) into out[0..15]; after BIND's
 * inet_pton6, without the NUL terminator. */
static int parse_v6(const char *p, size_t len, uint8_t out[16])
{
    uint8_t buf[16];
    size_t tp = 0;       /* bytes of buf written */
    long colonp = -1;    /* where "::" stands in buf, -1 none */
    size_t i = 0;
    size_t curtok;       /* start of the current group (for a dotted quad) */
    unsigned val = 0;    /* value of the current group */
    int ndig = 0;        /* hex digits in the current group */

    memset(buf, 0, sizeof(buf));
    if (len == 0)
        return TT_ERR;
    /* A leading ':' must be the first half of "::". */
    if (p[0] == ':') {
        if (len < 2 || p[1] != ':')
            return TT_ERR;
        i = 1;
    }
    curtok = i;
    while (i < len) {
        unsigned char c = (unsigned char)p[i++];
        int h = hex_val(c);
        if (h >= 0) {
            if (ndig == 4)
                return TT_ERR;
            val = (val << 4) | (unsigned)h;
            ndig++;
            continue;
        }
        if (c == ':') {
            curtok = i;
            if (ndig == 0) {
                if (colonp >= 0)
                    return TT_ERR; /* a second "::", or ":::" */
                colonp = (long)tp;
                continue;
            }
            if (i == len)
                return TT_ERR; /* trailing single ':' */
            if (tp + 2 > sizeof(buf))
                return TT_ERR;
            buf[tp++] = (uint8_t)(val >> 8);
            buf[tp++] = (uint8_t)val;
            val = 0;
            ndig = 0;
            continue;
        }
        if (c == '.' && tp + 4 <= sizeof(buf)) {
            /* Embedded dotted quad: re-read the current group as decimal;
             * it must run to the end. */
            if (parse_v4(p + curtok, len - curtok, buf + tp) != TT_OK)
                return TT_ERR;
            tp += 4;
            ndig = 0;
            break;
        }
        return TT_ERR;
    }
    if (ndig > 0) {
        if (tp + 2 > sizeof(buf))
            return TT_ERR;
        buf[tp++] = (uint8_t)(val >> 8);
        buf[tp++] = (uint8_t)val;
    }
    if (colonp >= 0) {
        /* "::" must stand for at least one group. */
        if (tp == sizeof(buf))
            return TT_ERR;
        size_t n = tp - (size_t)colonp;
        memmove(buf + sizeof(buf) - n, buf + colonp, n);
        memset(buf + colonp, 0, sizeof(buf) - n - (size_t)colonp);
        tp = sizeof(buf);
    }
    if (tp != sizeof(buf))
        return TT_ERR;
    memcpy(out, buf, sizeof(buf));
    return TT_OK;
}

static const uint8_t v4mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* Zone identifiers: interface names or numbers; refuse blanks, brackets and
 * separators so that "fe80::1%eth0 more" or "%]" never pass. */
static int zone_ok(const char *p, size_t len)
{
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c <= 0x20 || c >= 0x7f || c == '%' || c == '[' || c == ']' || c == '/' || c == ',')
            return 0;
    }
    return 1;
}

int tt_addr_parse(const char *p, size_t len, struct tt_addr *out)
{
    if (!p || len == 0 || len > 128)
        return TT_ERR;
    if (p[0] == '[') {
        if (len < 3 || p[len - 1] != ']')
            return TT_ERR;
        p++;
        len -= 2;
    }
    /* Family by the first separator: IPv4 has a '.' before any ':'. The
     * shortest IPv6 text is "::" and IPv4 needs 7 bytes. */
    const char *colon = memchr(p, ':', len);
    if (!colon) {
        uint8_t b[4];
        if (parse_v4(p, len, b) != TT_OK)
            return TT_ERR;
        memset(out, 0, sizeof(*out));
        out->family = 4;
        memcpy(out->bytes, b, 4);
        return TT_OK;
    }
    const char *pct = memchr(p, '%', len);
    if (pct) {
        size_t at = (size_t)(pct - p);
        if (!zone_ok(pct + 1, len - at - 1))
            return TT_ERR;
        len = at;
    }
    uint8_t b[16];
    if (parse_v6(p, len, b) != TT_OK)
        return TT_ERR;
    memset(out, 0, sizeof(*out));
    if (memcmp(b, v4mapped_prefix, sizeof(v4mapped_prefix)) == 0) {
        out->family = 4;
        memcpy(out->bytes, b + 12, 4);
    } else {
        out->family = 6;
        memcpy(out->bytes, b, 16);
    }
    return TT_OK;
}

/* RFC 5952: lower-case hex, no leading zeros, the longest run of two or more
 * zero groups (the first of equal runs) as "::", a lone zero group kept.
 * Family 6 is always written in hex: v4-mapped addresses are family 4. */
size_t tt_addr_format(const struct tt_addr *a, char *buf, size_t len)
{
    char tmp[48];
    size_t n = 0;
    if (!buf || len == 0)
        return 0;
    buf[0] = '\0';
    if (!a || (a->family != 4 && a->family != 6))
        return 0;
    if (a->family == 4) {
        int w = snprintf(tmp, sizeof(tmp), "%u.%u.%u.%u", a->bytes[0], a->bytes[1], a->bytes[2], a->bytes[3]);
        n = w > 0 ? (size_t)w : 0;
    } else {
        unsigned g[8];
        for (int i = 0; i < 8; i++)
            g[i] = (unsigned)a->bytes[2 * i] << 8 | a->bytes[2 * i + 1];
        int best = -1, best_len = 0;
        for (int i = 0; i < 8;) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0)
                j++;
            if (j - i > best_len) {
                best = i;
                best_len = j - i;
            }
            i = j;
        }
        if (best_len < 2)
            best = -1;
        static const char hexd[] = "0123456789abcdef";
        for (int i = 0; i < 8; i++) {
            if (i == best) {
                tmp[n++] = ':';
                tmp[n++] = ':';
                i += best_len - 1;
                continue;
            }
            if (i > 0 && i != best + best_len)
                tmp[n++] = ':';
            int started = 0;
            for (int s = 12; s >= 0; s -= 4) {
                unsigned d = (g[i] >> s) & 0xf;
                if (d || started || s == 0) {
                    tmp[n++] = hexd[d];
                    started = 1;
                }
            }
        }
        tmp[n] = '\0';
    }
    if (n >= len)
        n = len - 1;
    memcpy(buf, tmp, n);
    buf[n] = '\0';
    return n;
}

void tt_addr_mask(struct tt_addr *a, unsigned v4_bits, unsigned v6_bits)
{
    if (!a || (a->family != 4 && a->family != 6))
        return;
    unsigned bits = a->family == 4 ? TT_MIN(v4_bits, 32u) : TT_MIN(v6_bits, 128u);
    unsigned whole = bits / 8, rest = bits % 8;
    if (rest) {
        a->bytes[whole] &= (uint8_t)(0xFFu << (8 - rest));
        whole++;
    }
    memset(a->bytes + whole, 0, sizeof(a->bytes) - whole);
}

void tt_addr_truncate(struct tt_addr *a)
{
    tt_addr_mask(a, 24, 48);
}

int tt_addr_equal(const struct tt_addr *a, const struct tt_addr *b)
{
    return a->family == b->family && memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

uint64_t tt_addr_hash(const struct tt_addr *a)
{
    uint64_t h = tt_hash64(0x7474616c6c79ULL, (const char *)a, sizeof(*a));
    return h ? h : 1;
}

int tt_addr_is_loopback(const struct tt_addr *a)
{
    static const uint8_t v6_loop[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    if (a->family == 4)
        return a->bytes[0] == 127;
    if (a->family == 6)
        return memcmp(a->bytes, v6_loop, 16) == 0;
    return 0;
}

/* Clears the host bits of addr beyond prefix. */
static void mask_host_bits(struct tt_addr *addr, unsigned prefix)
{
    unsigned full = prefix / 8, rem = prefix % 8;
    if (full >= sizeof(addr->bytes))
        return;
    if (rem) {
        addr->bytes[full] &= (uint8_t)(0xffu << (8 - rem));
        full++;
    }
    memset(addr->bytes + full, 0, sizeof(addr->bytes) - full);
}

/* Host bits set in the address ("10.1.2.3/8") are cleared rather than
 * refused, as iptables and ipset do: the intent is plain. A v4-mapped IPv6
 * network ("::ffff:10.0.0.0/104") becomes the IPv4 network it stands for. */
int tt_cidr_parse(const char *p, size_t len, struct tt_cidr *out)
{
    if (!p || len == 0)
        return TT_ERR;
    const char *slash = memchr(p, '/', len);
    size_t alen = slash ? (size_t)(slash - p) : len;
    struct tt_addr addr;
    if (tt_addr_parse(p, alen, &addr) != TT_OK)
        return TT_ERR;
    int spelled_v6 = memchr(p, ':', alen) != NULL;
    unsigned max = spelled_v6 ? 128 : 32;
    unsigned prefix = max;
    if (slash) {
        const char *d = slash + 1;
        size_t dlen = len - alen - 1;
        if (dlen == 0 || dlen > 3 || (dlen > 1 && d[0] == '0'))
            return TT_ERR;
        prefix = 0;
        for (size_t i = 0; i < dlen; i++) {
            if (d[i] < '0' || d[i] > '9')
                return TT_ERR;
            prefix = prefix * 10 + (unsigned)(d[i] - '0');
        }
        if (prefix > max)
            return TT_ERR;
    }
    if (spelled_v6 && addr.family == 4) {
        if (prefix < 96)
            return TT_ERR; /* would mix IPv6 space and mapped IPv4 */
        prefix -= 96;
    }
    mask_host_bits(&addr, prefix);
    out->addr = addr;
    out->prefix = (uint8_t)prefix;
    return TT_OK;
}

int tt_cidr_set_parse(struct tt_cidr_set *set, const char *list, char *err, size_t errlen)
{
    struct tt_cidr_set tmp;
    tmp.n = 0;
    if (err && errlen)
        err[0] = '\0';
    if (!list) {
        if (err && errlen)
            snprintf(err, errlen, "empty network list");
        return TT_ERR;
    }
    const char *s = list;
    size_t item = 0;
    struct tt_slice it;
    while (tt_list_next(&s, &it)) {
        const char *b = it.p, *t = it.p + it.len;
        item++;
        if (t == b) {
            if (err && errlen) {
                if (item == 1 && !s)
                    snprintf(err, errlen, "empty network list");
                else
                    snprintf(err, errlen, "empty item %zu in network list", item);
            }
            return TT_ERR;
        }
        if (tmp.n == TT_CIDR_SET_MAX) {
            if (err && errlen)
                snprintf(err, errlen, "too many networks (at most %d): \"%.*s\"", TT_CIDR_SET_MAX,
                         (int)TT_MIN((size_t)(t - b), 64), b);
            return TT_ERR;
        }
        if (tt_cidr_parse(b, (size_t)(t - b), &tmp.items[tmp.n]) != TT_OK) {
            if (err && errlen)
                snprintf(err, errlen, "invalid network \"%.*s\" (item %zu): expected ADDRESS or ADDRESS/PREFIX",
                         (int)TT_MIN((size_t)(t - b), 64), b, item);
            return TT_ERR;
        }
        tmp.n++;
    }
    memcpy(set->items, tmp.items, tmp.n * sizeof(tmp.items[0]));
    set->n = tmp.n;
    return TT_OK;
}

void tt_cidr_set_default_home(struct tt_cidr_set *set)
{
    static const struct {
        uint8_t family;   /* 4 or 6 */
        uint8_t b0, b1;   /* leading bytes of the network */
        uint8_t b15;      /* last byte (for ::1) */
        uint8_t prefix;   /* prefix length */
    } nets[] = {
        {4, 10, 0, 0, 8}, {4, 172, 16, 0, 12}, {4, 192, 168, 0, 16},
        {4, 127, 0, 0, 8}, {6, 0xfc, 0, 0, 7}, {6, 0, 0, 1, 128},
    };
    memset(set, 0, sizeof(*set));
    for (size_t i = 0; i < TT_ARRAY_LEN(nets); i++) {
        struct tt_cidr *c = &set->items[i];
        c->addr.family = nets[i].family;
        c->addr.bytes[0] = nets[i].b0;
        c->addr.bytes[1] = nets[i].b1;
        c->addr.bytes[15] = nets[i].b15;
        c->prefix = nets[i].prefix;
    }
    set->n = TT_ARRAY_LEN(nets);
}

static inline int cidr_match(const struct tt_cidr *c, const uint8_t *b)
{
    unsigned full = c->prefix >> 3, rem = c->prefix & 7;
    if (full && memcmp(c->addr.bytes, b, full) != 0)
        return 0;
    if (rem) {
        uint8_t m = (uint8_t)(0xffu << (8 - rem));
        return ((b[full] ^ c->addr.bytes[full]) & m) == 0;
    }
    return 1;
}

/* Families never mix: "::/0" holds no IPv4 address (v4-mapped ones were
 * normalised to family 4 on parsing), "0.0.0.0/0" no IPv6 one. */
int tt_cidr_set_contains(const struct tt_cidr_set *set, const struct tt_addr *a)
{
    if (!set || !a || (a->family != 4 && a->family != 6))
        return 0;
    for (size_t i = 0; i < set->n; i++) {
        const struct tt_cidr *c = &set->items[i];
        if (c->addr.family == a->family && cidr_match(c, a->bytes))
            return 1;
    }
    return 0;
}
