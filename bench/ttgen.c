/* SPDX-License-Identifier: MIT
 *
 * ttgen.c -- deterministic generator of realistic Postfix+amavis and
 * netfilter syslog with exact known truth, for the demo, the end-to-end tests
 * and the benchmarks.
 *
 *   Feb  1 09:12:44 mx1 postfix/smtpd[48211]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: ...
 *   Feb  1 09:12:45 fw1 kernel: [1904033.120551] [UFW BLOCK] IN=eth0 OUT= MAC=... SRC=198.51.100.7 ...
 *
 * It is an independent implementation of SPEC section 2 from the writing
 * side: every line it writes, it knows what a correct collector must count
 * and in which UTC minute, and it records that in the truth file. Scenarios
 * (an SMTP session with its queue ids, a firewall log line) are scheduled as
 * timed lines into a heap, so concurrent sessions interleave the way a real
 * mail.log does; the writer pops lines in time order, stamps them in --tz
 * (RFC 3164 or RFC 3339) and adds the optional junk, noise and out-of-order
 * lines. Only lines inside [--from, --to) are written, and the truth is taken
 * from exactly the lines written, so clipping a session at --to is harmless.
 *
 * Everything random comes from one seeded xoshiro256** stream or from hashes
 * of the seed: the same arguments give byte-identical output.
 */
#include "bench/vgen.h"
#include "common/event.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ------------------------------------------------------------------ */
/* Randomness: one xoshiro256** stream, plus stateless hashes of the seed for
 * things that must not depend on call order (address pools, day factors). */

struct rng {
    uint64_t s[4]; /* xoshiro256** state */
};

static uint64_t mix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

static inline uint64_t rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t res = rotl64(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl64(s[3], 45);
    return res;
}

static void rng_seed(struct rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = mix64(seed + (uint64_t)i * 0x632BE59BD9B4E019ULL);
}

/* Uniform in [0, n). */
static inline uint32_t rb(struct rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static inline uint32_t rr(struct rng *r, uint32_t lo, uint32_t hi)
{
    return lo + rb(r, hi - lo + 1);
}

static inline double runit(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* 1 with probability pm/1000. */
static inline int rpm(struct rng *r, unsigned pm)
{
    return rb(r, 1000) < pm;
}

static double rgauss(struct rng *r)
{
    double u = runit(r), v = runit(r);
    return sqrt(-2.0 * log(u + 1e-300)) * cos(2 * M_PI * v);
}

static uint32_t rpoisson(struct rng *r, double lam)
{
    if (lam <= 0)
        return 0;
    if (lam < 40) {
        double l = exp(-lam), p = 1.0;
        uint32_t k = 0;
        do {
            k++;
            p *= runit(r);
        } while (p > l);
        return k - 1;
    }
    double x = lam + sqrt(lam) * rgauss(r) + 0.5;
    return x < 0 ? 0 : (uint32_t)x;
}

#define PICK(r, arr) ((arr)[rb((r), (uint32_t)TT_ARRAY_LEN(arr))])

/* ------------------------------------------------------------------ */
/* Addresses. Postfix writes IPv6 compressed, the kernel fully expanded. */

struct gaddr {
    uint8_t fam;   /* 4 or 6 */
    uint8_t b[16]; /* network order; IPv4 in b[0..3] */
};

static void a4(struct gaddr *a, unsigned x, unsigned y, unsigned z, unsigned w)
{
    memset(a, 0, sizeof(*a));
    a->fam = 4;
    a->b[0] = (uint8_t)x, a->b[1] = (uint8_t)y, a->b[2] = (uint8_t)z, a->b[3] = (uint8_t)w;
}

/* 2001:db8:<g2>:<g3>::<g7> style address from 6 variable bytes. */
static void a6_doc(struct gaddr *a, uint64_t h)
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

static void a4_public(struct gaddr *a, uint64_t h)
{
    uint32_t x = (uint32_t)h;
    while (!v4_public_ok(x)) {
        h = mix64(h);
        x = (uint32_t)h;
    }
    /* One in eight from the documentation ranges, as the brief asks. */
    if (((h >> 40) & 7) == 0) {
        static const uint8_t doc[3][3] = {{192, 0, 2}, {198, 51, 100}, {203, 0, 113}};
        const uint8_t *d = doc[(h >> 44) % 3];
        a4(a, d[0], d[1], d[2], 1 + (unsigned)((h >> 48) % 254));
        return;
    }
    a4(a, x >> 24, (x >> 16) & 255, (x >> 8) & 255, x & 255);
}

static const char hexl[] = "0123456789abcdef";
static const char hexu[] = "0123456789ABCDEF";

static char *put_s(char *d, const char *s)
{
    size_t n = strlen(s);
    memcpy(d, s, n);
    return d + n;
}

static char *put_uw(char *d, unsigned long long v, int w, char pad)
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

static char *put_hex(char *d, unsigned long long v, int w, const char *digits)
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
static char *put_addr(char *d, const struct gaddr *a, int expanded)
{
    if (a->fam == 4) {
        for (int i = 0; i < 4; i++) {
            if (i)
                *d++ = '.';
            d = put_uw(d, a->b[i], 0, ' ');
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
            d = put_hex(d, g[i], 4, hexl);
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
        d = put_hex(d, g[i], 0, hexl);
        if (i < 7)
            *d++ = ':';
    }
    return d;
}

/* Postfix "delay=" style: centiseconds as 0.07, 1.3, 12. */
static char *put_delay(char *d, unsigned cs)
{
    if (cs == 0)
        return put_s(d, "0");
    if (cs >= 1000)
        return put_uw(d, cs / 100, 0, ' ');
    if (cs >= 100) {
        d = put_uw(d, cs / 100, 0, ' ');
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
static char *vfmt(char *d, const char *f, va_list ap)
{
    for (;;) {
        const char *pct = strchr(f, '%');
        if (!pct)
            return put_s(d, f);
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
        case 's': d = put_s(d, va_arg(ap, const char *)); break;
        case 'c': *d++ = (char)va_arg(ap, int); break;
        case 'u': d = put_uw(d, va_arg(ap, unsigned), w, pad); break;
        case 'U': d = put_uw(d, va_arg(ap, unsigned long long), w, pad); break;
        case 'X': d = put_hex(d, va_arg(ap, unsigned long long), w, hexu); break;
        case 'x': d = put_hex(d, va_arg(ap, unsigned long long), w, hexl); break;
        case 'D': d = put_delay(d, va_arg(ap, unsigned)); break;
        case 'Z': { /* four delay components: "delay=<sum>, delays=a/b/c/d" */
            unsigned c4[4], sum = 0;
            for (int i = 0; i < 4; i++)
                sum += c4[i] = va_arg(ap, unsigned);
            d = put_delay(put_s(d, "delay="), sum);
            d = put_s(d, ", delays=");
            for (int i = 0; i < 4; i++) {
                if (i)
                    *d++ = '/';
                d = put_delay(d, c4[i]);
            }
            break;
        }
        case 'a': d = put_addr(d, va_arg(ap, const struct gaddr *), 0); break;
        case 'A': d = put_addr(d, va_arg(ap, const struct gaddr *), 1); break;
        default: *d++ = '%'; break;
        }
    }
}

/* Formats into buf (NUL terminated) and returns it. */
static char *sf(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *e = vfmt(buf, fmt, ap);
    va_end(ap);
    *e = '\0';
    return buf;
}

/* ------------------------------------------------------------------ */
/* Truth: dense per-minute counters, one slot per (metric, reason). */

enum slot {
    SL_BLK_SPAM = 0,
    SL_BLK_MALWARE,
    SL_BLK_PHISHING,
    SL_BLK_POLICY,
    SL_BLK_REPUTATION,
    SL_DELIVERED,
    SL_SENT,
    SL_SENT_TLS,
    SL_ATTACK_FW,
    SL_CONN_ALLOWED,
    SL_LINES_TOTAL,
    SL_UNP_NO_PARSER,
    SL_UNP_BINARY,
    SL_UNP_INVALID_UTF8,
    SL_UNP_TOO_LONG,
    SL_UNP_EMPTY,
    SL_COUNT,
    SL_NONE = 255
};

static const struct {
    enum tt_metric metric; /* SPEC metric */
    enum tt_reason reason; /* its reason, NONE for metrics without */
} slot_def[SL_COUNT] = {
    [SL_BLK_SPAM] = {TT_METRIC_EMAILS_BLOCKED, TT_REASON_SPAM},
    [SL_BLK_MALWARE] = {TT_METRIC_EMAILS_BLOCKED, TT_REASON_MALWARE},
    [SL_BLK_PHISHING] = {TT_METRIC_EMAILS_BLOCKED, TT_REASON_PHISHING},
    [SL_BLK_POLICY] = {TT_METRIC_EMAILS_BLOCKED, TT_REASON_POLICY},
    [SL_BLK_REPUTATION] = {TT_METRIC_EMAILS_BLOCKED, TT_REASON_REPUTATION},
    [SL_DELIVERED] = {TT_METRIC_EMAILS_DELIVERED, TT_REASON_NONE},
    [SL_SENT] = {TT_METRIC_EMAILS_SENT, TT_REASON_NONE},
    [SL_SENT_TLS] = {TT_METRIC_EMAILS_SENT_TLS, TT_REASON_NONE},
    [SL_ATTACK_FW] = {TT_METRIC_ATTACKS_BLOCKED, TT_REASON_FIREWALL},
    [SL_CONN_ALLOWED] = {TT_METRIC_CONNECTIONS_ALLOWED, TT_REASON_NONE},
    [SL_LINES_TOTAL] = {TT_METRIC_LINES_TOTAL, TT_REASON_NONE},
    [SL_UNP_NO_PARSER] = {TT_METRIC_LINES_UNPARSED, TT_REASON_NO_PARSER},
    [SL_UNP_BINARY] = {TT_METRIC_LINES_UNPARSED, TT_REASON_BINARY},
    [SL_UNP_INVALID_UTF8] = {TT_METRIC_LINES_UNPARSED, TT_REASON_INVALID_UTF8},
    [SL_UNP_TOO_LONG] = {TT_METRIC_LINES_UNPARSED, TT_REASON_TOO_LONG},
    [SL_UNP_EMPTY] = {TT_METRIC_LINES_UNPARSED, TT_REASON_EMPTY},
};

/* Distinct attack sources: an open-addressing set of 16-byte keys stored
 * inline (one cache miss per lookup; a month of attacks has ~1e6 distinct
 * sources). IPv4 is kept as (ip, all-ones) and IPv6 as its two halves; the
 * all-zero key (::) marks an empty bucket and is never generated. */
struct srckey {
    uint64_t lo, hi; /* see above */
};

struct srcset {
    struct srckey *tab; /* buckets, power-of-two count */
    size_t n;           /* distinct keys */
    size_t mask;        /* buckets - 1 */
};

static void *xrealloc(void *p, size_t n)
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

static void srckey_addr(struct srckey k, struct gaddr *a)
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
    return (size_t)mix64(k.lo ^ mix64(k.hi));
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

static void srcset_add(struct srcset *s, const struct gaddr *a)
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

/* ------------------------------------------------------------------ */
/* Generator state. */

enum kind { KIND_POSTFIX = 1, KIND_NETFILTER = 2, KIND_MIXED = 3 };

#define LINE_MAX_BYTES 4096
#define OUTBUF_BYTES (4u << 20)
#define LONG_JUNK_BYTES (96u << 10)

/* Line flags. */
#define F_FW 1u    /* netfilter line: firewall host */
#define F_OOO 2u   /* may be written out of order */
#define F_SRC 4u   /* attack: add src to the distinct sources */

/* One scheduled line: the text after "stamp host ". */
struct pend {
    int64_t t_us;      /* UTC time, microseconds */
    uint64_t seq;      /* tie-break: scheduling order */
    uint8_t s1, s2;    /* truth slots, SL_NONE when unused */
    uint8_t flags;     /* F_* */
    struct gaddr src;  /* attack source when F_SRC */
    uint32_t len;      /* bytes of text */
    char text[];       /* message, not NUL terminated */
};

struct pool {
    unsigned pid[8];  /* long-lived process ids */
    unsigned task[8]; /* amavis task counters */
    unsigned n;       /* used */
};

struct gen {
    /* options */
    int kind;                 /* enum kind */
    int64_t from_us, to_us;   /* [from, to) UTC microseconds */
    const char *tz;           /* zone name */
    double rate;              /* mean events per minute per kind */
    uint64_t want_lines;      /* --lines, 0 = use rate */
    uint64_t seed;            /* --seed */
    const char *host_mail;    /* postfix host name */
    const char *host_fw;      /* netfilter host name */
    unsigned junk_pm;         /* --junk-permille */
    unsigned ooo_pm;          /* --ooo-permille */
    unsigned noise_pm;        /* --noise-permille */
    int iso;                  /* --iso-stamps */
    /* state */
    struct rng r;             /* the one random stream */
    struct pend **heap;       /* min-heap on (t_us, seq) */
    size_t hn, hcap;          /* heap size / capacity */
    uint64_t seq;             /* next pend seq */
    unsigned next_pid;        /* pid allocator */
    uint64_t qid_ctr;         /* queue id counter */
    unsigned qmgr_pid;        /* long-lived postfix processes: qmgr, */
    unsigned postscreen_pid;  /* postscreen (one for all clients), */
    unsigned anvil_pid;       /* anvil */
    struct pool cleanup, amavis, local, virt, lmtp, pipe, feed; /* reused daemon pids */
    unsigned last_out_pid;    /* last outbound smtp pid (pid reuse trap) */
    int64_t last_out_end;     /* time its delivery ended */
    int last_out_relay;       /* relay it talked to */
    int last_out_tls_relay;   /* relay of that pid's last TLS line, -1 none */
    int64_t boot_s;           /* kernel boot time (uptime field) */
    /* local time cache */
    int64_t lc_min;           /* UTC minute cached */
    int32_t lc_off;           /* its UTC offset, seconds */
    int64_t lw_min;           /* local minute whose text is cached */
    int32_t lw_offs;          /* and the offset it was written with */
    char lw_3164[16];         /* "Feb  1 00:00:" */
    char lw_iso[20];          /* "2018-02-01T00:00:" */
    char lw_off[8];           /* "+00:00" */
    /* output */
    FILE *out;                /* destination */
    char *ob;                 /* output buffer */
    size_t on;                /* bytes in ob */
    char *longjunk;           /* printable bytes for over-long lines */
    /* truth */
    int64_t min0;             /* first minute covered */
    size_t nmin;              /* minutes covered */
    uint32_t *truth;          /* [nmin][SL_COUNT] */
    uint64_t undated[SL_COUNT]; /* counts of lines without a timestamp */
    uint64_t total[SL_COUNT]; /* all counts */
    struct srcset sources;    /* distinct attack sources */
    uint64_t lines, bytes;    /* written */
    uint64_t junk, ooo, noise; /* junk lines, lines moved back, noise lines */
    /* fold bookkeeping */
    int have_prev;            /* a dated in-order line was written */
    int32_t prev_off;         /* its offset */
    int64_t prev_wall;        /* its local wall seconds */
    int64_t prev_t_us;        /* its UTC time */
    int fold_warned;          /* warned about an undetectable fold */
};

static void die(const char *msg)
{
    fprintf(stderr, "ttgen: %s\n", msg);
    exit(1);
}

/* ------------------------------------------------------------------ */
/* Time. Civil calendar math is ours; zones come from libc (TZ=--tz). */

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

static int64_t floordiv(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/* UTC offset in force at utc_s (libc, TZ set once in main). */
static int32_t zone_off(int64_t utc_s)
{
    time_t t = (time_t)utc_s;
    struct tm tm;
    localtime_r(&t, &tm);
    return (int32_t)tm.tm_gmtoff;
}

static int32_t off_at(struct gen *g, int64_t utc_s)
{
    int64_t m = floordiv(utc_s, 60);
    if (m != g->lc_min) {
        g->lc_min = m;
        g->lc_off = zone_off(m * 60);
    }
    return g->lc_off;
}

static const char *const mon_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Local civil fields of a wall-clock second count. */
static void wall_fields(int64_t wall, int *y, unsigned *mo, unsigned *d, unsigned *h, unsigned *mi, unsigned *s)
{
    int64_t days = floordiv(wall, 86400);
    int64_t sod = wall - days * 86400;
    civil_from_days(days, y, mo, d);
    *h = (unsigned)(sod / 3600), *mi = (unsigned)(sod / 60 % 60), *s = (unsigned)(sod % 60);
}

/* Writes the stamp of t_us in the chosen style; returns the end. */
static char *put_stamp(struct gen *g, char *d, int64_t t_us)
{
    int64_t s = floordiv(t_us, 1000000);
    unsigned us = (unsigned)(t_us - s * 1000000);
    int32_t off = off_at(g, s);
    int64_t wall = s + off;
    int64_t wm = floordiv(wall, 60);
    if (wm != g->lw_min || off != g->lw_offs || g->lw_off[0] == 0) { /* the same wall minute recurs in a fold */
        int y;
        unsigned mo, dd, h, mi, sec;
        wall_fields(wm * 60, &y, &mo, &dd, &h, &mi, &sec);
        g->lw_min = wm;
        g->lw_offs = off;
        sf(g->lw_3164, "%s %2u %02u:%02u:", mon_abbr[mo - 1], dd, h, mi);
        sf(g->lw_iso, "%04u-%02u-%02uT%02u:%02u:", (unsigned)y, mo, dd, h, mi);
        unsigned ao = (unsigned)(off < 0 ? -off : off);
        sf(g->lw_off, "%c%02u:%02u", off < 0 ? '-' : '+', ao / 3600, ao / 60 % 60);
    }
    unsigned sec = (unsigned)(wall - wm * 60);
    if (g->iso) {
        memcpy(d, g->lw_iso, 17);
        d += 17;
        *d++ = (char)('0' + sec / 10), *d++ = (char)('0' + sec % 10), *d++ = '.';
        d = put_uw(d, us, 6, '0');
        memcpy(d, g->lw_off, 6);
        return d + 6;
    }
    memcpy(d, g->lw_3164, 13);
    d += 13;
    *d++ = (char)('0' + sec / 10), *d++ = (char)('0' + sec % 10);
    return d;
}

/* "2018-02-01T00:00:00Z", "...+01:00", "2018-02-01" (UTC midnight). */
static int parse_instant(const char *s, int64_t *out_s)
{
    unsigned y, mo, d, h = 0, mi = 0, sec = 0;
    int n = 0;
    if (sscanf(s, "%4u-%2u-%2u%n", &y, &mo, &d, &n) != 3 || n != 10)
        return -1;
    const char *p = s + 10;
    int64_t off = 0;
    if (*p == 'T' || *p == ' ') {
        if (sscanf(p + 1, "%2u:%2u%n", &h, &mi, &n) != 2 || n != 5)
            return -1;
        p += 6;
        if (*p == ':') {
            if (sscanf(p + 1, "%2u%n", &sec, &n) != 1 || n != 2)
                return -1;
            p += 3;
        }
        if (*p == '.')
            for (p++; *p >= '0' && *p <= '9'; p++) {
            }
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            unsigned oh, om;
            if (sscanf(p + 1, "%2u:%2u%n", &oh, &om, &n) != 2 || n != 5)
                return -1;
            off = (int64_t)(oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
            p += 6;
        } else {
            return -1;
        }
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return -1;
    *out_s = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Scheduling: a min-heap of pending lines. */

static int pend_less(const struct pend *a, const struct pend *b)
{
    return a->t_us < b->t_us || (a->t_us == b->t_us && a->seq < b->seq);
}

static void heap_push(struct gen *g, struct pend *p)
{
    if (g->hn == g->hcap) {
        g->hcap = g->hcap ? g->hcap * 2 : 4096;
        g->heap = xrealloc(g->heap, g->hcap * sizeof(*g->heap));
    }
    size_t i = g->hn++;
    while (i > 0) {
        size_t par = (i - 1) / 2;
        if (!pend_less(p, g->heap[par]))
            break;
        g->heap[i] = g->heap[par];
        i = par;
    }
    g->heap[i] = p;
}

static struct pend *heap_pop(struct gen *g)
{
    struct pend *top = g->heap[0];
    struct pend *last = g->heap[--g->hn];
    size_t i = 0, n = g->hn;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && pend_less(g->heap[c + 1], g->heap[c]))
            c++;
        if (!pend_less(g->heap[c], last))
            break;
        g->heap[i] = g->heap[c];
        i = c;
    }
    if (n)
        g->heap[i] = last;
    return top;
}

/* Schedules one line at t_us (dropped when outside [from, to)). s1/s2 are
 * the truth slots the line counts for, src the attack source for F_SRC. */
static void vline(struct gen *g, int64_t t_us, unsigned flags, unsigned s1, unsigned s2,
                  const struct gaddr *src, const char *fmt, va_list ap)
{
    if (t_us >= g->to_us || t_us < g->from_us)
        return;
    char buf[LINE_MAX_BYTES];
    char *e = vfmt(buf, fmt, ap);
    size_t len = (size_t)(e - buf);
    if (len >= LINE_MAX_BYTES)
        die("internal error: line too long");
    struct pend *p = malloc(sizeof(*p) + len);
    if (!p)
        die("out of memory");
    p->t_us = t_us;
    p->seq = g->seq++;
    p->s1 = (uint8_t)s1, p->s2 = (uint8_t)s2;
    p->flags = (uint8_t)flags;
    if (src)
        p->src = *src;
    p->len = (uint32_t)len;
    memcpy(p->text, buf, len);
    heap_push(g, p);
}

static void line(struct gen *g, int64_t t_us, unsigned flags, unsigned s1, unsigned s2,
                 const struct gaddr *src, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline(g, t_us, flags, s1, s2, src, fmt, ap);
    va_end(ap);
}

/* A session: a clock that only moves forward. */
struct sess {
    struct gen *g; /* generator */
    int64_t t;     /* current time, us */
};

static void adv(struct sess *s, unsigned lo_ms, unsigned hi_ms)
{
    s->t += (int64_t)rr(&s->g->r, lo_ms, hi_ms) * 1000 + rb(&s->g->r, 1000) + 1;
}

/* Schedules a line at the session time, counting for slot (SL_NONE: nothing). */
static void sl(struct sess *s, unsigned flags, unsigned slot, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline(s->g, s->t, flags, slot, SL_NONE, NULL, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Output and truth. */

static void flush_out(struct gen *g)
{
    if (g->on && fwrite(g->ob, 1, g->on, g->out) != g->on) {
        fprintf(stderr, "ttgen: write error: %s\n", strerror(errno));
        exit(1);
    }
    g->on = 0;
}

static inline void count(struct gen *g, int64_t minute, unsigned slot)
{
    g->total[slot]++;
    if (minute == INT64_MIN) {
        g->undated[slot]++;
        return;
    }
    size_t i = (size_t)(minute - g->min0);
    g->truth[i * SL_COUNT + slot]++;
}

/* Junk lines carry no timestamp, so their truth is undated; each kind is
 * built so that exactly one unparsed reason applies. */
static void write_junk(struct gen *g)
{
    struct rng *r = &g->r;
    unsigned k = rb(r, 100), slot;
    if (g->on + LONG_JUNK_BYTES + 64 > OUTBUF_BYTES)
        flush_out(g);
    char *d = g->ob + g->on, *d0 = d;
    if (k < 25) { /* binary: NUL and other C0 controls, ASCII only */
        unsigned n = rr(r, 8, 300);
        *d++ = '\0';
        for (unsigned i = 1; i < n; i++) {
            unsigned c = rb(r, 4) ? rr(r, 0x20, 0x7e) : rb(r, 0x20);
            if (c == '\n' || c == '\r' || c == '\t')
                c = 0;
            *d++ = (char)c;
        }
        slot = SL_UNP_BINARY;
    } else if (k < 50) { /* invalid UTF-8: printable text with 0xFF/0xFE and stray continuation bytes */
        unsigned n = rr(r, 20, 300);
        *d++ = (char)0xFF;
        for (unsigned i = 1; i < n; i++) {
            unsigned x = rb(r, 16);
            *d++ = (char)(x == 0 ? 0xFE : x == 1 ? rr(r, 0x80, 0xBF) : rr(r, 0x20, 0x7e));
        }
        slot = SL_UNP_INVALID_UTF8;
    } else if (k < 70) { /* empty */
        slot = SL_UNP_EMPTY;
    } else if (k < 73) { /* over-long: > 64 KiB of printable ASCII, no header */
        unsigned n = rr(r, 66000, LONG_JUNK_BYTES - 1);
        unsigned o = rb(r, LONG_JUNK_BYTES - n);
        memcpy(d, g->longjunk + o, n);
        d += n;
        slot = SL_UNP_TOO_LONG;
    } else { /* a real-looking line cut inside its timestamp: no header, no parser */
        char tmp[64];
        int64_t t = g->prev_t_us ? g->prev_t_us : g->from_us;
        char *e = put_stamp(g, tmp, t);
        unsigned cut = rr(r, 3, g->iso ? 18 : (unsigned)(e - tmp) - 4);
        memcpy(d, tmp, cut);
        d += cut;
        slot = SL_UNP_NO_PARSER;
    }
    *d++ = '\n';
    g->bytes += (uint64_t)(d - d0);
    g->on += (size_t)(d - d0);
    g->lines++;
    g->junk++;
    count(g, INT64_MIN, SL_LINES_TOTAL);
    count(g, INT64_MIN, slot);
}

static const char *const noise_fmt[] = {
    "CRON[%u]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)",
    "CRON[%u]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)",
    "systemd[1]: Starting Clean php session files...",
    "systemd[1]: Started Session %u of user admin.",
    "sshd[%u]: Accepted publickey for admin from 10.1.4.20 port 51514 ssh2: ED25519 SHA256:Yy3bKq0mJ4lWc1hF7uT9pQeZx2o8vN5rA6sD0gB1kLs",
    "sshd[%u]: pam_unix(sshd:session): session closed for user admin",
    "dovecot: imap-login: Login: user=<j.smith@example.com>, method=PLAIN, rip=10.1.7.33, lip=10.20.0.5, mpid=%u, TLS, session=<7tGq2mR0xKQKAQch>",
    "rsyslogd: [origin software=\"rsyslogd\" swVersion=\"8.2302.0\" x-pid=\"%u\" x-info=\"https://www.rsyslog.com\"] rsyslogd was HUPed",
};

/* Writes one dated line: stamp, host, text. */
static void write_dated(struct gen *g, int64_t t_us, const char *host, const char *text, size_t len,
                        unsigned s1, unsigned s2, const struct gaddr *src)
{
    if (g->on + len + 128 > OUTBUF_BYTES)
        flush_out(g);
    char *d = g->ob + g->on, *d0 = d;
    d = put_stamp(g, d, t_us);
    *d++ = ' ';
    d = put_s(d, host);
    *d++ = ' ';
    memcpy(d, text, len);
    d += len;
    *d++ = '\n';
    g->on += (size_t)(d - d0);
    g->bytes += (uint64_t)(d - d0);
    g->lines++;
    int64_t minute = floordiv(t_us, 60000000);
    count(g, minute, SL_LINES_TOTAL);
    if (s1 != SL_NONE)
        count(g, minute, s1);
    if (s2 != SL_NONE)
        count(g, minute, s2);
    if (src)
        srcset_add(&g->sources, src);
}

/* Offsets differ anywhere within +-3 h: a clock change is near. */
static int near_clock_change(int64_t s)
{
    return zone_off(s - 3 * 3600) != zone_off(s + 3 * 3600) || zone_off(s) != zone_off(s - 3 * 3600);
}

static void local_month(struct gen *g, int64_t s, int *y, unsigned *mo)
{
    unsigned d, h, mi, sec;
    wall_fields(s + off_at(g, s), y, mo, &d, &h, &mi, &sec);
}

/* Pops one pending line and writes it, with junk / noise before it and
 * possibly moved back in time (out of order). */
static void emit(struct gen *g, struct pend *p)
{
    struct rng *r = &g->r;
    if (g->junk_pm && rpm(r, g->junk_pm))
        write_junk(g);
    const char *host = (p->flags & F_FW) ? g->host_fw : g->host_mail;
    if (g->noise_pm && rpm(r, g->noise_pm)) {
        char nb[512];
        sf(nb, PICK(r, noise_fmt), rr(r, 300, 4000000));
        size_t n = strlen(nb);
        write_dated(g, p->t_us, host, nb, n, SL_UNP_NO_PARSER, SL_NONE, NULL);
        g->noise++;
    }
    int64_t t = p->t_us;
    int shifted = 0;
    if (g->ooo_pm && (p->flags & F_OOO) && g->have_prev && rpm(r, g->ooo_pm)) {
        /* A few seconds to ~2 minutes back, never before --from, never into
         * the previous local month (year inference) and never within 3 h of
         * a clock change (fold resolution by order of appearance). */
        int64_t back = rb(r, 10) < 7 ? rr(r, 2, 15) : rr(r, 15, 120);
        int64_t t2 = t - back * 1000000 - rb(r, 1000000);
        int64_t s = floordiv(t, 1000000), s2 = floordiv(t2, 1000000);
        int y1, y2;
        unsigned m1, m2;
        local_month(g, s, &y1, &m1);
        local_month(g, s2, &y2, &m2);
        if (t2 >= g->from_us && y1 == y2 && m1 == m2 && !near_clock_change(s)) {
            t = t2;
            shifted = 1;
            g->ooo++;
        }
    }
    write_dated(g, t, host, p->text, p->len, p->s1, p->s2, (p->flags & F_SRC) ? &p->src : NULL);
    if (!shifted) {
        /* The collector resolves a repeated local hour by order of
         * appearance; warn when the data cannot show the step back. */
        int64_t s = floordiv(t, 1000000);
        int32_t off = off_at(g, s);
        int64_t wall = s + off;
        if (!g->have_prev) {
            int32_t o2h = zone_off(s - 7200);
            int32_t dd = o2h - off;
            if (dd > 0 && zone_off(s - dd) == off + dd && !g->fold_warned) {
                fprintf(stderr, "ttgen: warning: the first line falls in the second pass of a repeated local hour; "
                                "a collector will read it as the first pass\n");
                g->fold_warned = 1;
            }
        } else if (off < g->prev_off && wall >= g->prev_wall && !g->fold_warned &&
                   zone_off(s - (g->prev_off - off)) == g->prev_off) {
            fprintf(stderr, "ttgen: warning: no line shows the clock going back at the autumn change near %lld; "
                            "raise --rate so the repeated hour is resolvable\n", (long long)s);
            g->fold_warned = 1;
        }
        g->have_prev = 1;
        g->prev_off = off;
        g->prev_wall = wall;
        g->prev_t_us = t;
    }
    free(p);
}

static void drain(struct gen *g, int64_t until_us)
{
    while (g->hn && g->heap[0]->t_us < until_us)
        emit(g, heap_pop(g));
}

/* ------------------------------------------------------------------ */
/* Mail world: names, hosts, ids. */

static const char *const first_names[] = {
    "james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda", "david", "elizabeth",
    "william", "susan", "richard", "jessica", "joseph", "sarah", "thomas", "karen", "chris", "nancy",
    "daniel", "lisa", "matthew", "betty", "anthony", "sandra", "mark", "ashley", "paul", "emily",
    "steven", "donna", "andrew", "michelle", "kenneth", "carol", "oliver", "amanda", "george", "melissa",
    "harry", "sophie", "jack", "chloe", "noah", "amelia", "leo", "isla", "arthur", "freya"};
static const char *const last_names[] = {
    "smith", "jones", "taylor", "brown", "williams", "wilson", "johnson", "davies", "robinson", "wright",
    "thompson", "evans", "walker", "white", "roberts", "green", "hall", "wood", "jackson", "clarke",
    "patel", "khan", "lewis", "james", "phillips", "mason", "mitchell", "rose", "davis", "rodriguez",
    "cox", "alexander", "morgan", "moore", "martin", "price", "king", "lee", "scott", "baker"};
static const char *const role_names[] = {
    "info", "sales", "support", "accounts", "hr", "billing", "office", "admin", "jobs", "press",
    "invoices", "noreply", "newsletter", "marketing", "service", "orders"};
static const char *const spam_words[] = {
    "promo", "deals", "offer", "winner", "bonus", "pharma", "casino", "loan", "crypto", "invest",
    "security", "alert", "verify", "update", "docs", "invoice", "delivery", "parcel", "bank", "refund"};
static const char *const spam_tlds[] = {"top", "xyz", "ru", "cn", "info", "biz", "click", "online", "site", "work", "com.br", "in"};
static const char *const our_domains[] = {"example.com", "example.com", "example.com", "corp.example.com", "example.org"};

/* Legitimate senders: a client host pattern (%u = last octet), the sender
 * domain and the /24 they send from. */
static const struct {
    const char *host;   /* reverse DNS, %u = last octet */
    const char *domain; /* envelope sender domain */
    uint8_t net[3];     /* /24 */
} mtas[] = {
    {"mail-wm1-f%u.google.com", "gmail.com", {209, 85, 128}},
    {"mail-ej1-f%u.google.com", "gmail.com", {209, 85, 218}},
    {"mail-eopbgr%u.outbound.protection.outlook.com", "outlook.com", {40, 107, 22}},
    {"mail-db8eur05on%u.outbound.protection.outlook.com", "partner-corp.co.uk", {40, 107, 20}},
    {"sonic%u-21.consmr.mail.ir2.yahoo.com", "yahoo.co.uk", {77, 238, 176}},
    {"mout-p-%u.mailbox.org", "mailbox.org", {80, 241, 60}},
    {"mout.gmx.net", "gmx.net", {212, 227, 17}},
    {"smtp%u.mailgun.example.net", "mg.example.net", {198, 51, 100}},
    {"o%u.ptr2791.sendgrid.example.net", "news.example.org", {203, 0, 113}},
    {"mx%u.supplier.example.co.uk", "supplier.example.co.uk", {192, 0, 2}},
    {"mail%u.lawfirm-partners.example", "lawfirm-partners.example", {81, 2, 69}},
    {"smtp-out%u.bank.example", "bank.example", {185, 12, 80}},
    {"a%u-45.smtp-out.eu-west-1.amazonses.com", "notifications.example.net", {54, 240, 4}},
    {"mta-%u.mcsv.example", "mc.example.org", {198, 2, 180}},
};

/* External MX hosts for outbound mail (never inside the home net). */
static const struct {
    const char *domain; /* recipient domain */
    const char *mx;     /* MX host name */
    struct gaddr ip;    /* its address, filled in init */
    const char *ipstr;  /* textual seed for ip */
} mxs_text[] = {
    {"gmail.com", "gmail-smtp-in.l.google.com", {0, {0}}, "142.250.27.26"},
    {"outlook.com", "outlook-com.olc.protection.outlook.com", {0, {0}}, "52.101.68.16"},
    {"yahoo.co.uk", "mta6.am0.yahoodns.net", {0, {0}}, "67.195.204.72"},
    {"partner-corp.co.uk", "partnercorp-co-uk.mail.protection.outlook.com", {0, {0}}, "52.101.73.3"},
    {"supplier.example.co.uk", "mx1.supplier.example.co.uk", {0, {0}}, "192.0.2.44"},
    {"example.net", "mx.example.net", {0, {0}}, "198.51.100.7"},
    {"lawfirm-partners.example", "mail.lawfirm-partners.example", {0, {0}}, "81.2.69.160"},
    {"bank.example", "mx01.bank.example", {0, {0}}, "185.12.80.25"},
    {"mailbox.org", "mxext1.mailbox.org", {0, {0}}, "80.241.60.212"},
    {"gmx.net", "mx00.emig.gmx.net", {0, {0}}, "212.227.15.9"},
    {"university.example.edu", "mx.university.example.edu", {0, {0}}, "2001:db8:5::25"},
    {"customer.example.org", "mail.customer.example.org", {0, {0}}, "203.0.113.80"},
};
#define N_MX TT_ARRAY_LEN(mxs_text)
static struct gaddr mx_ip[N_MX];

static int parse_v4(const char *s, struct gaddr *a)
{
    unsigned x, y, z, w;
    if (sscanf(s, "%u.%u.%u.%u", &x, &y, &z, &w) == 4 && !strchr(s, ':')) {
        a4(a, x, y, z, w);
        return 0;
    }
    return -1;
}

static void init_world(void)
{
    for (size_t i = 0; i < N_MX; i++) {
        if (parse_v4(mxs_text[i].ipstr, &mx_ip[i]) == 0)
            continue;
        /* the one IPv6 MX: 2001:db8:5::25 */
        memset(&mx_ip[i], 0, sizeof(mx_ip[i]));
        mx_ip[i].fam = 6;
        static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x25};
        memcpy(mx_ip[i].b, v6, 16);
    }
}

static unsigned new_pid(struct gen *g)
{
    g->next_pid += 1 + rb(&g->r, 9);
    if (g->next_pid >= 4194304)
        g->next_pid = 1000 + rb(&g->r, 1000);
    return g->next_pid;
}

static void pool_init(struct gen *g, struct pool *p, unsigned n)
{
    p->n = n;
    for (unsigned i = 0; i < n; i++) {
        p->pid[i] = new_pid(g);
        p->task[i] = 1 + rb(&g->r, 40);
    }
}

static unsigned pool_pid(struct gen *g, struct pool *p)
{
    return p->pid[rb(&g->r, p->n)];
}

/* Postfix short queue ids: unique across the file (a bijection of a
 * counter), 11 upper-case hex digits like "4ABCD1234EF". */
static char *new_qid(struct gen *g, char out[16])
{
    uint64_t v = (++g->qid_ctr * 0x9E3779B97F4AULL + 0x3C1A5B7ULL) & ((1ULL << 44) - 1);
    char *e = put_hex(out, v, 11, hexu);
    *e = '\0';
    return out;
}

static char *rand_token(struct gen *g, char *out, unsigned n)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (unsigned i = 0; i < n; i++)
        out[i] = b64[rb(&g->r, 64)];
    out[n] = '\0';
    return out;
}

static char *person(struct gen *g, char *out, const char *domain)
{
    struct rng *r = &g->r;
    switch (rb(r, 5)) {
    case 0: return sf(out, "%s@%s", PICK(r, first_names), domain);
    case 1: return sf(out, "%s.%s@%s", PICK(r, first_names), PICK(r, last_names), domain);
    case 2: return sf(out, "%c.%s@%s", PICK(r, first_names)[0], PICK(r, last_names), domain);
    case 3: return sf(out, "%s@%s", PICK(r, role_names), domain);
    default: return sf(out, "%s%s@%s", PICK(r, first_names), PICK(r, last_names), domain);
    }
}

static char *spam_domain(struct gen *g, char *out)
{
    struct rng *r = &g->r;
    return sf(out, "%s%s%u.%s", PICK(r, spam_words), PICK(r, spam_words), rb(r, 100), PICK(r, spam_tlds));
}

static char *spam_sender(struct gen *g, char *out)
{
    struct rng *r = &g->r;
    char dom[96], tok[16];
    spam_domain(g, dom);
    switch (rb(r, 4)) {
    case 0: return sf(out, "%s@%s", rand_token(g, tok, rr(r, 6, 12)), dom);
    case 1: return sf(out, "%s@%s", PICK(r, role_names), dom);
    case 2: return out[0] = '\0', out; /* null sender */
    default: return sf(out, "%s.%s%u@%s", PICK(r, first_names), PICK(r, last_names), rb(r, 1000), dom);
    }
}

/* Message-ID as many MUAs make it: time in ms, a random token, the domain. */
static char *msgid(struct gen *g, char *out, int64_t t_us, const char *domain)
{
    char tok[24];
    return sf(out, "%U.%s@%s", (unsigned long long)(t_us / 1000 - rb(&g->r, 3000)), rand_token(g, tok, 12), domain);
}

/* A spamming / scanning client address: heavy hitters, a large pool seen a
 * few times, fresh ones, and some IPv6. */
static void attacker(struct gen *g, struct gaddr *a, int allow_v6)
{
    struct rng *r = &g->r;
    unsigned k = rb(r, 100);
    if (allow_v6 && k < 5) {
        a6_doc(a, mix64(g->seed ^ 0x6666 ^ rb(r, 20000)));
        return;
    }
    uint64_t h;
    if (k < 35) { /* heavy hitters: skewed over 3000 scanners */
        double u = runit(r);
        h = mix64(g->seed ^ 0x1111 ^ (uint64_t)(3000 * u * u * u));
    } else if (k < 80) {
        h = mix64(g->seed ^ 0x2222 ^ ((uint64_t)rb(r, 300000) << 20));
    } else {
        h = rng_next(r);
    }
    a4_public(a, h);
}

static const char *const tls_ciphers[] = {
    "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256",
    "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (4096 bits) server-digest SHA256",
    "TLSv1.3 with cipher TLS_AES_128_GCM_SHA256 (128/128 bits) key-exchange X25519 server-signature ECDSA (P-256) server-digest SHA256",
    "TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)",
    "TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits)",
};
static const char *const tls_trust[] = {"Trusted", "Trusted", "Verified", "Untrusted", "Anonymous"};

#define OUR_MX_IP "198.51.100.25"

/* Where inbound mail ends up. */
enum transport { TR_LMTP = 0, TR_EXCH, TR_VIRTUAL, TR_LOCAL, TR_PIPE };

static int pick_transport(struct gen *g)
{
    unsigned k = rb(&g->r, 100);
    return k < 40 ? TR_LMTP : k < 70 ? TR_EXCH : k < 85 ? TR_VIRTUAL : k < 95 ? TR_LOCAL : TR_PIPE;
}

/* Delivers queue id qid to rcpts over transport tr: one status=sent per
 * recipient; the first one that is written counts emails_delivered. Exchange
 * deliveries are sometimes deferred first and retried minutes later. */
static void deliver_inbound(struct sess *s, const char *qid, char rcpt[][96], unsigned k, int tr, unsigned size)
{
    struct gen *g = s->g;
    struct rng *r = &g->r;
    unsigned counted = 0;
    if (tr == TR_EXCH) {
        unsigned ex = rb(r, 2);
        struct gaddr eip;
        a4(&eip, 10, 20, 0, 15 + ex);
        int retry = rpm(r, 30);
        for (int attempt = 0; attempt < 1 + retry; attempt++) {
            unsigned pid = new_pid(g);
            int tls = rb(r, 2);
            adv(s, 5, 60);
            if (attempt == 0 && retry) {
                for (unsigned i = 0; i < k; i++) {
                    sl(s, F_OOO, SL_NONE, "postfix/smtp[%u]: %s: to=<%s>, relay=none, %Z, dsn=4.4.1, status=deferred (connect to exch0%u.corp.example.com[%a]:25: Connection timed out)",
                       pid, qid, rcpt[i], rr(r, 5, 90), 1, 3000, 0, ex + 1, &eip);
                }
                s->t += (int64_t)rr(r, 300, 1200) * 1000000;
                continue;
            }
            if (tls)
                sl(s, F_OOO, SL_NONE, "postfix/smtp[%u]: Trusted TLS connection established to exch0%u.corp.example.com[%a]:25: %s",
                   pid, ex + 1, &eip, PICK(r, tls_ciphers));
            for (unsigned i = 0; i < k; i++) {
                adv(s, 2, 40);
                char tok[16];
                sl(s, F_OOO, counted++ ? SL_NONE : SL_DELIVERED,
                   "postfix/smtp[%u]: %s: to=<%s>, relay=exch0%u.corp.example.com[%a]:25, %Z, dsn=2.6.0, status=sent (250 2.6.0 <%s@EXCH0%u.corp.example.com> [InternalId=%U, Hostname=EXCH0%u.corp.example.com] %u bytes in 0.%03u, %u.%03u KB/sec Queued mail for delivery)",
                   pid, qid, rcpt[i], ex + 1, &eip, rr(r, 5, 200), 1, 2, rr(r, 2, 60),
                   rand_token(g, tok, 12), ex + 1, (unsigned long long)rr(r, 100000, 900000000) * 100ULL, ex + 1,
                   size, rr(r, 10, 999), rr(r, 100, 9999), rb(r, 1000));
            }
        }
        return;
    }
    for (unsigned i = 0; i < k; i++) {
        adv(s, 2, 80);
        unsigned dcs = rr(r, 3, 300), slot = counted++ ? SL_NONE : SL_DELIVERED;
        char user[96];
        strcpy(user, rcpt[i]);
        char *at = strchr(user, '@');
        if (at)
            *at = '\0';
        switch (tr) {
        case TR_LMTP: {
            char tok[32];
            sl(s, F_OOO, slot, "postfix/lmtp[%u]: %s: to=<%s>, relay=mail.example.com[private/dovecot-lmtp], %Z, dsn=2.0.0, status=sent (250 2.0.0 <%s> %s Saved)",
               pool_pid(g, &g->lmtp), qid, rcpt[i], dcs, 1, 1, rr(r, 1, 20), rcpt[i], rand_token(g, tok, 22));
            break;
        }
        case TR_VIRTUAL:
            sl(s, F_OOO, slot, "postfix/virtual[%u]: %s: to=<%s>, relay=virtual, %Z, dsn=2.0.0, status=sent (delivered to maildir)",
               pool_pid(g, &g->virt), qid, rcpt[i], dcs, 1, 0, rr(r, 0, 5));
            break;
        case TR_LOCAL:
            if (rb(r, 3) == 0)
                sl(s, F_OOO, slot, "postfix/local[%u]: %s: to=<%s@mx1.example.com>, orig_to=<%s>, relay=local, %Z, dsn=2.0.0, status=sent (delivered to mailbox)",
                   pool_pid(g, &g->local), qid, user, rcpt[i], dcs, 1, 0, rr(r, 0, 5));
            else
                sl(s, F_OOO, slot, "postfix/local[%u]: %s: to=<%s>, relay=local, %Z, dsn=2.0.0, status=sent (delivered to mailbox)",
                   pool_pid(g, &g->local), qid, rcpt[i], dcs, 1, 0, rr(r, 0, 5));
            break;
        default:
            sl(s, F_OOO, slot, "postfix/pipe[%u]: %s: to=<%s>, relay=dovecot, %Z, dsn=2.0.0, status=sent (delivered via dovecot service)",
               pool_pid(g, &g->pipe), qid, rcpt[i], dcs, 1, 0, rr(r, 5, 40));
            break;
        }
    }
}

static void amavis_id(struct gen *g, char *out)
{
    unsigned i = rb(&g->r, g->amavis.n);
    sf(out, "amavis[%u]: (%05u-%02u)", g->amavis.pid[i], g->amavis.pid[i], g->amavis.task[i]++);
}

/* The handoff of qid to amavis on 127.0.0.1:10024: one status=sent per
 * recipient. It never counts (loopback content-filter hop). */
static void feed_amavis(struct sess *s, const char *qid, char rcpt[][96], unsigned k, const char *reply)
{
    struct gen *g = s->g;
    unsigned pid = pool_pid(g, &g->feed);
    for (unsigned i = 0; i < k; i++) {
        adv(s, 0, 3);
        sl(s, F_OOO, SL_NONE, "postfix/smtp[%u]: %s: to=<%s>, relay=127.0.0.1[127.0.0.1]:10024, %Z, dsn=%s, status=sent (%s)",
           pid, qid, rcpt[i], rr(&g->r, 1, 30), 0, 0, rr(&g->r, 30, 800),
           reply[4] == '2' && reply[6] == '7' ? "2.7.0" : "2.0.0", reply);
    }
}

/* Re-injection from amavis into smtpd on 127.0.0.1:10025 under a new queue id. */
static void reinject(struct sess *s, const char *qid2, const char *from, const char *mid, unsigned k, unsigned size)
{
    struct gen *g = s->g;
    unsigned pid = new_pid(g);
    sl(s, F_OOO, SL_NONE, "postfix/smtpd[%u]: connect from localhost[127.0.0.1]", pid);
    adv(s, 1, 5);
    sl(s, F_OOO, SL_NONE, "postfix/smtpd[%u]: %s: client=localhost[127.0.0.1]", pid, qid2);
    adv(s, 1, 5);
    sl(s, F_OOO, SL_NONE, "postfix/cleanup[%u]: %s: message-id=<%s>", pool_pid(g, &g->cleanup), qid2, mid);
    adv(s, 1, 5);
    sl(s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: from=<%s>, size=%u, nrcpt=%u (queue active)", g->qmgr_pid, qid2, from, size + 900, k);
    adv(s, 1, 5);
    sl(s, F_OOO, SL_NONE, "postfix/smtpd[%u]: disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=%u data=1 quit=1 commands=%u", pid, k, k + 4);
}

static const char *const malware_names[] = {
    "Eicar-Test-Signature", "Win.Trojan.Agent-1234567", "Doc.Downloader.Emotet-6523513-0", "Xls.Dropper.Agent-7395463-0",
    "Win.Malware.Qakbot-9941254-0", "Html.Trojan.Generic-1234", "Js.Downloader.Nemucod-6321"};
static const char *const phish_names[] = {
    "Heuristics.Phishing.Email.SpoofedDomain", "Sanesecurity.Phishing.Fake.23155.UNOFFICIAL", "Html.Phishing.Bank-44521",
    "Porcupine.Phishing.55542.UNOFFICIAL", "Email.Phishing.VOF3-9943313-0", "winnow.phish.microsoft.1234"};
static const char *const banned_parts[] = {
    "multipart/mixed | application/x-msdownload,.exe,.exe-ms,invoice.exe",
    "multipart/mixed | application/octet-stream,.zip,.exe,docs.zip,scan_0012.exe",
    "multipart/mixed | application/x-ms-shortcut,.lnk,payment.lnk",
    "multipart/mixed | application/octet-stream,.iso,shipping_doc.iso"};

/* Inbound mail that gets past SMTP: via postscreen and smtpd, then either a
 * cleanup milter-reject or amavis, which passes (re-injected and delivered)
 * or blocks it (spam / malware / phishing / banned). */
static void sc_inbound(struct gen *g, int64_t t0)
{
    struct rng *r = &g->r;
    struct sess s = {g, t0};
    unsigned m = rb(r, TT_ARRAY_LEN(mtas));
    struct gaddr cip;
    char chost[96], from[128], helo[96], mid[128], q1[16], q2[16];
    char rcpt[4][96];
    unsigned oct = rr(r, 2, 250);
    a4(&cip, mtas[m].net[0], mtas[m].net[1], mtas[m].net[2], oct);
    if (rpm(r, 30)) { /* a few senders over IPv6 */
        a6_doc(&cip, mix64(g->seed ^ 0x7777 ^ m));
        cip.b[15] = (uint8_t)oct;
    }
    sf(chost, mtas[m].host, oct);
    person(g, from, mtas[m].domain);
    strcpy(helo, chost);
    unsigned k = rb(r, 10) < 7 ? 1 : rb(r, 3) ? 2 : rr(r, 3, 4);
    for (unsigned i = 0; i < k; i++)
        person(g, rcpt[i], PICK(r, our_domains));
    unsigned size = rr(r, 2500, 90000) + (rb(r, 10) == 0 ? rr(r, 100000, 4000000) : 0);
    unsigned port = rr(r, 32768, 60999);

    if (rb(r, 10) < 6) {
        sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: CONNECT from [%a]:%u to [" OUR_MX_IP "]:25", g->postscreen_pid, &cip, port);
        adv(&s, 1, 80);
        sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: PASS %s [%a]:%u", g->postscreen_pid, rb(r, 5) ? "OLD" : "NEW", &cip, port);
        adv(&s, 1, 5);
    }
    unsigned pid = new_pid(g);
    int tls_in = rb(r, 4) != 0;
    sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: connect from %s[%a]", pid, chost, &cip);
    if (tls_in) {
        adv(&s, 20, 200);
        sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: Anonymous TLS connection established from %s[%a]: %s", pid, chost, &cip, PICK(r, tls_ciphers));
    }
    adv(&s, 50, 600);
    sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: %s: client=%s[%a]", pid, new_qid(g, q1), chost, &cip);
    adv(&s, 20, 400);
    unsigned cpid = pool_pid(g, &g->cleanup);
    sl(&s, F_OOO, SL_NONE, "postfix/cleanup[%u]: %s: message-id=<%s>", cpid, q1, msgid(g, mid, s.t, mtas[m].domain));

    unsigned v = rb(r, 1000);
    if (v < 45) { /* cleanup milter (rspamd) rejects at end of data: spam; some are temporary */
        adv(&s, 100, 2500);
        int temp = v < 8;
        sl(&s, F_OOO, temp ? SL_NONE : SL_BLK_SPAM,
           "postfix/cleanup[%u]: %s: milter-reject: END-OF-MESSAGE from %s[%a]: %s; from=<%s> to=<%s> proto=ESMTP helo=<%s>",
           cpid, q1, chost, &cip, temp ? "4.7.1 Try again later" : "5.7.1 Spam message rejected", from, rcpt[0], helo);
        adv(&s, 5, 50);
        sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: disconnect from %s[%a] ehlo=%u%s mail=1 rcpt=%u data=0/1 quit=1 commands=%u/%u",
           pid, chost, &cip, tls_in ? 2 : 1, tls_in ? " starttls=1" : "", k, k + 3 + 2 * tls_in, k + 4 + 2 * tls_in);
        return;
    }
    adv(&s, 2, 30);
    sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: from=<%s>, size=%u, nrcpt=%u (queue active)", g->qmgr_pid, q1, from, size, k);
    adv(&s, 2, 50);
    sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: disconnect from %s[%a] ehlo=%u%s mail=1 rcpt=%u data=1 quit=1 commands=%u",
       pid, chost, &cip, tls_in ? 2 : 1, tls_in ? " starttls=1" : "", k, k + 4 + 2 * tls_in);

    /* amavis verdict */
    char aid[64], rlist[420], tok[16];
    amavis_id(g, aid);
    char *e = rlist;
    for (unsigned i = 0; i < k; i++)
        e = i ? put_s(put_s(put_s(e, ",<"), rcpt[i]), ">") : put_s(put_s(put_s(e, "<"), rcpt[i]), ">");
    *e = '\0';
    rand_token(g, tok, 12);
    unsigned ms = rr(r, 180, 4500);
    adv(&s, ms / 2, ms);
    unsigned a = rb(r, 1000);
    const char *aid_short = strchr(aid, '(') + 1;
    char reply[160], idbuf[24];
    memcpy(idbuf, aid_short, strlen(aid_short) - 1);
    idbuf[strlen(aid_short) - 1] = '\0';
    if (a < 880) { /* passed: CLEAN or tagged SPAMMY, re-injected and delivered */
        int spammy = a < 40;
        new_qid(g, q2);
        reinject(&s, q2, from, mid, k, size);
        adv(&s, 1, 20);
        sl(&s, F_OOO, SL_NONE, "%s Passed %s {%s}, [%a]:%u [%a] <%s> -> %s, Queue-ID: %s, Message-ID: <%s>, mail_id: %s, Hits: %s%u.%03u, size: %u, queued_as: %s, %u ms",
           aid, spammy ? "SPAMMY" : "CLEAN", spammy ? "RelayedTaggedInbound" : "RelayedInbound", &cip, port, &cip, from, rlist, q1, mid, tok,
           spammy ? "" : "-", spammy ? rr(r, 5, 9) : rr(r, 0, 3), rb(r, 1000), size, q2, ms);
        sf(reply, "250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as %s", q2);
        feed_amavis(&s, q1, rcpt, k, reply);
        adv(&s, 0, 3);
        sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: removed", g->qmgr_pid, q1);
        deliver_inbound(&s, q2, rcpt, k, pick_transport(g), size + 900);
        adv(&s, 1, 10);
        sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: removed", g->qmgr_pid, q2);
        return;
    }
    unsigned slot;
    char what[160], dsn_tail[120];
    const char *qtype;
    if (a < 955) {
        int spammy = a < 900;
        sf(what, "Blocked %s", spammy ? "SPAMMY" : "SPAM");
        sf(dsn_tail, "spam");
        slot = SL_BLK_SPAM, qtype = "spam";
    } else if (a < 972) {
        const char *n = PICK(r, malware_names);
        sf(what, "Blocked INFECTED (%s)", n);
        sf(dsn_tail, "INFECTED: %s", n);
        slot = SL_BLK_MALWARE, qtype = "virus";
    } else if (a < 988) {
        const char *n = PICK(r, phish_names);
        sf(what, "Blocked INFECTED (%s)", n);
        sf(dsn_tail, "INFECTED: %s", n);
        slot = SL_BLK_PHISHING, qtype = "virus";
    } else {
        const char *n = PICK(r, banned_parts);
        sf(what, "Blocked BANNED (%s)", n);
        sf(dsn_tail, "BANNED: %s", strrchr(n, ',') + 1);
        slot = SL_BLK_POLICY, qtype = "banned";
    }
    char hits[16];
    if (slot == SL_BLK_SPAM)
        sf(hits, "%u.%03u", rr(r, 6, 40), rb(r, 1000));
    else
        strcpy(hits, "-");
    sl(&s, F_OOO, slot, "%s %s {DiscardedInbound,Quarantined}, [%a]:%u [%a] <%s> -> %s, quarantine: %s-%s%s, Queue-ID: %s, Message-ID: <%s>, mail_id: %s, Hits: %s, size: %u, %u ms",
       aid, what, &cip, port, &cip, from, rlist, qtype, tok, slot == SL_BLK_SPAM ? ".gz" : "", q1, mid, tok, hits, size, ms);
    sf(reply, "250 2.7.0 Ok, discarded, id=%s - %s", idbuf, dsn_tail);
    feed_amavis(&s, q1, rcpt, k, reply);
    adv(&s, 0, 3);
    sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: removed", g->qmgr_pid, q1);
}

/* Reject texts. %1 = rcpt, sender, helo or ip depending on the entry. */
enum rj_arg { RJ_RCPT, RJ_SENDER, RJ_HELO, RJ_IP, RJ_NONE };
struct reject_text {
    const char *fmt; /* "550 5.1.1 <%s>: ..." */
    int arg;         /* enum rj_arg */
};
static const struct reject_text rj_policy[] = {
    {"550 5.1.1 <%s>: Recipient address rejected: User unknown in virtual mailbox table", RJ_RCPT},
    {"550 5.1.1 <%s>: Recipient address rejected: User unknown in local recipient table", RJ_RCPT},
    {"554 5.7.1 <%s>: Relay access denied", RJ_RCPT},
    {"554 5.7.1 <%s>: Sender address rejected: Access denied", RJ_SENDER},
    {"504 5.5.2 <%s>: Helo command rejected: need fully-qualified hostname", RJ_HELO},
    {"550 5.7.25 Client host rejected: cannot find your hostname, [%s]", RJ_IP},
    {"550 5.7.23 <%s>: Recipient address rejected: Message rejected due to: SPF fail - not authorized", RJ_RCPT},
    {"554 5.7.1 <%s>: Recipient address rejected: Access denied", RJ_RCPT},
};
static const struct reject_text rj_temp[] = {
    {"450 4.2.0 <%s>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html", RJ_RCPT},
    {"450 4.7.25 Client host rejected: cannot find your hostname, [%s]", RJ_IP},
    {"450 4.1.8 <%s>: Sender address rejected: Domain not found", RJ_SENDER},
    {"451 4.3.5 <%s>: Recipient address rejected: Server configuration problem", RJ_RCPT},
    {"450 4.7.1 Service unavailable; Client host [%s] blocked using b.barracudacentral.org", RJ_IP},
    {"450 4.7.1 <%s>: Helo command rejected: Host not found", RJ_HELO},
};
static const char *const dnsbls[] = {"zen.spamhaus.org", "bl.spamcop.net", "b.barracudacentral.org", "dnsbl.sorbs.net"};

static char *reject_text(char *out, const struct reject_text *rt, const char *rcpt, const char *sender,
                         const char *helo, const char *ip)
{
    const char *x = rt->arg == RJ_RCPT ? rcpt : rt->arg == RJ_SENDER ? sender : rt->arg == RJ_HELO ? helo : ip;
    return sf(out, rt->fmt, x);
}

static char *client_name(struct gen *g, char *out, const struct gaddr *ip)
{
    struct rng *r = &g->r;
    if (ip->fam == 6 || rb(r, 10) < 6)
        return strcpy(out, "unknown");
    if (rb(r, 2))
        return sf(out, "%u-%u-%u-%u.dynamic.isp%u.example.net", ip->b[0], ip->b[1], ip->b[2], ip->b[3], rb(r, 40));
    return sf(out, "host%u.static.%s", ip->b[3], PICK(r, spam_tlds));
}

/* smtpd session with RCPT rejects: 1..3 attempts (distinct from=), 1..5
 * recipients each; one emails_blocked per attempt, counted on its first
 * reject line, unless the code is 4xx. */
static void sc_smtpd_rejects(struct gen *g, int64_t t0, int temp)
{
    struct rng *r = &g->r;
    struct sess s = {g, t0};
    struct gaddr cip;
    char cname[96], helo[96], ipstr[48], from[128], rc[96], txt[512], dom[96];
    attacker(g, &cip, 1);
    client_name(g, cname, &cip);
    sf(ipstr, "%a", &cip);
    unsigned pid = new_pid(g);
    int reput = !temp && rb(r, 100) < 45;
    const char *bl = PICK(r, dnsbls);
    int rhsbl = reput && rb(r, 5) == 0;
    unsigned hk = rb(r, 4);
    if (hk == 0)
        sf(helo, "[%s]", ipstr);
    else if (hk == 1)
        strcpy(helo, rb(r, 2) ? "User" : "WIN-6A0KEE6QVP5");
    else
        strcpy(helo, strcmp(cname, "unknown") ? cname : spam_domain(g, dom));
    const struct reject_text *pol = &rj_policy[rb(r, TT_ARRAY_LEN(rj_policy))];
    const struct reject_text *tmp = &rj_temp[rb(r, TT_ARRAY_LEN(rj_temp))];
    sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: connect from %s[%s]", pid, cname, ipstr);
    unsigned attempts = rb(r, 100) < 75 ? 1 : rb(r, 4) ? 2 : 3, rcpts_total = 0, mails = 0;
    int data_rej = 0;
    for (unsigned at = 0; at < attempts; at++) {
        spam_sender(g, from);
        if (at && from[0] == '\0') /* later attempts: distinct, non-null senders */
            sf(from, "mailer%u@%s", at, spam_domain(g, dom));
        adv(&s, 200, 3000);
        unsigned n = rb(r, 100) < 55 ? 1 : rr(r, 2, 5);
        mails++;
        for (unsigned i = 0; i < n; i++) {
            person(g, rc, PICK(r, our_domains));
            if (temp) {
                reject_text(txt, tmp, rc, from, helo, ipstr);
            } else if (!reput) {
                reject_text(txt, pol, rc, from, helo, ipstr);
            } else if (rhsbl && from[0]) {
                const char *fd = strchr(from, '@');
                sf(txt, "554 5.7.1 Service unavailable; Sender address [%s] blocked using dbl.spamhaus.org; https://www.spamhaus.org/query/domain/%s",
                   from, fd ? fd + 1 : from);
            } else if (bl[0] == 'z') {
                sf(txt, "554 5.7.1 Service unavailable; Client host [%s] blocked using %s; https://www.spamhaus.org/query/ip/%s", ipstr, bl, ipstr);
            } else if (bl[1] == 'l') {
                sf(txt, "554 5.7.1 Service unavailable; Client host [%s] blocked using %s; Blocked - see https://www.spamcop.net/bl.shtml?%s", ipstr, bl, ipstr);
            } else {
                sf(txt, "554 5.7.1 Service unavailable; Client host [%s] blocked using %s", ipstr, bl);
            }
            unsigned slot = (i == 0 && !temp) ? (reput ? SL_BLK_REPUTATION : SL_BLK_POLICY) : SL_NONE;
            sl(&s, 0, slot, "postfix/smtpd[%u]: NOQUEUE: reject: RCPT from %s[%s]: %s; from=<%s> to=<%s> proto=ESMTP helo=<%s>",
               pid, cname, ipstr, txt, from, rc, helo);
            adv(&s, 0, i + 1 < n ? 30 : 400);
            rcpts_total++;
        }
        if (!temp && rb(r, 10) < 3) {
            adv(&s, 1, 50);
            sl(&s, 0, SL_NONE, "postfix/smtpd[%u]: NOQUEUE: reject: DATA from %s[%s]: 554 5.5.1 Error: no valid recipients; from=<%s> to=<%s> proto=ESMTP helo=<%s>",
               pid, cname, ipstr, from, rc, helo);
            data_rej++;
        }
    }
    adv(&s, 10, 2000);
    if (rb(r, 5) == 0) {
        sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: lost connection after RCPT from %s[%s]", pid, cname, ipstr);
        adv(&s, 0, 2);
        sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: disconnect from %s[%s] ehlo=1 mail=%u rcpt=0/%u%s%s commands=%u/%u",
           pid, cname, ipstr, mails, rcpts_total, data_rej ? " data=0/1" : "", attempts > 1 ? " rset=1" : "",
           1 + mails + (attempts > 1), 1 + mails + rcpts_total + (data_rej > 0) + (attempts > 1));
    } else {
        sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: disconnect from %s[%s] ehlo=1 mail=%u rcpt=0/%u%s%s quit=1 commands=%u/%u",
           pid, cname, ipstr, mails, rcpts_total, data_rej ? " data=0/1" : "", attempts > 1 ? " rset=1" : "",
           2 + mails + (attempts > 1), 2 + mails + rcpts_total + (data_rej > 0) + (attempts > 1));
    }
}

/* postscreen: DNSBL rejects (reputation, one per run), 4xx, pregreet and
 * hangups (nothing). */
static void sc_postscreen(struct gen *g, int64_t t0)
{
    struct rng *r = &g->r;
    struct sess s = {g, t0};
    struct gaddr cip;
    attacker(g, &cip, 1);
    unsigned port = rr(r, 1024, 65535), ps = g->postscreen_pid;
    char helo[96], from[128], rc[96], dom[96];
    sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: CONNECT from [%a]:%u to [" OUR_MX_IP "]:25", ps, &cip, port);
    unsigned v = rb(r, 100);
    if (v < 62) { /* DNSBL */
        unsigned nl = rr(r, 1, 3), rank = 0;
        for (unsigned i = 0; i < nl; i++) {
            adv(&s, 1, 30);
            unsigned w = rr(r, 1, 3);
            rank += w;
            sl(&s, F_OOO, SL_NONE, "postfix/dnsblog[%u]: addr %a listed by domain %s as 127.0.0.%u", new_pid(g), &cip,
               dnsbls[i % TT_ARRAY_LEN(dnsbls)], rr(r, 2, 11));
        }
        adv(&s, 1, 100);
        sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: DNSBL rank %u for [%a]:%u", ps, rank + 2, &cip, port);
        unsigned runs = rb(r, 100) < 15 ? 0 : rb(r, 100) < 85 ? 1 : 2;
        strcpy(helo, rb(r, 3) ? spam_domain(g, dom) : "User");
        for (unsigned a = 0; a < runs; a++) {
            spam_sender(g, from); /* a second run always has a new, non-null sender */
            if (a && from[0] == '\0')
                sf(from, "bounce%u@%s", rb(r, 1000), spam_domain(g, dom));
            unsigned n = rb(r, 2) ? 1 : rr(r, 2, 5);
            adv(&s, 300, 2000);
            for (unsigned i = 0; i < n; i++) {
                person(g, rc, PICK(r, our_domains));
                sl(&s, 0, i == 0 ? SL_BLK_REPUTATION : SL_NONE,
                   "postfix/postscreen[%u]: NOQUEUE: reject: RCPT from [%a]:%u: 550 5.7.1 Service unavailable; client [%a] blocked using %s; from=<%s>, to=<%s>, proto=ESMTP, helo=<%s>",
                   ps, &cip, port, &cip, dnsbls[0], from, rc, helo);
                adv(&s, 0, 60);
            }
        }
    } else if (v < 80) { /* temporary */
        adv(&s, 2000, 7000);
        sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: PASS NEW [%a]:%u", ps, &cip, port);
        spam_sender(g, from);
        person(g, rc, PICK(r, our_domains));
        adv(&s, 100, 1500);
        sl(&s, 0, SL_NONE, "postfix/postscreen[%u]: NOQUEUE: reject: RCPT from [%a]:%u: 450 4.3.2 Service currently unavailable; from=<%s>, to=<%s>, proto=ESMTP, helo=<%s>",
           ps, &cip, port, from, rc, spam_domain(g, dom));
    } else if (v < 92) {
        adv(&s, 10, 900);
        sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: PREGREET %u after 0.%02u from [%a]:%u: EHLO %s\\r\\n", ps, rr(r, 11, 30), rr(r, 1, 99), &cip, port,
           rb(r, 2) ? "User" : spam_domain(g, dom));
    } else {
        adv(&s, 500, 9000);
        sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: HANGUP after %u.%u from [%a]:%u in tests after SMTP handshake", ps, rr(r, 0, 9), rb(r, 10), &cip, port);
    }
    adv(&s, 1, 400);
    sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: DISCONNECT [%a]:%u", ps, &cip, port);
}

/* Sessions that count nothing: CONNECT/EHLO-stage rejects (even with
 * "blocked using"), SASL guessing, protocol noise. */
static void sc_smtpd_noise(struct gen *g, int64_t t0)
{
    struct rng *r = &g->r;
    struct sess s = {g, t0};
    struct gaddr cip;
    char cname[96], ipstr[48];
    attacker(g, &cip, 1);
    client_name(g, cname, &cip);
    sf(ipstr, "%a", &cip);
    unsigned pid = new_pid(g), v = rb(r, 100);
    const char *svc = rb(r, 3) ? "smtpd" : "submission/smtpd";
    sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: connect from %s[%s]", svc, pid, cname, ipstr);
    adv(&s, 50, 1500);
    const char *stats = "commands=0";
    if (v < 20) {
        sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: NOQUEUE: reject: CONNECT from %s[%s]: 554 5.7.1 Service unavailable; Client host [%s] blocked using %s; proto=SMTP",
           svc, pid, cname, ipstr, ipstr, dnsbls[0]);
        stats = "commands=0/0";
    } else if (v < 35) {
        sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: NOQUEUE: reject: CONNECT from %s[%s]: 554 5.7.1 <%s[%s]>: Client host rejected: Access denied; proto=SMTP",
           svc, pid, cname, ipstr, cname, ipstr);
        stats = "commands=0/0";
    } else if (v < 50) {
        sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: NOQUEUE: reject: EHLO from %s[%s]: 504 5.5.2 <User>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<User>",
           svc, pid, cname, ipstr);
        stats = "ehlo=0/1 quit=1 commands=1/2";
    } else if (v < 80) {
        unsigned n = rr(r, 1, 6);
        for (unsigned i = 0; i < n; i++) {
            sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: warning: %s[%s]: SASL %s authentication failed: %s", svc, pid, cname, ipstr,
               rb(r, 2) ? "LOGIN" : "PLAIN", rb(r, 2) ? "UGFzc3dvcmQ6" : "authentication failure");
            adv(&s, 500, 3000);
        }
        sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: lost connection after AUTH from %s[%s]", svc, pid, cname, ipstr);
        stats = n > 1 ? "ehlo=1 auth=0/2 commands=1/3" : "ehlo=1 auth=0/1 commands=1/2";
    } else if (v < 90) {
        sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: improper command pipelining after CONNECT from %s[%s]: EHLO %s\\r\\n", svc, pid, cname, ipstr, cname);
        stats = "ehlo=1 quit=1 commands=2";
    } else {
        sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: warning: non-SMTP command from %s[%s]: GET / HTTP/1.1", svc, pid, cname, ipstr);
        stats = "unknown=0/1 commands=0/1";
    }
    adv(&s, 1, 300);
    sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: disconnect from %s[%s] %s", svc, pid, cname, ipstr, stats);
}

static void sc_rejecting(struct gen *g, int64_t t0)
{
    unsigned v = rb(&g->r, 100);
    if (v < 38)
        sc_postscreen(g, t0);
    else if (v < 72)
        sc_smtpd_rejects(g, t0, 0);
    else if (v < 84)
        sc_smtpd_rejects(g, t0, 1);
    else
        sc_smtpd_noise(g, t0);
}

/* One smtp delivery of qid to the recipients rc[0..n) of one external
 * domain; outcome 0 sent, 1 deferred, 2 bounced. *counted says whether the
 * message already counted emails_sent (set by the first status=sent). */
static void smtp_out(struct sess *s, const char *qid, char rc[][96], unsigned n, int mx, int tls, int outcome, int *counted)
{
    struct gen *g = s->g;
    struct rng *r = &g->r;
    unsigned pid;
    /* Pid reuse trap: the process that just delivered elsewhere delivers
     * again; only a TLS line to this very relay makes this delivery TLS.
     * Never reused towards a relay it once had TLS with: whether a plain
     * delivery there is TLS would be ambiguous. */
    int reused = g->last_out_pid && g->last_out_end < s->t && g->last_out_relay != mx && g->last_out_tls_relay != mx &&
                 rb(r, 10) < 3;
    if (reused) {
        pid = g->last_out_pid;
    } else {
        pid = new_pid(g);
        g->last_out_tls_relay = -1;
    }
    const char *mxh = mxs_text[mx].mx;
    const struct gaddr *ip = &mx_ip[mx];
    adv(s, 30, 900);
    if (outcome == 1 && rb(r, 2)) { /* deferred before any TLS */
        for (unsigned i = 0; i < n; i++)
            sl(s, F_OOO, SL_NONE, "postfix/smtp[%u]: %s: to=<%s>, relay=none, %Z, dsn=4.4.1, status=deferred (connect to %s[%a]:25: Connection timed out)",
               pid, qid, rc[i], rr(r, 5, 200), 2, 3000, 0, mxh, ip);
        goto done;
    }
    if (tls) {
        g->last_out_tls_relay = mx;
        sl(s, F_OOO, SL_NONE, "postfix/smtp[%u]: %s TLS connection established to %s[%a]:25: %s", pid, PICK(r, tls_trust), mxh, ip, PICK(r, tls_ciphers));
        adv(s, 20, 400);
    }
    for (unsigned i = 0; i < n; i++) {
        unsigned dl = rr(r, 30, 900);
        if (outcome == 0) {
            char tok[24];
            unsigned slot = *counted ? SL_NONE : SL_SENT, slot2 = (*counted || !tls) ? SL_NONE : SL_SENT_TLS;
            *counted = 1;
            line(g, s->t, F_OOO, slot, slot2, NULL,
                 mx == 0 ? "postfix/smtp[%u]: %s: to=<%s>, relay=%s[%a]:25, %Z, dsn=2.0.0, status=sent (250 2.0.0 OK  %U %s - gsmtp)"
                         : "postfix/smtp[%u]: %s: to=<%s>, relay=%s[%a]:25, %Z, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as %X%s)",
                 pid, qid, rc[i], mxh, ip, rr(r, 1, 40), 1, rr(r, 5, 200), dl, (unsigned long long)rr(r, 1500000000u, 1900000000u), rand_token(g, tok, mx == 0 ? 18 : 0));
        } else if (outcome == 1) {
            sl(s, F_OOO, SL_NONE, "postfix/smtp[%u]: %s: to=<%s>, relay=%s[%a]:25, %Z, dsn=4.7.1, status=deferred (host %s[%a] said: 451 4.7.1 Please try again later (in reply to RCPT TO command))",
               pid, qid, rc[i], mxh, ip, rr(r, 1, 40), 1, rr(r, 5, 200), dl, mxh, ip);
        } else {
            sl(s, F_OOO, SL_NONE, "postfix/smtp[%u]: %s: to=<%s>, relay=%s[%a]:25, %Z, dsn=5.1.1, status=bounced (host %s[%a] said: 550 5.1.1 <%s>: Recipient address rejected: User unknown (in reply to RCPT TO command))",
               pid, qid, rc[i], mxh, ip, rr(r, 1, 40), 1, rr(r, 5, 200), dl, mxh, ip, rc[i]);
        }
        adv(s, 1, 60);
    }
done:
    g->last_out_pid = pid;
    g->last_out_end = s->t;
    g->last_out_relay = mx;
}

/* Outbound: an internal client (submission with SASL, the Exchange server,
 * an application server) relays through the gateway, optionally via amavis,
 * to 1..3 external domains; ~90% over TLS. Outcomes: sent, deferred then
 * sent, deferred for good, bounced (with a DSN delivered to the sender). */
static void sc_outbound(struct gen *g, int64_t t0)
{
    struct rng *r = &g->r;
    struct sess s = {g, t0};
    char chost[96], from[128], q1[16], q2[16], mid[128];
    struct gaddr cip;
    unsigned ck = rb(r, 10), pid = new_pid(g);
    const char *svc = "smtpd";
    if (ck < 4) {
        a4(&cip, 10, 1, rr(r, 0, 40), rr(r, 2, 250));
        sf(chost, "ws-%u-%u.corp.example.com", cip.b[2], cip.b[3]);
        svc = "submission/smtpd";
    } else if (ck < 8) {
        unsigned ex = rb(r, 2);
        a4(&cip, 10, 20, 0, 15 + ex);
        sf(chost, "exch0%u.corp.example.com", ex + 1);
    } else {
        a4(&cip, 10, 30, 1, rr(r, 10, 40));
        sf(chost, "app%02u.corp.example.com", cip.b[3] - 9);
    }
    person(g, from, rb(r, 4) ? "example.com" : "corp.example.com");
    /* recipients grouped by domain */
    unsigned nd = rb(r, 100) < 85 ? 1 : rr(r, 2, 3), nr[3], k = 0;
    int dom[3];
    char rc[3][3][96], all[9][96];
    for (unsigned d = 0; d < nd; d++) {
        dom[d] = (int)rb(r, N_MX);
        for (unsigned j = 0; j < d; j++)
            if (dom[j] == dom[d])
                dom[d] = (dom[d] + 1) % (int)N_MX;
        nr[d] = rb(r, 100) < 80 ? 1 : rr(r, 2, 3);
        for (unsigned i = 0; i < nr[d]; i++) {
            person(g, rc[d][i], mxs_text[dom[d]].domain);
            strcpy(all[k++], rc[d][i]);
        }
    }
    unsigned size = rr(r, 1500, 60000) + (rb(r, 8) == 0 ? rr(r, 100000, 8000000) : 0);
    sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: connect from %s[%a]", svc, pid, chost, &cip);
    if (ck < 4) {
        adv(&s, 20, 200);
        sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: Anonymous TLS connection established from %s[%a]: %s", svc, pid, chost, &cip, tls_ciphers[0]);
        adv(&s, 50, 500);
        sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: %s: client=%s[%a], sasl_method=PLAIN, sasl_username=%s", svc, pid, new_qid(g, q1), chost, &cip, from);
    } else {
        adv(&s, 20, 300);
        sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: %s: client=%s[%a]", svc, pid, new_qid(g, q1), chost, &cip);
    }
    adv(&s, 20, 300);
    sl(&s, F_OOO, SL_NONE, "postfix/cleanup[%u]: %s: message-id=<%s>", pool_pid(g, &g->cleanup), q1, msgid(g, mid, s.t, "example.com"));
    adv(&s, 2, 40);
    sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: from=<%s>, size=%u, nrcpt=%u (queue active)", g->qmgr_pid, q1, from, size, k);
    adv(&s, 2, 60);
    sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: disconnect from %s[%a] ehlo=%u%s%s mail=1 rcpt=%u data=1 quit=1 commands=%u", svc, pid, chost, &cip,
       ck < 4 ? 2 : 1, ck < 4 ? " starttls=1" : "", ck < 4 ? " auth=1" : "", k, k + 4 + (ck < 4 ? 3 : 0));
    const char *qid = q1;
    if (rb(r, 2)) { /* through amavis (ORIGINATING) */
        char aid[64], rlist[900], tok[16], reply[160];
        amavis_id(g, aid);
        char *e = rlist;
        for (unsigned i = 0; i < k; i++)
            e = put_s(put_s(put_s(e, i ? ",<" : "<"), all[i]), ">");
        *e = '\0';
        unsigned ms = rr(r, 150, 2500);
        adv(&s, ms / 2, ms);
        new_qid(g, q2);
        reinject(&s, q2, from, mid, k, size);
        adv(&s, 1, 20);
        sl(&s, F_OOO, SL_NONE, "%s Passed CLEAN {RelayedOutbound}, ORIGINATING LOCAL [%a]:%u [%a] <%s> -> %s, Queue-ID: %s, Message-ID: <%s>, mail_id: %s, Hits: -, size: %u, queued_as: %s, %u ms",
           aid, &cip, rr(r, 32768, 60999), &cip, from, rlist, q1, mid, rand_token(g, tok, 12), size, q2, ms);
        sf(reply, "250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as %s", q2);
        feed_amavis(&s, q1, all, k, reply);
        adv(&s, 0, 3);
        sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: removed", g->qmgr_pid, q1);
        qid = q2;
    }
    int tls = rb(r, 100) < 90, counted = 0, bounced = 0, pending = 0;
    int outcome[3];
    for (unsigned d = 0; d < nd; d++) {
        unsigned o = rb(r, 100);
        outcome[d] = o < 86 ? 0 : o < 93 ? 1 : o < 96 ? 3 : 2; /* 0 sent, 1 deferred then sent, 3 deferred for good, 2 bounced */
        smtp_out(&s, qid, rc[d], nr[d], dom[d], tls, outcome[d] == 3 ? 1 : outcome[d], &counted);
        if (outcome[d] == 2)
            bounced = 1;
        if (outcome[d] == 1 || outcome[d] == 3)
            pending = 1;
    }
    if (bounced) {
        char q3[16];
        unsigned bp = new_pid(g);
        adv(&s, 2, 50);
        sl(&s, F_OOO, SL_NONE, "postfix/bounce[%u]: %s: sender non-delivery notification: %s", bp, qid, new_qid(g, q3));
        adv(&s, 1, 10);
        sl(&s, F_OOO, SL_NONE, "postfix/cleanup[%u]: %s: message-id=<%s>", pool_pid(g, &g->cleanup), q3, msgid(g, mid, s.t, "mx1.example.com"));
        adv(&s, 1, 10);
        sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: from=<>, size=%u, nrcpt=1 (queue active)", g->qmgr_pid, q3, rr(r, 3000, 9000));
        char snd[1][96];
        strcpy(snd[0], from);
        deliver_inbound(&s, q3, snd, 1, pick_transport(g), 4000);
        adv(&s, 1, 10);
        sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: removed", g->qmgr_pid, q3);
    }
    if (pending) { /* the retry run: minutes later */
        s.t += (int64_t)rr(r, 300, 1500) * 1000000;
        for (unsigned d = 0; d < nd; d++)
            if (outcome[d] == 1 || outcome[d] == 3)
                smtp_out(&s, qid, rc[d], nr[d], dom[d], tls, outcome[d] == 1 ? 0 : 1, &counted);
    }
    int final = 1;
    for (unsigned d = 0; d < nd; d++)
        if (outcome[d] == 3)
            final = 0;
    if (final) {
        adv(&s, 1, 10);
        sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: removed", g->qmgr_pid, qid);
    }
}

/* anvil statistics every 10 minutes (counts nothing). */
static void sc_anvil(struct gen *g, int64_t t0)
{
    struct rng *r = &g->r;
    struct sess s = {g, t0 + rb(r, 1000000)};
    struct gaddr a;
    char at[32];
    attacker(g, &a, 0);
    int iso = g->iso;
    g->iso = 0; /* anvil always prints the RFC 3164 form */
    char *e = put_stamp(g, at, t0 - (int64_t)rr(r, 30, 590) * 1000000);
    g->iso = iso;
    *e = '\0';
    sl(&s, F_OOO, SL_NONE, "postfix/anvil[%u]: statistics: max connection rate %u/60s for (smtp:%a) at %s", g->anvil_pid, rr(r, 1, 12), &a, at);
    adv(&s, 0, 1);
    sl(&s, F_OOO, SL_NONE, "postfix/anvil[%u]: statistics: max connection count %u for (smtp:%a) at %s", g->anvil_pid, rr(r, 1, 4), &a, at);
    adv(&s, 0, 1);
    sl(&s, F_OOO, SL_NONE, "postfix/anvil[%u]: statistics: max cache size %u at %s", g->anvil_pid, rr(r, 2, 40), at);
}

/* ------------------------------------------------------------------ */
/* netfilter. */

static const char *const nf_block[] = {"[UFW BLOCK] ", "[UFW BLOCK] ", "[UFW BLOCK] ", "DROP: ", "iptables-reject: ",
                                       "IPTABLES-DROP: ", "[UFW LIMIT BLOCK] ", "FW-DENY-IN: ", "Dropped by firewall: "};
static const char *const nf_allow[] = {"[UFW ALLOW] ", "[UFW ALLOW] ", "ACCEPT ", "iptables-accept: ", "FW-ALLOW: "};
static const uint16_t tcp_attack_ports[] = {22, 22, 22, 23, 23, 445, 445, 3389, 3389, 1433, 3306, 8080, 80, 443, 5900, 2323,
                                            6379, 9200, 8443, 81, 8888, 25, 110, 21, 5432, 27017, 11211, 7547, 37215, 52869};
static const uint16_t udp_attack_ports[] = {53, 123, 161, 1900, 5060, 5353, 11211, 389, 137, 500, 69};
#define MAC_IN "MAC=00:16:3e:5a:1c:20:00:1b:21:3a:9f:c4:08:00"
#define MAC_IN6 "MAC=00:16:3e:5a:1c:20:00:1b:21:3a:9f:c4:86:dd"
#define MAC_LAN "MAC=00:16:3e:5a:1c:21:3c:52:82:11:7e:0a:08:00"

static void our_v6(struct gaddr *a, unsigned host)
{
    memset(a, 0, sizeof(*a));
    a->fam = 6;
    static const uint8_t p[8] = {0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0x00, 0x01};
    memcpy(a->b, p, 8);
    a->b[15] = (uint8_t)host;
}

/* Writes the part after the prefix: "IN=.. OUT=.. [MAC=..] SRC=.. DST=.. ..." */
static void nf_line(struct gen *g, int64_t t, unsigned flags, unsigned slot, const struct gaddr *src, const char *prefix,
                    const char *in, const char *out, const char *mac, const struct gaddr *sa, const struct gaddr *da, int proto, unsigned dport)
{
    struct rng *r = &g->r;
    int64_t up_us = t - g->boot_s * 1000000;
    unsigned long long up_s = (unsigned long long)(up_us / 1000000);
    unsigned up_frac = (unsigned)(up_us % 1000000);
    char hdr[256], tail[256];
    /* IP total length consistent with the transport: TCP SYN 40/60 (v4) or
     * 80 (v6, with options), UDP header + payload, ICMP echo 84 / 104. */
    unsigned udplen = rr(r, 9, 100), v6 = sa->fam == 6;
    unsigned iplen = proto == 0 ? (v6 ? 80 : rb(r, 2) ? 40 : 60) : proto == 1 ? udplen + (v6 ? 40 : 20) : (v6 ? 104 : 84);
    if (v6)
        sf(hdr, "IN=%s OUT=%s %s%sSRC=%A DST=%A LEN=%u TC=0 HOPLIMIT=%u FLOWLBL=%u ", in, out, mac, mac[0] ? " " : "", sa, da,
           iplen, rr(r, 40, 64), rb(r, 1048576));
    else
        sf(hdr, "IN=%s OUT=%s %s%sSRC=%a DST=%a LEN=%u TOS=0x%02X PREC=0x00 TTL=%u ID=%u %s", in, out, mac, mac[0] ? " " : "", sa, da,
               iplen, (unsigned long long)(rb(r, 8) ? 0 : 0x28),
               rb(r, 3) ? rr(r, 40, 64) : rr(r, 100, 250), rb(r, 65536), rb(r, 2) ? "DF " : "");
    unsigned sport = rr(r, 1024, 65535);
    if (proto == 0) {
        unsigned win = rb(r, 2) ? 1024 : rb(r, 2) ? 65535 : rr(r, 1000, 64240);
        sf(tail, "PROTO=TCP SPT=%u DPT=%u WINDOW=%u RES=0x00 SYN URGP=0 ", sport, dport, win);
    } else if (proto == 1) {
        sf(tail, "PROTO=UDP SPT=%u DPT=%u LEN=%u ", sport, dport, udplen);
    } else if (sa->fam == 6) {
        sf(tail, "PROTO=ICMPv6 TYPE=128 CODE=0 ID=%u SEQ=%u ", rb(r, 65536), rr(r, 1, 20));
    } else if (rb(r, 5)) {
        sf(tail, "PROTO=ICMP TYPE=8 CODE=0 ID=%u SEQ=%u ", rb(r, 65536), rr(r, 1, 600));
    } else { /* port unreachable quoting the inner packet (second SRC= inside brackets) */
        struct gaddr inner;
        a4(&inner, 10, 20, rr(r, 0, 3), rr(r, 2, 250));
        sf(tail, "PROTO=ICMP TYPE=3 CODE=3 [SRC=%a DST=%a LEN=60 TOS=0x00 PREC=0x00 TTL=54 ID=0 DF PROTO=UDP SPT=%u DPT=%u LEN=40 ] ",
           &inner, sa, rr(r, 1024, 65535), rr(r, 1024, 65535));
    }
    line(g, t, flags | F_FW | F_OOO, slot, SL_NONE, src, "kernel: [%5U.%06u] %s%s%s", up_s, up_frac, prefix, hdr, tail);
}

static void pick_proto(struct gen *g, int *proto, unsigned *port)
{
    unsigned k = rb(&g->r, 100);
    if (k < 80)
        *proto = 0, *port = PICK(&g->r, tcp_attack_ports);
    else if (k < 94)
        *proto = 1, *port = PICK(&g->r, udp_attack_ports);
    else
        *proto = 2, *port = 0;
    if (*proto == 0 && rb(&g->r, 8) == 0)
        *port = rr(&g->r, 1, 65535);
}

/* Inbound deny from outside: attacks_blocked (firewall) + source. */
static void sc_nf_attack(struct gen *g, int64_t t)
{
    struct rng *r = &g->r;
    struct gaddr sa, da;
    int proto;
    unsigned port;
    attacker(g, &sa, 1);
    pick_proto(g, &proto, &port);
    if (sa.fam == 6)
        our_v6(&da, rr(r, 1, 40));
    else if (rb(r, 2))
        a4(&da, 198, 51, 100, 25 + rb(r, 4));
    else
        a4(&da, 10, 20, rr(r, 0, 3), rr(r, 2, 250));
    nf_line(g, t, F_SRC, SL_ATTACK_FW, &sa, PICK(r, nf_block), "eth0", "", sa.fam == 6 ? MAC_IN6 : MAC_IN, &sa, &da, proto, port);
}

/* Allowed connections, inbound to our services or outbound from inside. */
static void sc_nf_allow(struct gen *g, int64_t t)
{
    struct rng *r = &g->r;
    struct gaddr sa, da;
    static const uint16_t in_ports[] = {443, 443, 443, 25, 80, 993, 587, 22};
    static const uint16_t out_ports[] = {443, 443, 443, 80, 53, 123, 993, 22};
    const char *pfx = PICK(r, nf_allow);
    if (rb(r, 10) < 6) {
        if (rb(r, 25) == 0) {
            a6_doc(&sa, rng_next(r));
            our_v6(&da, rr(r, 1, 40));
            nf_line(g, t, 0, SL_CONN_ALLOWED, NULL, pfx, "eth0", "", MAC_IN6, &sa, &da, 0, 443);
            return;
        }
        a4_public(&sa, rng_next(r));
        a4(&da, 10, 20, rr(r, 0, 3), rr(r, 2, 250));
        nf_line(g, t, 0, SL_CONN_ALLOWED, NULL, pfx, "eth0", "eth1", MAC_IN, &sa, &da, 0, PICK(r, in_ports));
    } else {
        a4(&sa, 10, 1, rr(r, 0, 40), rr(r, 2, 250));
        a4_public(&da, rng_next(r));
        unsigned p = PICK(r, out_ports);
        nf_line(g, t, 0, SL_CONN_ALLOWED, NULL, pfx, "eth1", "eth0", MAC_LAN, &sa, &da, (p == 53 || p == 123) ? 1 : 0, p);
    }
}

/* Lines that count nothing: denies of our own traffic (outbound or
 * internal), UFW AUDIT, prefix-less LOG lines. */
static void sc_nf_other(struct gen *g, int64_t t)
{
    struct rng *r = &g->r;
    struct gaddr sa, da;
    unsigned v = rb(r, 100);
    static const uint16_t bad_out[] = {25, 6667, 23, 445, 1900, 4444, 3389};
    if (v < 40) { /* outbound deny: SRC inside */
        unsigned n = rb(r, 3);
        if (n == 0)
            a4(&sa, 10, 1, rr(r, 0, 40), rr(r, 2, 250));
        else if (n == 1)
            a4(&sa, 192, 168, rr(r, 0, 9), rr(r, 2, 250));
        else
            a4(&sa, 172, rr(r, 16, 31), rr(r, 0, 255), rr(r, 2, 250));
        a4_public(&da, rng_next(r));
        unsigned p = PICK(r, bad_out);
        if (rb(r, 2))
            nf_line(g, t, 0, SL_NONE, NULL, PICK(r, nf_block), "eth1", "eth0", MAC_LAN, &sa, &da, p == 1900 ? 1 : 0, p);
        else
            nf_line(g, t, 0, SL_NONE, NULL, PICK(r, nf_block), "", "eth0", "", &sa, &da, p == 1900 ? 1 : 0, p);
    } else if (v < 55) { /* internal to internal */
        a4(&sa, 192, 168, rr(r, 0, 9), rr(r, 2, 250));
        a4(&da, 10, 20, rr(r, 0, 3), rr(r, 2, 250));
        nf_line(g, t, 0, SL_NONE, NULL, PICK(r, nf_block), "eth1", "eth2", MAC_LAN, &sa, &da, 0, PICK(r, tcp_attack_ports));
    } else if (v < 85) { /* audit */
        a4_public(&sa, rng_next(r));
        a4(&da, 198, 51, 100, 25);
        nf_line(g, t, 0, SL_NONE, NULL, "[UFW AUDIT] ", "eth0", "", MAC_IN, &sa, &da, rb(r, 4) ? 0 : 1, rb(r, 2) ? 443 : 53);
    } else { /* no prefix at all */
        a4_public(&sa, rng_next(r));
        a4(&da, 198, 51, 100, 26);
        nf_line(g, t, 0, SL_NONE, NULL, "", "eth0", "", MAC_IN, &sa, &da, 0, 443);
    }
}

/* ------------------------------------------------------------------ */
/* Rhythm: per-class shapes over the local day and week, a day-to-day
 * wobble and, for attacks, occasional burst hours. */

enum shape { SH_BUSINESS = 0, SH_FLAT, SH_ATTACK, SH_COUNT };

static double shape_raw(int sh, double h, int wday)
{
    int weekend = wday == 0 || wday == 6;
    switch (sh) {
    case SH_BUSINESS: {
        double v = 0.10 + 1.0 * exp(-pow((h - 10.5) / 2.6, 2)) + 0.85 * exp(-pow((h - 15.0) / 2.4, 2)) + 0.15 * exp(-pow((h - 20.5) / 2.0, 2));
        return weekend ? v * 0.3 : v;
    }
    case SH_FLAT:
        return (0.75 + 0.4 * exp(-pow((h - 14.0) / 5.0, 2))) * (weekend ? 0.92 : 1.0);
    default:
        return 0.85 + 0.25 * exp(-pow((h - 3.0) / 4.0, 2)) + 0.15 * exp(-pow((h - 20.0) / 3.0, 2));
    }
}

static double shape_mean[SH_COUNT];

static void shapes_init(void)
{
    for (int sh = 0; sh < SH_COUNT; sh++) {
        double sum = 0;
        for (int m = 0; m < 7 * 1440; m++)
            sum += shape_raw(sh, (m % 1440) / 60.0, m / 1440);
        shape_mean[sh] = sum / (7 * 1440);
    }
}

struct cls {
    int kind;                          /* KIND_POSTFIX or KIND_NETFILTER */
    int shape;                         /* enum shape */
    double share;                      /* of the kind's events */
    double lpe;                        /* lines per event (measured), for --lines */
    void (*fn)(struct gen *, int64_t); /* the scenario */
};

static const struct cls classes[] = {
    {KIND_POSTFIX, SH_BUSINESS, 0.33, 16.75, sc_inbound},
    {KIND_POSTFIX, SH_FLAT, 0.42, 5.24, sc_rejecting},
    {KIND_POSTFIX, SH_BUSINESS, 0.25, 13.9, sc_outbound},
    {KIND_NETFILTER, SH_ATTACK, 0.62, 1.0, sc_nf_attack},
    {KIND_NETFILTER, SH_BUSINESS, 0.28, 1.0, sc_nf_allow},
    {KIND_NETFILTER, SH_BUSINESS, 0.10, 1.0, sc_nf_other},
};
#define N_CLASSES TT_ARRAY_LEN(classes)

static double hash_gauss(uint64_t seed, uint64_t k)
{
    uint64_t a = mix64(seed ^ k), b = mix64(a);
    double u = ((a >> 11) + 1) * 0x1.0p-53, v = (b >> 11) * 0x1.0p-53;
    return sqrt(-2.0 * log(u)) * cos(2 * M_PI * v);
}

/* Expected events of class c in UTC minute m (rate 1 per minute, scaled). */
static double lambda(struct gen *g, size_t c, int64_t m)
{
    int64_t s = m * 60;
    int32_t off = off_at(g, s);
    int64_t wall = s + off;
    int64_t day = floordiv(wall, 86400);
    double h = (double)(wall - day * 86400) / 3600.0;
    int wday = (int)((day % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
    const struct cls *k = &classes[c];
    double v = shape_raw(k->shape, h, wday) / shape_mean[k->shape];
    v *= exp(0.12 * hash_gauss(g->seed, (uint64_t)day * 16 + (uint64_t)k->kind));
    if (k->shape == SH_ATTACK) {
        uint64_t hb = mix64(g->seed ^ 0xB0B0 ^ (uint64_t)floordiv(s, 3600));
        if ((hb & 1023) < 30)
            v *= 2.5 + (double)((hb >> 10) & 7);
    }
    return v * k->share;
}

/* ------------------------------------------------------------------ */
/* Truth file. */

static int write_truth(struct gen *g, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    for (size_t i = 0; i < g->nmin; i++) {
        const uint32_t *row = &g->truth[i * SL_COUNT];
        long long minute = (long long)((g->min0 + (int64_t)i) * 60);
        for (unsigned sl_i = 0; sl_i < SL_COUNT; sl_i++)
            if (row[sl_i])
                fprintf(f, "%lld %s %s %u\n", minute, tt_metric_name(slot_def[sl_i].metric),
                        slot_def[sl_i].reason ? tt_reason_name(slot_def[sl_i].reason) : "-", row[sl_i]);
    }
    for (unsigned sl_i = 0; sl_i < SL_COUNT; sl_i++)
        if (g->undated[sl_i])
            fprintf(f, "- %s %s %llu\n", tt_metric_name(slot_def[sl_i].metric),
                    slot_def[sl_i].reason ? tt_reason_name(slot_def[sl_i].reason) : "-", (unsigned long long)g->undated[sl_i]);
    if (fclose(f) != 0)
        return -1;
    char spath[4096];
    if (snprintf(spath, sizeof(spath), "%s.sources", path) >= (int)sizeof(spath))
        return -1;
    f = fopen(spath, "w");
    if (!f)
        return -1;
    char buf[64];
    for (size_t i = 0; g->sources.tab && i <= g->sources.mask; i++) {
        if (!(g->sources.tab[i].lo | g->sources.tab[i].hi))
            continue;
        struct gaddr a;
        srckey_addr(g->sources.tab[i], &a);
        char *e = put_addr(buf, &a, 0);
        *e++ = '\n';
        fwrite(buf, 1, (size_t)(e - buf), f);
    }
    return fclose(f) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Command line. */

static const char usage_text[] =
    "NAME\n"
    "    ttgen - generate realistic Postfix/amavis and netfilter syslog with exact truth\n"
    "\n"
    "SYNOPSIS\n"
    "    ttgen --from ISO --to ISO [--kind postfix|netfilter|mixed] [--rate N | --lines N]\n"
    "          [--tz ZONE] [--seed S] [--host NAME] [--out FILE] [--truth FILE]\n"
    "          [--junk-permille N] [--ooo-permille N] [--noise-permille N] [--iso-stamps]\n"
    "\n"
    "DESCRIPTION\n"
    "    Writes syslog lines for the UTC interval [--from, --to), in time order, and\n"
    "    optionally the exact figures a correct threattally collector must count from\n"
    "    them (SPEC section 2), per UTC minute. Output is deterministic for a given\n"
    "    set of arguments. The home net is fixed: 10.0.0.0/8, 172.16.0.0/12,\n"
    "    192.168.0.0/16 (internal hosts are 10.x; 172.16/12 and 192.168/16 appear as\n"
    "    internal sources of firewall denies that must not count).\n"
    "\n"
    "OPTIONS\n"
    "    --kind K            postfix (Postfix 3.x + amavisd-new), netfilter (kernel LOG\n"
    "                        lines: UFW and iptables prefixes, IPv4 and IPv6), or mixed\n"
    "                        (both in one stream). Default postfix.\n"
    "    --from ISO, --to ISO\n"
    "                        UTC instants, e.g. 2018-02-01T00:00:00Z (an offset or a\n"
    "                        bare date, meaning UTC midnight, is accepted). Required.\n"
    "    --tz ZONE           zone the stamps are written in (tz database name).\n"
    "                        Default UTC. RFC 3164 stamps carry no year; give the\n"
    "                        collector --year. The autumn repeated hour is written\n"
    "                        twice in order; the spring gap never appears.\n"
    "    --rate N            mean events per minute per kind (an SMTP session or\n"
    "                        message for postfix, a log line for netfilter), shaped by\n"
    "                        a daily and weekly rhythm in ZONE. Default 10.\n"
    "    --lines N           instead of --rate: aim at about N lines in total.\n"
    "    --seed S            random seed (unsigned 64-bit). Default 1.\n"
    "    --host NAME         syslog host name of every line. Default mx1 for postfix\n"
    "                        lines and fw1 for netfilter lines.\n"
    "    --out FILE          output file. Default standard output.\n"
    "    --truth FILE        write the truth to FILE and the distinct attack source\n"
    "                        addresses to FILE.sources (one per line, RFC 5952).\n"
    "    --junk-permille N   before a line, with probability N/1000, a junk line with\n"
    "                        no timestamp: binary (NUL and C0 controls, ASCII only),\n"
    "                        invalid UTF-8 (0xFF/0xFE/stray continuation bytes),\n"
    "                        empty, over-long (66000..98303 printable bytes), or a\n"
    "                        line cut inside its timestamp (no_parser). Default 0.\n"
    "    --ooo-permille N    with probability N/1000 a line is written 2 s to 2 min\n"
    "                        earlier than its place (never before --from, never into\n"
    "                        the previous local month, never within 3 h of a clock\n"
    "                        change, never a Postfix reject). Default 0.\n"
    "    --noise-permille N  with probability N/1000 a dated line of another program\n"
    "                        (CRON, sshd, systemd, dovecot, rsyslogd) that no parser\n"
    "                        knows: counted lines_unparsed/no_parser at its minute.\n"
    "                        Default 0.\n"
    "    --iso-stamps        write RFC 3339 stamps with microseconds and the zone's\n"
    "                        offset (\"2018-02-01T00:00:01.123456+00:00 host ...\")\n"
    "                        instead of RFC 3164 (\"Feb  1 00:00:01 host ...\").\n"
    "    --help, --version\n"
    "\n"
    "TRUTH FILE\n"
    "    One line per UTC minute, metric and reason with a nonzero count, sorted by\n"
    "    minute:  <minute epoch seconds> <metric> <reason|-> <count>\n"
    "    Metrics: emails_blocked (spam malware phishing policy reputation),\n"
    "    emails_delivered, emails_sent, emails_sent_tls, attacks_blocked (firewall),\n"
    "    connections_allowed, lines_total, lines_unparsed (no_parser binary\n"
    "    invalid_utf8 too_long empty). Lines without a timestamp (junk) are bucketed\n"
    "    by a collector at arrival time, so their counts come last with minute \"-\".\n"
    "    tests/integration/truth_sum.sh sums a metric over a window.\n"
    "\n"
    "    At the end a one-line JSON summary goes to standard error.\n"
    "\n"
    "EXAMPLES\n"
    "    ttgen --kind postfix --from 2018-02-01T00:00:00Z --to 2018-03-01T00:00:00Z \\\n"
    "          --tz Europe/London --rate 40 --seed 7 --out mail.log --truth mail.truth\n"
    "    ttgen --kind mixed --from 2018-10-27T00:00:00Z --to 2018-10-29T00:00:00Z \\\n"
    "          --tz Europe/London --lines 50000 --junk-permille 5 --ooo-permille 10 \\\n"
    "          --out t.log --truth t.truth\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success, 1 runtime error, 2 usage error.\n";

static void usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "ttgen: %s%s%s (try --help)\n", msg, arg ? ": " : "", arg ? arg : "");
    exit(2);
}

static unsigned long long num_arg(const char *s, const char *opt, unsigned long long max)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v > max)
        usage_error("bad number for", opt);
    return v;
}

static int zone_exists(const char *tz)
{
    if (strcmp(tz, "UTC") == 0 || strcmp(tz, "GMT") == 0)
        return 1;
    if (tz[0] == '/' || strstr(tz, ".."))
        return 0;
    const char *dir = getenv("TZDIR");
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int main(int argc, char **argv)
{
    /* Vendor formats (--kind fortigate, or a comma list) live in vgen.c. */
    for (int i = 1; i < argc; i++) {
        const char *k = strncmp(argv[i], "--kind=", 7) == 0 ? argv[i] + 7
                        : strcmp(argv[i], "--kind") == 0 && i + 1 < argc ? argv[i + 1] : NULL;
        if (k && strcmp(k, "postfix") && strcmp(k, "netfilter") && strcmp(k, "mixed"))
            return vgen_main(argc, argv);
    }
    static struct gen gen;
    struct gen *g = &gen;
    const char *from = NULL, *to = NULL, *out_path = NULL, *truth_path = NULL, *host = NULL;
    g->kind = KIND_POSTFIX;
    g->tz = "UTC";
    g->rate = 10;
    g->seed = 1;
    enum { O_KIND = 256, O_FROM, O_TO, O_TZ, O_RATE, O_LINES, O_SEED, O_HOST, O_OUT, O_TRUTH, O_JUNK, O_OOO, O_NOISE, O_ISO, O_HELP, O_VERSION };
    static const struct option opts[] = {
        {"kind", required_argument, NULL, O_KIND},   {"from", required_argument, NULL, O_FROM},
        {"to", required_argument, NULL, O_TO},       {"tz", required_argument, NULL, O_TZ},
        {"rate", required_argument, NULL, O_RATE},   {"lines", required_argument, NULL, O_LINES},
        {"seed", required_argument, NULL, O_SEED},   {"host", required_argument, NULL, O_HOST},
        {"out", required_argument, NULL, O_OUT},     {"truth", required_argument, NULL, O_TRUTH},
        {"junk-permille", required_argument, NULL, O_JUNK},
        {"ooo-permille", required_argument, NULL, O_OOO},
        {"noise-permille", required_argument, NULL, O_NOISE},
        {"iso-stamps", no_argument, NULL, O_ISO},     {"help", no_argument, NULL, O_HELP},
        {"version", no_argument, NULL, O_VERSION},    {NULL, 0, NULL, 0},
    };
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case O_KIND:
            if (strcmp(optarg, "postfix") == 0)
                g->kind = KIND_POSTFIX;
            else if (strcmp(optarg, "netfilter") == 0)
                g->kind = KIND_NETFILTER;
            else if (strcmp(optarg, "mixed") == 0)
                g->kind = KIND_MIXED;
            else
                usage_error("unknown --kind (postfix, netfilter or mixed)", optarg);
            break;
        case O_FROM: from = optarg; break;
        case O_TO: to = optarg; break;
        case O_TZ: g->tz = optarg; break;
        case O_RATE: {
            char *end;
            g->rate = strtod(optarg, &end);
            if (end == optarg || *end || !(g->rate > 0) || g->rate > 1e7)
                usage_error("bad number for", "--rate");
            break;
        }
        case O_LINES: g->want_lines = num_arg(optarg, "--lines", 1ULL << 40); break;
        case O_SEED: g->seed = num_arg(optarg, "--seed", ~0ULL); break;
        case O_HOST: host = optarg; break;
        case O_OUT: out_path = optarg; break;
        case O_TRUTH: truth_path = optarg; break;
        case O_JUNK: g->junk_pm = (unsigned)num_arg(optarg, "--junk-permille", 1000); break;
        case O_OOO: g->ooo_pm = (unsigned)num_arg(optarg, "--ooo-permille", 1000); break;
        case O_NOISE: g->noise_pm = (unsigned)num_arg(optarg, "--noise-permille", 1000); break;
        case O_ISO: g->iso = 1; break;
        case O_HELP:
            fputs(usage_text, stdout);
            printf("\nVENDOR FORMATS\n"
                   "    --kind NAME[,NAME...] with one of these writes that vendor's lines\n"
                   "    instead (--from, --to, --rate, --lines, --tz, --seed, --host, --out,\n"
                   "    --truth apply; home addresses are in 10.0.0.0/8 and 2001:db8:10::/48):\n");
            vgen_list();
            return 0;
        case O_VERSION: printf("ttgen (threattally) %s\n", TT_VERSION); return 0;
        default:
            usage_error("unknown option or missing argument", argv[optind - 1]);
        }
    }
    if (optind < argc)
        usage_error("unexpected argument", argv[optind]);
    if (!from || !to)
        usage_error("--from and --to are required", NULL);
    int64_t fs, ts;
    if (parse_instant(from, &fs) != 0)
        usage_error("bad --from (want e.g. 2018-02-01T00:00:00Z)", from);
    if (parse_instant(to, &ts) != 0)
        usage_error("bad --to (want e.g. 2018-03-01T00:00:00Z)", to);
    if (ts <= fs)
        usage_error("--to must be after --from", NULL);
    if (ts - fs > 400LL * 86400)
        usage_error("the interval is limited to 400 days", NULL);
    if (!zone_exists(g->tz))
        usage_error("unknown --tz zone", g->tz);
    if (host && (!*host || strpbrk(host, " \t\n")))
        usage_error("bad --host", host);
    g->host_mail = host ? host : "mx1";
    g->host_fw = host ? host : "fw1";
    setenv("TZ", g->tz, 1);
    tzset();
    g->from_us = fs * 1000000;
    g->to_us = ts * 1000000;
    g->lc_min = INT64_MIN;
    g->last_out_tls_relay = -1;
    g->lw_min = INT64_MIN;

    rng_seed(&g->r, g->seed);
    init_world();
    shapes_init();
    g->next_pid = 1000 + rb(&g->r, 20000);
    g->qid_ctr = mix64(g->seed) & 0xFFFFFF;
    g->qmgr_pid = new_pid(g), g->postscreen_pid = new_pid(g), g->anvil_pid = new_pid(g);
    pool_init(g, &g->cleanup, 4), pool_init(g, &g->amavis, 8), pool_init(g, &g->local, 3);
    pool_init(g, &g->virt, 2), pool_init(g, &g->lmtp, 4), pool_init(g, &g->pipe, 2), pool_init(g, &g->feed, 3);
    g->boot_s = fs - (int64_t)rr(&g->r, 3 * 86400, 40 * 86400);

    g->min0 = floordiv(fs, 60);
    g->nmin = (size_t)(floordiv(ts - 1, 60) - g->min0 + 1);
    g->truth = calloc(g->nmin * SL_COUNT, sizeof(*g->truth));
    g->ob = malloc(OUTBUF_BYTES);
    g->longjunk = malloc(LONG_JUNK_BYTES);
    if (!g->truth || !g->ob || !g->longjunk)
        die("out of memory");
    for (size_t i = 0; i < LONG_JUNK_BYTES; i++) /* words of letters, digits and spaces */
        g->longjunk[i] = rb(&g->r, 7) == 0 ? ' ' : "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789=/+"[rb(&g->r, 64)];

    /* Per-kind scale: --rate, or solved from --lines. */
    double scale[3] = {0, g->rate, g->rate};
    if (g->want_lines) { /* expected lines = fixed (anvil) + rate * per_rate */
        double per_rate = 0, fixed = (g->kind & KIND_POSTFIX) ? 0.3 * (double)g->nmin : 0;
        for (int64_t m = g->min0; m < g->min0 + (int64_t)g->nmin; m++)
            for (size_t c2 = 0; c2 < N_CLASSES; c2++)
                if (g->kind & classes[c2].kind)
                    per_rate += lambda(g, c2, m) * classes[c2].lpe;
        double f = 1.0 + (g->junk_pm + g->noise_pm) / 1000.0;
        double want = (double)g->want_lines / f - fixed;
        double rate = per_rate > 0 && want > 0 ? want / per_rate : 0.001;
        scale[1] = scale[2] = rate;
    }

    if (out_path) {
        g->out = fopen(out_path, "w");
        if (!g->out) {
            fprintf(stderr, "ttgen: %s: %s\n", out_path, strerror(errno));
            return 1;
        }
    } else {
        g->out = stdout;
    }

    struct timespec t_start, t_end;
    clock_gettime(CLOCK_MONOTONIC, &t_start);
    for (int64_t m = g->min0; m < g->min0 + (int64_t)g->nmin; m++) {
        int64_t m_us = m * 60000000;
        for (size_t c2 = 0; c2 < N_CLASSES; c2++) {
            if (!(g->kind & classes[c2].kind))
                continue;
            double lam = lambda(g, c2, m) * scale[classes[c2].kind == KIND_POSTFIX ? 1 : 2];
            uint32_t n = rpoisson(&g->r, lam);
            for (uint32_t i = 0; i < n; i++) {
                int64_t t = m_us + rb(&g->r, 60000000);
                if (t >= g->from_us)
                    classes[c2].fn(g, t);
            }
        }
        if ((g->kind & KIND_POSTFIX) && m % 10 == 0)
            sc_anvil(g, m_us);
        drain(g, m_us + 60000000);
    }
    drain(g, INT64_MAX);
    flush_out(g);
    if (g->out != stdout ? fclose(g->out) != 0 : fflush(stdout) != 0) {
        fprintf(stderr, "ttgen: write error: %s\n", strerror(errno));
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t_end);
    if (truth_path && write_truth(g, truth_path) != 0) {
        fprintf(stderr, "ttgen: %s: %s\n", truth_path, strerror(errno));
        return 1;
    }
    double secs = (double)(t_end.tv_sec - t_start.tv_sec) + (double)(t_end.tv_nsec - t_start.tv_nsec) / 1e9;
    uint64_t *T = g->total;
    fprintf(stderr,
            "{\"lines\":%llu,\"bytes\":%llu,\"seconds\":%.3f,\"lines_per_second\":%.0f,"
            "\"emails_blocked\":%llu,\"emails_blocked_by\":{\"spam\":%llu,\"malware\":%llu,\"phishing\":%llu,\"policy\":%llu,\"reputation\":%llu},"
            "\"emails_delivered\":%llu,\"emails_sent\":%llu,\"emails_sent_tls\":%llu,"
            "\"attacks_blocked\":%llu,\"attack_sources\":%llu,\"connections_allowed\":%llu,"
            "\"lines_total\":%llu,\"lines_unparsed\":%llu,\"lines_unparsed_by\":{\"no_parser\":%llu,\"binary\":%llu,\"invalid_utf8\":%llu,\"too_long\":%llu,\"empty\":%llu},"
            "\"lines_undated\":%llu,\"junk\":%llu,\"noise\":%llu,\"out_of_order\":%llu}\n",
            (unsigned long long)g->lines, (unsigned long long)g->bytes, secs, secs > 0 ? g->lines / secs : 0.0,
            (unsigned long long)(T[SL_BLK_SPAM] + T[SL_BLK_MALWARE] + T[SL_BLK_PHISHING] + T[SL_BLK_POLICY] + T[SL_BLK_REPUTATION]),
            (unsigned long long)T[SL_BLK_SPAM], (unsigned long long)T[SL_BLK_MALWARE], (unsigned long long)T[SL_BLK_PHISHING],
            (unsigned long long)T[SL_BLK_POLICY], (unsigned long long)T[SL_BLK_REPUTATION],
            (unsigned long long)T[SL_DELIVERED], (unsigned long long)T[SL_SENT], (unsigned long long)T[SL_SENT_TLS],
            (unsigned long long)T[SL_ATTACK_FW], (unsigned long long)g->sources.n, (unsigned long long)T[SL_CONN_ALLOWED],
            (unsigned long long)T[SL_LINES_TOTAL],
            (unsigned long long)(T[SL_UNP_NO_PARSER] + T[SL_UNP_BINARY] + T[SL_UNP_INVALID_UTF8] + T[SL_UNP_TOO_LONG] + T[SL_UNP_EMPTY]),
            (unsigned long long)T[SL_UNP_NO_PARSER], (unsigned long long)T[SL_UNP_BINARY], (unsigned long long)T[SL_UNP_INVALID_UTF8],
            (unsigned long long)T[SL_UNP_TOO_LONG], (unsigned long long)T[SL_UNP_EMPTY],
            (unsigned long long)g->undated[SL_LINES_TOTAL], (unsigned long long)g->junk, (unsigned long long)g->noise,
            (unsigned long long)g->ooo);
    free(g->truth);
    free(g->ob);
    free(g->longjunk);
    free(g->heap);
    free(g->sources.tab);
    return 0;
}
