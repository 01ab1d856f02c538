/* SPDX-License-Identifier: MIT
 *
 * ttgen_text.c -- text helpers of bench/ttgen: addresses, a small
 * formatter faster than snprintf for the hot path, and the set of distinct
 * attack sources the truth counts. See ttgen.h.
 */
#include "bench/ttgen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void tg_a4(struct gaddr *a, unsigned x, unsigned y, unsigned z, unsigned w)
{
    memset(a, 0, sizeof(*a));
    a->fam = 4;
    a->b[0] = (uint8_t)x, a->b[1] = (uint8_t)y, a->b[2] = (uint8_t)z, a->b[3] = (uint8_t)w;
}

/* 2001:db8:<g2>:<g3>::<g7> style address from 6 variable bytes. */
void tg_a6_doc(struct gaddr *a, uint64_t h)
{
    memset(a, 0, sizeof(*a));
    a->fam = 6;
    a->b[0] = 0x20, a->b[1] = 0x01, a->b[2] = 0x0d, a->b[3] = 0xb8;
    a->b[4] = (uint8_t)(h >> 8), a->b[5] = (uint8_t)h;
    a->b[6] = (uint8_t)(h >> 16), a->b[7] = (uint8_t)(h >> 24);
    if (h & (1ULL << 63)) { /* half of them with a random interface id */
        for (int i = 8; i < 16; i++)
            a->b[i] = (uint8_t)(h >> (i * 3));
    } else {
        a->b[14] = (uint8_t)(h >> 40), a->b[15] = (uint8_t)((h >> 32) | 1);
    }
}

/* A public-looking IPv4 address from 32 random bits: never inside the fixed
 * home net (10/8, 172.16/12, 192.168/16) nor loopback, multicast, CGNAT,
 * link-local or other special ranges. */
static int v4_public_ok(uint32_t x)
{
    unsigned o1 = x >> 24, o2 = (x >> 16) & 255;
    if (o1 == 0 || o1 == 10 || o1 == 127 || o1 >= 224)
        return 0;
    if (o1 == 100 && (o2 & 0xC0) == 64)
        return 0;
    if ((o1 == 169 && o2 == 254) || (o1 == 172 && (o2 & 0xF0) == 16) || (o1 == 192 && o2 == 168))
        return 0;
    if ((o1 == 192 && o2 == 0 && ((x >> 8) & 255) == 0) || (o1 == 198 && (o2 & 0xFE) == 18))
        return 0;
    if ((x & 255) == 0 || (x & 255) == 255)
        return 0;
    return 1;
}

void tg_a4_public(struct gaddr *a, uint64_t h)
{
    uint32_t x = (uint32_t)h;
    while (!v4_public_ok(x)) {
        h = tt_mix64(h);
        x = (uint32_t)h;
    }
    /* One in eight from the documentation ranges, as the brief asks. */
    if (((h >> 40) & 7) == 0) {
        static const uint8_t doc[3][3] = {{192, 0, 2}, {198, 51, 100}, {203, 0, 113}};
        const uint8_t *d = doc[(h >> 44) % 3];
        tg_a4(a, d[0], d[1], d[2], 1 + (unsigned)((h >> 48) % 254));
        return;
    }
    tg_a4(a, x >> 24, (x >> 16) & 255, (x >> 8) & 255, x & 255);
}

static const char hexl[] = "0123456789abcdef";
const char tg_hexu[] = "0123456789ABCDEF";

char *tg_put_s(char *d, const char *s)
{
    size_t n = strlen(s);
    memcpy(d, s, n);
    return d + n;
}

char *tg_put_uw(char *d, unsigned long long v, int w, char pad)
{
    char tmp[24];
    int i = 0;
    do {
        tmp[i++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (w-- > i)
        *d++ = pad;
    while (i)
        *d++ = tmp[--i];
    return d;
}

char *tg_put_hex(char *d, unsigned long long v, int w, const char *digits)
{
    char tmp[20];
    int i = 0;
    do {
        tmp[i++] = digits[v & 15];
        v >>= 4;
    } while (v);
    while (w-- > i)
        *d++ = '0';
    while (i)
        *d++ = tmp[--i];
    return d;
}

/* IPv4 dotted quad; IPv6 RFC 5952 (compressed) or, with expanded, the
 * kernel's eight zero-padded groups. */
char *tg_put_addr(char *d, const struct gaddr *a, int expanded)
{
    if (a->fam == 4) {
        for (int i = 0; i < 4; i++) {
            if (i)
                *d++ = '.';
            d = tg_put_uw(d, a->b[i], 0, ' ');
        }
        return d;
    }
    unsigned g[8];
    for (int i = 0; i < 8; i++)
        g[i] = (unsigned)a->b[2 * i] << 8 | a->b[2 * i + 1];
    if (expanded) {
        for (int i = 0; i < 8; i++) {
            if (i)
                *d++ = ':';
            d = tg_put_hex(d, g[i], 4, hexl);
        }
        return d;
    }
    int best = -1, blen = 1;
    for (int i = 0; i < 8;) {
        if (g[i]) {
            i++;
            continue;
        }
        int j = i;
        while (j < 8 && !g[j])
            j++;
        if (j - i > blen)
            best = i, blen = j - i;
        i = j;
    }
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            *d++ = ':';
            if (i == 0)
                *d++ = ':';
            i += blen - 1;
            continue;
        }
        d = tg_put_hex(d, g[i], 0, hexl);
        if (i < 7)
            *d++ = ':';
    }
    return d;
}

/* Postfix "delay=" style: centiseconds as 0.07, 1.3, 12. */
static char *put_delay(char *d, unsigned cs)
{
    if (cs == 0)
        return tg_put_s(d, "0");
    if (cs >= 1000)
        return tg_put_uw(d, cs / 100, 0, ' ');
    if (cs >= 100) {
        d = tg_put_uw(d, cs / 100, 0, ' ');
        if ((cs / 10) % 10) {
            *d++ = '.';
            *d++ = (char)('0' + (cs / 10) % 10);
        }
        return d;
    }
    *d++ = '0';
    *d++ = '.';
    *d++ = (char)('0' + cs / 10);
    if (cs % 10)
        *d++ = (char)('0' + cs % 10);
    return d;
}

/* A tiny printf, several times faster than vsnprintf for the few directives
 * used here: %s %c %u (unsigned) %U (unsigned long long) %X/%x (unsigned long
 * long, hex) with optional width and '0' flag, %D (centiseconds as a Postfix
 * delay), %Z (four centisecond unsigneds: "delay=.., delays=a/b/c/d"), %a / %A (struct gaddr *, compact / kernel spelling). No bounds:
 * callers write into LINE_MAX_BYTES scratch with bounded arguments. */
char *tg_vfmt(char *d, const char *f, va_list ap)
{
    for (;;) {
        const char *pct = strchr(f, '%');
        if (!pct)
            return tg_put_s(d, f);
        memcpy(d, f, (size_t)(pct - f));
        d += pct - f;
        f = pct + 1;
        char pad = ' ';
        int w = 0;
        if (*f == '0')
            pad = '0', f++;
        while (*f >= '0' && *f <= '9')
            w = w * 10 + (*f++ - '0');
        switch (*f++) {
        case 's': d = tg_put_s(d, va_arg(ap, const char *)); break;
        case 'c': *d++ = (char)va_arg(ap, int); break;
        case 'u': d = tg_put_uw(d, va_arg(ap, unsigned), w, pad); break;
        case 'U': d = tg_put_uw(d, va_arg(ap, unsigned long long), w, pad); break;
        case 'X': d = tg_put_hex(d, va_arg(ap, unsigned long long), w, tg_hexu); break;
        case 'x': d = tg_put_hex(d, va_arg(ap, unsigned long long), w, hexl); break;
        case 'D': d = put_delay(d, va_arg(ap, unsigned)); break;
        case 'Z': { /* four delay components: "delay=<sum>, delays=a/b/c/d" */
            unsigned c4[4], sum = 0;
            for (int i = 0; i < 4; i++)
                sum += c4[i] = va_arg(ap, unsigned);
            d = put_delay(tg_put_s(d, "delay="), sum);
            d = tg_put_s(d, ", delays=");
            for (int i = 0; i < 4; i++) {
                if (i)
                    *d++ = '/';
                d = put_delay(d, c4[i]);
            }
            break;
        }
        case 'a': d = tg_put_addr(d, va_arg(ap, const struct gaddr *), 0); break;
        case 'A': d = tg_put_addr(d, va_arg(ap, const struct gaddr *), 1); break;
        default: *d++ = '%'; break;
        }
    }
}

/* Formats into buf (NUL terminated) and returns it. */
char *tg_sf(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *e = tg_vfmt(buf, fmt, ap);
    va_end(ap);
    *e = '\0';
    return buf;
}


void *tg_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "ttgen: out of memory\n");
        exit(1);
    }
    return q;
}

static struct srckey srckey_of(const struct gaddr *a)
{
    struct srckey k;
    if (a->fam == 4) {
        k.lo = (uint64_t)a->b[0] << 24 | (uint64_t)a->b[1] << 16 | (uint64_t)a->b[2] << 8 | a->b[3];
        k.hi = ~0ULL;
    } else {
        memcpy(&k.lo, a->b, 8);
        memcpy(&k.hi, a->b + 8, 8);
    }
    return k;
}

void tg_srckey_addr(struct srckey k, struct gaddr *a)
{
    memset(a, 0, sizeof(*a));
    if (k.hi == ~0ULL && k.lo <= 0xFFFFFFFFULL) {
        a->fam = 4;
        a->b[0] = (uint8_t)(k.lo >> 24), a->b[1] = (uint8_t)(k.lo >> 16), a->b[2] = (uint8_t)(k.lo >> 8), a->b[3] = (uint8_t)k.lo;
    } else {
        a->fam = 6;
        memcpy(a->b, &k.lo, 8);
        memcpy(a->b + 8, &k.hi, 8);
    }
}

static inline size_t srckey_hash(struct srckey k)
{
    return (size_t)tt_mix64(k.lo ^ tt_mix64(k.hi));
}

static void srcset_insert(struct srckey *tab, size_t mask, struct srckey k, size_t *n)
{
    size_t h = srckey_hash(k) & mask;
    while (tab[h].lo | tab[h].hi) {
        if (tab[h].lo == k.lo && tab[h].hi == k.hi)
            return;
        h = (h + 1) & mask;
    }
    tab[h] = k;
    (*n)++;
}

void tg_srcset_add(struct srcset *s, const struct gaddr *a)
{
    if (s->tab == NULL || s->n * 2 >= s->mask + 1) {
        size_t nb = s->tab ? (s->mask + 1) * 2 : 1 << 16, n = 0;
        struct srckey *nt = calloc(nb, sizeof(*nt));
        if (!nt) {
            fprintf(stderr, "ttgen: out of memory\n");
            exit(1);
        }
        for (size_t i = 0; s->tab && i <= s->mask; i++)
            if (s->tab[i].lo | s->tab[i].hi)
                srcset_insert(nt, nb - 1, s->tab[i], &n);
        free(s->tab);
        s->tab = nt;
        s->mask = nb - 1;
    }
    srcset_insert(s->tab, s->mask, srckey_of(a), &s->n);
}


void tg_die(const char *msg)
{
    fprintf(stderr, "ttgen: %s\n", msg);
    exit(1);
}

