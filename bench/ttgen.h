/* SPDX-License-Identifier: MIT
 *
 * ttgen.h -- the parts of bench/ttgen shared by its files: the random
 * stream, addresses, truth slots, the generator state and the functions
 * one file calls in another, all prefixed tg_. The files form layers,
 * each calling only those below it: ttgen.c, the engine (output, truth,
 * command line); ttgen_postfix.c and ttgen_netfilter.c, the scenarios;
 * ttgen_sched.c, the zone, stamps and the heap of scheduled lines;
 * ttgen_text.c, the text helpers (addresses, formatting, the
 * distinct-source set).
 */
#ifndef TT_TTGEN_H
#define TT_TTGEN_H

#include "common/event.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------------ */
/* Randomness: one xoshiro256** stream, plus stateless hashes of the seed for
 * things that must not depend on call order (address pools, day factors). */

struct rng {
    uint64_t s[4]; /* xoshiro256** state */
};

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

static inline void rng_seed(struct rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = tt_mix64(seed + (uint64_t)i * 0x632BE59BD9B4E019ULL);
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

static inline double rgauss(struct rng *r)
{
    double u = runit(r), v = runit(r);
    return sqrt(-2.0 * log(u + 1e-300)) * cos(2 * M_PI * v);
}

static inline uint32_t rpoisson(struct rng *r, double lam)
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
    int64_t last_minute;      /* UTC minute of the last dated line written (out of order or not), INT64_MIN none */
};

/* A session: a clock that only moves forward. */
struct sess {
    struct gen *g; /* generator */
    int64_t t;     /* current time, us */
};

extern const char tg_hexu[]; /* upper-case hex digits */

/* ttgen_text.c */
void tg_a4(struct gaddr *a, unsigned x, unsigned y, unsigned z, unsigned w);
void tg_a6_doc(struct gaddr *a, uint64_t h);
void tg_a4_public(struct gaddr *a, uint64_t h);
char *tg_put_s(char *d, const char *s);
char *tg_put_uw(char *d, unsigned long long v, int w, char pad);
char *tg_put_hex(char *d, unsigned long long v, int w, const char *digits);
char *tg_put_addr(char *d, const struct gaddr *a, int expanded);
char *tg_vfmt(char *d, const char *f, va_list ap);
char *tg_sf(char *buf, const char *fmt, ...);
void *tg_xrealloc(void *p, size_t n);
void tg_srckey_addr(struct srckey k, struct gaddr *a);
void tg_srcset_add(struct srcset *s, const struct gaddr *a);
void tg_die(const char *msg);

/* ttgen_sched.c: calendar, zone, stamps and the schedule of lines */
int64_t tg_days_from_civil(int64_t y, unsigned m, unsigned d);
void tg_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);
int64_t tg_floordiv(int64_t a, int64_t b);
int32_t tg_zone_off(int64_t utc_s);
int32_t tg_off_at(struct gen *g, int64_t utc_s);
void tg_wall_fields(int64_t wall, int *y, unsigned *mo, unsigned *d, unsigned *h, unsigned *mi, unsigned *s);
char *tg_put_stamp(struct gen *g, char *d, int64_t t_us);
void tg_line(struct gen *g, int64_t t_us, unsigned flags, unsigned s1, unsigned s2, const struct gaddr *src,
             const char *fmt, ...);
void tg_adv(struct sess *s, unsigned lo_ms, unsigned hi_ms);
void tg_sl(struct sess *s, unsigned flags, unsigned slot, const char *fmt, ...);
struct pend *tg_heap_pop(struct gen *g);

/* ttgen_postfix.c */
void tg_init_world(void);
unsigned tg_new_pid(struct gen *g);
void tg_pool_init(struct gen *g, struct pool *p, unsigned n);
void tg_attacker(struct gen *g, struct gaddr *a, int allow_v6);
void tg_sc_inbound(struct gen *g, int64_t t0);
void tg_sc_rejecting(struct gen *g, int64_t t0);
void tg_sc_outbound(struct gen *g, int64_t t0);
void tg_sc_anvil(struct gen *g, int64_t t0);

/* ttgen_netfilter.c */
void tg_sc_nf_attack(struct gen *g, int64_t t);
void tg_sc_nf_allow(struct gen *g, int64_t t);
void tg_sc_nf_other(struct gen *g, int64_t t);

#endif
