/* SPDX-License-Identifier: MIT
 *
 * vgen.c -- driver of the vendor-format generators (see vgen.h): options,
 * the event schedule (Poisson per minute with a day/night shape, events of
 * all chosen formats merged in time order), buffered output, and the truth
 * table by minute and metric[:reason].
 */
#include "bench/vgen.h"
#include "common/tt.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VG_MAX_FORMATS 64   /* formats in one --kind list */
#define VG_MAX_SLOTS 96     /* distinct metric[:reason] names */
#define VG_OUTBUF (4u << 20)
#define VG_LINE_MAX 8192
#define VG_POOL 20000       /* distinct attackers */

struct vgen {
    /* options */
    const struct vgen_format *fmt[VG_MAX_FORMATS]; /* --kind list */
    unsigned nfmt;                                 /* entries in fmt */
    int64_t from_s, to_s;                          /* [from, to) UTC */
    double rate;                                   /* mean events per minute per format */
    uint64_t max_lines;                            /* --lines, 0 = no limit */
    const char *tz;                                /* --tz */
    const char *host;                              /* --host or NULL */
    unsigned junk_pm;                              /* --junk-permille */
    /* state */
    uint64_t s[4];                                 /* xoshiro256** state */
    int64_t wall_s;                                /* second cached in wall */
    struct vg_wall wall;                           /* its local time */
    /* output */
    FILE *out;                                     /* destination */
    char *ob;                                      /* output buffer */
    size_t on;                                     /* bytes in ob */
    uint64_t lines, bytes;                         /* written */
    int64_t last_us;                               /* time of the last dated line written */
    int dated;                                     /* a dated line was written */
    uint64_t junk;                                 /* junk lines written */
    /* truth */
    char *slot_name[VG_MAX_SLOTS];                 /* "metric reason|-" */
    unsigned nslot;                                /* used slots */
    int64_t min0;                                  /* first minute */
    size_t nmin;                                   /* minutes covered */
    uint32_t *truth;                               /* [nmin][VG_MAX_SLOTS] */
    uint64_t undated[VG_MAX_SLOTS];                /* lines before the first dated one */
    uint64_t *src_tab;                             /* hash set of source hashes */
    size_t src_cap, src_n;                         /* its capacity (power of 2), fill */
    FILE *src_out;                                 /* TRUTH.sources */
};

/* ------------------------------------------------------------------ */
/* Randomness (xoshiro256**, seeded by splitmix64). */

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = tt_mix64(*x); /* adds the increment itself */
    *x += 0x9E3779B97F4A7C15ULL;
    return z;
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t next64(struct vgen *g)
{
    uint64_t *s = g->s, r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t, s[3] = rotl(s[3], 45);
    return r;
}

uint32_t vg_rand(struct vgen *g, uint32_t n)
{
    return n ? (uint32_t)(((next64(g) >> 32) * (uint64_t)n) >> 32) : 0;
}

int vg_chance(struct vgen *g, unsigned permille)
{
    return vg_rand(g, 1000) < permille;
}

const char *vg_pick(struct vgen *g, const char *const *list, unsigned n)
{
    return list[vg_rand(g, n)];
}

static double unit(struct vgen *g)
{
    return ((next64(g) >> 11) + 1) * 0x1.0p-53;
}

static uint32_t poisson(struct vgen *g, double lam)
{
    if (lam > 50) {
        double v = lam + sqrt(lam) * sqrt(-2.0 * log(unit(g))) * cos(2 * M_PI * unit(g));
        return v < 0 ? 0 : (uint32_t)(v + 0.5);
    }
    double l = exp(-lam), p = 1.0;
    uint32_t k = 0;
    do {
        k++;
        p *= unit(g);
    } while (p > l);
    return k - 1;
}

/* ------------------------------------------------------------------ */
/* Addresses. */

static const unsigned char public_a[] = {23, 31, 37, 45, 46, 62, 77, 80, 85, 91, 92, 103, 109, 112,
                                         141, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217};

static char *ip_of_index(uint64_t h, char *out, int v6)
{
    uint64_t x = h;
    uint64_t r = splitmix(&x);
    if (v6)
        sprintf(out, "2a0%u:%x:%x::%x", (unsigned)(r % 9) + 1, (unsigned)(r >> 8) & 0xffff,
                (unsigned)(r >> 24) & 0xffff, (unsigned)(r >> 40) & 0xffff);
    else
        sprintf(out, "%u.%u.%u.%u", public_a[r % sizeof(public_a)], (unsigned)(r >> 8) & 255,
                (unsigned)(r >> 16) & 255, 1 + (unsigned)((r >> 24) % 254));
    return out;
}

char *vg_attacker_ip(struct vgen *g, char *out, int allow_v6)
{
    /* Zipf-like reuse: a few sources are very busy. */
    uint32_t i = (uint32_t)(VG_POOL * pow(unit(g), 2.5));
    return ip_of_index(i, out, allow_v6 && i % 10 == 3);
}

char *vg_public_ip(struct vgen *g, char *out)
{
    return ip_of_index(1000000 + vg_rand(g, 5000), out, 0);
}

char *vg_home_ip(struct vgen *g, char *out)
{
    if (vg_rand(g, 20) == 0)
        sprintf(out, "2001:db8:10::%x", 1 + vg_rand(g, 0xfff));
    else
        sprintf(out, "10.0.%u.%u", vg_rand(g, 8), 1 + vg_rand(g, 254));
    return out;
}

/* ------------------------------------------------------------------ */
/* Time. */

void vg_local(struct vgen *g, int64_t t_s, struct vg_wall *out)
{
    if (t_s != g->wall_s) {
        time_t tt = (time_t)t_s;
        struct tm tm;
        localtime_r(&tt, &tm);
        g->wall = (struct vg_wall){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                                   tm.tm_sec, (int32_t)tm.tm_gmtoff};
        g->wall_s = t_s;
    }
    *out = g->wall;
}

const char *vg_zone(struct vgen *g)
{
    return g->tz;
}

const char *vg_host(struct vgen *g, const char *deflt)
{
    return g->host ? g->host : deflt;
}

static int64_t floordiv(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

char *vg_stamp3164(struct vgen *g, int64_t t_us, char *out)
{
    static const char mon[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct vg_wall w;
    vg_local(g, floordiv(t_us, 1000000), &w);
    sprintf(out, "%s %2d %02d:%02d:%02d", mon[w.mon - 1], w.mday, w.hour, w.min, w.sec);
    return out;
}

char *vg_stamp_iso(struct vgen *g, int64_t t_us, char *out)
{
    struct vg_wall w;
    vg_local(g, floordiv(t_us, 1000000), &w);
    int32_t o = w.off_s < 0 ? -w.off_s : w.off_s;
    sprintf(out, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", w.year, w.mon, w.mday, w.hour, w.min, w.sec,
            (int)(floordiv(t_us, 1000) - floordiv(t_us, 1000000) * 1000), w.off_s < 0 ? '-' : '+', o / 3600,
            o % 3600 / 60);
    return out;
}

/* ------------------------------------------------------------------ */
/* Output and truth. */

static void die(const char *what, const char *arg)
{
    fprintf(stderr, "ttgen: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
    exit(2);
}

static void flush_out(struct vgen *g)
{
    if (g->on && fwrite(g->ob, 1, g->on, g->out) != g->on)
        die("write error", strerror(errno));
    g->on = 0;
}

static unsigned slot_of(struct vgen *g, const char *metric, const char *reason)
{
    char name[128];
    snprintf(name, sizeof(name), "%s %s", metric, reason && *reason ? reason : "-");
    for (unsigned i = 0; i < g->nslot; i++)
        if (strcmp(g->slot_name[i], name) == 0)
            return i;
    if (g->nslot == VG_MAX_SLOTS)
        die("too many distinct metrics", name);
    g->slot_name[g->nslot] = strdup(name);
    return g->nslot++;
}

void vg_count(struct vgen *g, int64_t t_us, const char *metric, const char *reason)
{
    int64_t m = floordiv(t_us, 60000000);
    if (m < g->min0 || m >= g->min0 + (int64_t)g->nmin)
        die("internal error: count outside the window", metric);
    g->truth[(size_t)(m - g->min0) * VG_MAX_SLOTS + slot_of(g, metric, reason)]++;
}

static void vg_write(struct vgen *g, const char *fmt, va_list ap)
{
    if (g->on + VG_LINE_MAX + 2 > VG_OUTBUF)
        flush_out(g);
    int n = vsnprintf(g->ob + g->on, VG_LINE_MAX, fmt, ap);
    if (n < 0 || n >= VG_LINE_MAX)
        die("internal error: generated line too long", fmt);
    g->on += (size_t)n;
    g->ob[g->on++] = '\n';
    g->lines++;
    g->bytes += (uint64_t)n + 1;
}

void vg_line(struct vgen *g, int64_t t_us, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vg_write(g, fmt, ap);
    va_end(ap);
    g->last_us = t_us;
    g->dated = 1;
    vg_count(g, t_us, "lines_total", NULL);
}

/* Counts a line that carries no time of its own (a junk line, a file's
 * header): at the time of the last dated line before it, or, before the
 * first one, at arrival time (truth minute "-"), as a collector does. */
static void count_untimed(struct vgen *g, const char *metric, const char *reason)
{
    if (g->dated)
        vg_count(g, g->last_us, metric, reason);
    else
        g->undated[slot_of(g, metric, reason)]++;
}

void vg_line_untimed(struct vgen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vg_write(g, fmt, ap);
    va_end(ap);
    count_untimed(g, "lines_total", NULL);
}

/* A line with no timestamp between two events (never inside one: some
 * formats' events span several lines). A collector counts it at the time of
 * the last dated line before it (docs/COUNTING.md#untimed); none is written
 * before the first dated line. Each kind has exactly one unparsed reason. */
static void write_junk(struct vgen *g)
{
    if (g->on + VG_LINE_MAX + 2 > VG_OUTBUF)
        flush_out(g);
    char *d = g->ob + g->on, *d0 = d;
    unsigned k = vg_rand(g, 3);
    const char *reason;
    if (k == 0) { /* binary: a NUL, then C0 controls and ASCII */
        unsigned n = 8 + vg_rand(g, 200);
        *d++ = '\0';
        for (unsigned i = 1; i < n; i++) {
            unsigned c = vg_rand(g, 4) ? 0x20 + vg_rand(g, 0x5f) : vg_rand(g, 0x20);
            *d++ = (char)(c == '\n' || c == '\r' || c == '\t' ? 0 : c);
        }
        reason = "binary";
    } else if (k == 1) { /* invalid UTF-8 in printable text */
        unsigned n = 20 + vg_rand(g, 200);
        *d++ = (char)0xFF;
        for (unsigned i = 1; i < n; i++) {
            unsigned x = vg_rand(g, 16);
            *d++ = (char)(x == 0 ? 0xFE : x == 1 ? 0x80 + vg_rand(g, 0x40) : 0x20 + vg_rand(g, 0x5f));
        }
        reason = "invalid_utf8";
    } else {
        reason = "empty";
    }
    *d++ = '\n';
    g->on += (size_t)(d - d0);
    g->bytes += (uint64_t)(d - d0);
    g->lines++;
    g->junk++;
    count_untimed(g, "lines_total", NULL);
    count_untimed(g, "lines_unparsed", reason);
}

void vg_source(struct vgen *g, const char *ip)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = ip; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    h |= 1;
    if (2 * (g->src_n + 1) > g->src_cap) {
        size_t cap = g->src_cap ? g->src_cap * 2 : 4096;
        uint64_t *tab = calloc(cap, sizeof(*tab));
        if (!tab)
            die("out of memory", NULL);
        for (size_t i = 0; i < g->src_cap; i++)
            if (g->src_tab[i])
                for (size_t j = g->src_tab[i] & (cap - 1);; j = (j + 1) & (cap - 1))
                    if (!tab[j]) {
                        tab[j] = g->src_tab[i];
                        break;
                    }
        free(g->src_tab);
        g->src_tab = tab, g->src_cap = cap;
    }
    for (size_t j = h & (g->src_cap - 1);; j = (j + 1) & (g->src_cap - 1)) {
        if (g->src_tab[j] == h)
            return;
        if (!g->src_tab[j]) {
            g->src_tab[j] = h;
            g->src_n++;
            if (g->src_out)
                fprintf(g->src_out, "%s\n", ip);
            return;
        }
    }
}

static void write_truth(struct vgen *g, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        die("cannot write truth", path);
    for (size_t i = 0; i < g->nmin; i++)
        for (unsigned k = 0; k < g->nslot; k++)
            if (g->truth[i * VG_MAX_SLOTS + k])
                fprintf(f, "%lld %s %u\n", (long long)((g->min0 + (int64_t)i) * 60), g->slot_name[k],
                        g->truth[i * VG_MAX_SLOTS + k]);
    for (unsigned k = 0; k < g->nslot; k++)
        if (g->undated[k])
            fprintf(f, "- %s %llu\n", g->slot_name[k], (unsigned long long)g->undated[k]);
    if (fclose(f) != 0)
        die("cannot write truth", path);
}

/* ------------------------------------------------------------------ */
/* Schedule and options. */

/* Day/night shape in local time, mean ~1 over a day. */
static double shape(struct vgen *g, int64_t t_s)
{
    struct vg_wall w;
    vg_local(g, t_s, &w);
    double h = w.hour + w.min / 60.0;
    return 0.55 + 1.15 * exp(-pow((h - 12.5) / 4.0, 2));
}

struct ev {
    int64_t t_us;                  /* event time */
    const struct vgen_format *fmt; /* its format */
};

static int ev_cmp(const void *a, const void *b)
{
    const struct ev *x = a, *y = b;
    return (x->t_us > y->t_us) - (x->t_us < y->t_us);
}

static int parse_instant(const char *s, int64_t *out)
{
    struct tm tm = {0};
    const char *e = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!e || (*e && strcmp(e, "Z") != 0))
        return -1;
    *out = (int64_t)timegm(&tm);
    return 0;
}

int vgen_main(int argc, char **argv, const struct vgen_format *(*find)(const char *name))
{
    static struct vgen gen;
    struct vgen *g = &gen;
    const char *kinds = NULL, *from = NULL, *to = NULL, *out_path = NULL, *truth_path = NULL;
    uint64_t seed = 1;
    g->rate = 10;
    g->tz = "UTC";
    g->wall_s = INT64_MIN;
    static const struct option opts[] = {
        {"kind", required_argument, NULL, 'k'}, {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},   {"rate", required_argument, NULL, 'r'},
        {"lines", required_argument, NULL, 'l'}, {"tz", required_argument, NULL, 'z'},
        {"seed", required_argument, NULL, 's'}, {"host", required_argument, NULL, 'h'},
        {"out", required_argument, NULL, 'o'},  {"truth", required_argument, NULL, 'T'},
        {"junk-permille", required_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end = NULL;
        switch (c) {
        case 'k': kinds = optarg; break;
        case 'f': from = optarg; break;
        case 't': to = optarg; break;
        case 'r':
            g->rate = strtod(optarg, &end);
            if (*end || !(g->rate > 0) || g->rate > 1e7)
                die("bad --rate", optarg);
            break;
        case 'l': g->max_lines = strtoull(optarg, &end, 10); if (*end) die("bad --lines", optarg); break;
        case 'z': g->tz = optarg; break;
        case 's': seed = strtoull(optarg, &end, 10); if (*end) die("bad --seed", optarg); break;
        case 'h': g->host = optarg; break;
        case 'o': out_path = optarg; break;
        case 'T': truth_path = optarg; break;
        case 'j':
            g->junk_pm = (unsigned)strtoul(optarg, &end, 10);
            if (*end || g->junk_pm > 1000)
                die("bad --junk-permille", optarg);
            break;
        default: die("option not supported with vendor formats", argv[optind - 1]);
        }
    }
    if (!kinds || !from || !to)
        die("--kind, --from and --to are required", NULL);
    char *list = strdup(kinds), *save = NULL;
    for (char *k = strtok_r(list, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
        const struct vgen_format *f = find(k);
        if (!f)
            die("unknown --kind (see ttgen --help)", k);
        if (g->nfmt == VG_MAX_FORMATS)
            die("too many formats in --kind", k);
        g->fmt[g->nfmt++] = f;
    }
    if (parse_instant(from, &g->from_s) || parse_instant(to, &g->to_s) || g->to_s <= g->from_s)
        die("bad --from/--to (want e.g. 2018-02-01T00:00:00Z, from before to)", NULL);
    setenv("TZ", g->tz, 1);
    tzset();
    for (uint64_t x = seed ^ 0x7667656eULL, i = 0; i < 4; i++)
        g->s[i] = splitmix(&x);
    g->min0 = floordiv(g->from_s, 60);
    /* + one hour: an event near --to may spread its lines past it. */
    g->nmin = (size_t)(floordiv(g->to_s - 1, 60) - g->min0 + 1) + 60;
    g->truth = calloc(g->nmin * VG_MAX_SLOTS, sizeof(*g->truth));
    g->ob = malloc(VG_OUTBUF);
    if (!g->truth || !g->ob)
        die("out of memory", NULL);
    g->out = out_path ? fopen(out_path, "w") : stdout;
    if (!g->out)
        die("cannot write", out_path);
    if (truth_path) {
        char p[4096];
        snprintf(p, sizeof(p), "%s.sources", truth_path);
        if (!(g->src_out = fopen(p, "w")))
            die("cannot write", p);
    }
    size_t evcap = 1024;
    struct ev *evs = malloc(evcap * sizeof(*evs));
    int64_t m_end = floordiv(g->to_s - 1, 60) + 1;
    for (int64_t m = g->min0; m < m_end && !(g->max_lines && g->lines >= g->max_lines); m++) {
        size_t n = 0;
        double lam = g->rate * shape(g, m * 60);
        for (unsigned f = 0; f < g->nfmt; f++) {
            uint32_t k = poisson(g, lam);
            for (uint32_t i = 0; i < k; i++) {
                int64_t t = m * 60000000 + vg_rand(g, 60000000);
                if (t < g->from_s * 1000000 || t >= g->to_s * 1000000)
                    continue;
                if (n == evcap && !(evs = realloc(evs, (evcap *= 2) * sizeof(*evs))))
                    die("out of memory", NULL);
                evs[n++] = (struct ev){t, g->fmt[f]};
            }
        }
        qsort(evs, n, sizeof(*evs), ev_cmp);
        for (size_t i = 0; i < n && !(g->max_lines && g->lines >= g->max_lines); i++) {
            if (g->junk_pm && g->lines > 0 && vg_rand(g, 1000) < g->junk_pm)
                write_junk(g);
            evs[i].fmt->event(g, evs[i].t_us);
        }
    }
    flush_out(g);
    if (g->out != stdout ? fclose(g->out) != 0 : fflush(stdout) != 0)
        die("write error", strerror(errno));
    if (g->src_out && fclose(g->src_out) != 0)
        die("write error", truth_path);
    if (truth_path)
        write_truth(g, truth_path);
    fprintf(stderr, "{\"lines\":%llu,\"bytes\":%llu,\"attack_sources\":%llu}\n", (unsigned long long)g->lines,
            (unsigned long long)g->bytes, (unsigned long long)g->src_n);
    free(evs);
    free(list);
    return 0;
}
