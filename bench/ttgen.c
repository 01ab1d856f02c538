/* SPDX-License-Identifier: MIT
 *
 * ttgen.c -- deterministic generator of realistic Postfix+amavis and
 * netfilter syslog with exact known truth, for the demo, the end-to-end tests
 * and the benchmarks.
 *
 *   Feb  1 09:12:44 mx1 postfix/smtpd[48211]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: ...
 *   Feb  1 09:12:45 fw1 kernel: [1904033.120551] [UFW BLOCK] IN=eth0 OUT= MAC=... SRC=198.51.100.7 ...
 *
 * It is an independent implementation of docs/COUNTING.md from the writing
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
#include "bench/ttgen.h"
#include "bench/vgen.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* What each truth slot (ttgen.h) counts: the metric and reason (docs/COUNTING.md#metrics). */
static const struct {
    enum tt_metric metric; /* metric of docs/COUNTING.md#metrics */
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
/* ------------------------------------------------------------------ */
/* Time: the zone and stamps are ttgen_sched.c's; this parses --from/--to. */

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
    *out_s = tg_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
    return 0;
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

/* Junk lines carry no timestamp: a collector counts them at the time of the
 * last dated line before them in the file (docs/COUNTING.md#untimed), and only
 * those before the first dated line at arrival time (truth minute "-"). Each
 * kind is built so that exactly one unparsed reason applies. */
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
        char *e = tg_put_stamp(g, tmp, t);
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
    count(g, g->last_minute, SL_LINES_TOTAL);
    count(g, g->last_minute, slot);
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
    d = tg_put_stamp(g, d, t_us);
    *d++ = ' ';
    d = tg_put_s(d, host);
    *d++ = ' ';
    memcpy(d, text, len);
    d += len;
    *d++ = '\n';
    g->on += (size_t)(d - d0);
    g->bytes += (uint64_t)(d - d0);
    g->lines++;
    int64_t minute = tg_floordiv(t_us, 60000000);
    g->last_minute = minute;
    count(g, minute, SL_LINES_TOTAL);
    if (s1 != SL_NONE)
        count(g, minute, s1);
    if (s2 != SL_NONE)
        count(g, minute, s2);
    if (src)
        tg_srcset_add(&g->sources, src);
}

/* Offsets differ anywhere within +-3 h: a clock change is near. */
static int near_clock_change(int64_t s)
{
    return tg_zone_off(s - 3 * 3600) != tg_zone_off(s + 3 * 3600) || tg_zone_off(s) != tg_zone_off(s - 3 * 3600);
}

static void local_month(struct gen *g, int64_t s, int *y, unsigned *mo)
{
    unsigned d, h, mi, sec;
    tg_wall_fields(s + tg_off_at(g, s), y, mo, &d, &h, &mi, &sec);
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
        tg_sf(nb, PICK(r, noise_fmt), rr(r, 300, 4000000));
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
        int64_t s = tg_floordiv(t, 1000000), s2 = tg_floordiv(t2, 1000000);
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
        int64_t s = tg_floordiv(t, 1000000);
        int32_t off = tg_off_at(g, s);
        int64_t wall = s + off;
        if (!g->have_prev) {
            int32_t o2h = tg_zone_off(s - 7200);
            int32_t dd = o2h - off;
            if (dd > 0 && tg_zone_off(s - dd) == off + dd && !g->fold_warned) {
                fprintf(stderr, "ttgen: warning: the first line falls in the second pass of a repeated local hour; "
                                "a collector will read it as the first pass\n");
                g->fold_warned = 1;
            }
        } else if (off < g->prev_off && wall >= g->prev_wall && !g->fold_warned &&
                   tg_zone_off(s - (g->prev_off - off)) == g->prev_off) {
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
        emit(g, tg_heap_pop(g));
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
    {KIND_POSTFIX, SH_BUSINESS, 0.33, 16.75, tg_sc_inbound},
    {KIND_POSTFIX, SH_FLAT, 0.42, 5.24, tg_sc_rejecting},
    {KIND_POSTFIX, SH_BUSINESS, 0.25, 13.9, tg_sc_outbound},
    {KIND_NETFILTER, SH_ATTACK, 0.62, 1.0, tg_sc_nf_attack},
    {KIND_NETFILTER, SH_BUSINESS, 0.28, 1.0, tg_sc_nf_allow},
    {KIND_NETFILTER, SH_BUSINESS, 0.10, 1.0, tg_sc_nf_other},
};
#define N_CLASSES TT_ARRAY_LEN(classes)

static double hash_gauss(uint64_t seed, uint64_t k)
{
    uint64_t a = tt_mix64(seed ^ k), b = tt_mix64(a);
    double u = ((a >> 11) + 1) * 0x1.0p-53, v = (b >> 11) * 0x1.0p-53;
    return sqrt(-2.0 * log(u)) * cos(2 * M_PI * v);
}

/* Expected events of class c in UTC minute m (rate 1 per minute, scaled). */
static double lambda(struct gen *g, size_t c, int64_t m)
{
    int64_t s = m * 60;
    int32_t off = tg_off_at(g, s);
    int64_t wall = s + off;
    int64_t day = tg_floordiv(wall, 86400);
    double h = (double)(wall - day * 86400) / 3600.0;
    int wday = (int)((day % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
    const struct cls *k = &classes[c];
    double v = shape_raw(k->shape, h, wday) / shape_mean[k->shape];
    v *= exp(0.12 * hash_gauss(g->seed, (uint64_t)day * 16 + (uint64_t)k->kind));
    if (k->shape == SH_ATTACK) {
        uint64_t hb = tt_mix64(g->seed ^ 0xB0B0 ^ (uint64_t)tg_floordiv(s, 3600));
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
        tg_srckey_addr(g->sources.tab[i], &a);
        char *e = tg_put_addr(buf, &a, 0);
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
    "    them (docs/COUNTING.md), per UTC minute. Output is deterministic for a given\n"
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
    "    invalid_utf8 too_long empty). A line without a timestamp (junk) counts at\n"
    "    the minute of the last dated line before it; junk before the first dated\n"
    "    line is bucketed by a collector at arrival time, so its counts come last\n"
    "    with minute \"-\". Split the output only before a dated line.\n"
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
            return vgen_main(argc, argv, vgen_find);
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
    tg_init_world();
    shapes_init();
    g->next_pid = 1000 + rb(&g->r, 20000);
    g->qid_ctr = tt_mix64(g->seed) & 0xFFFFFF;
    g->qmgr_pid = tg_new_pid(g), g->postscreen_pid = tg_new_pid(g), g->anvil_pid = tg_new_pid(g);
    tg_pool_init(g, &g->cleanup, 4), tg_pool_init(g, &g->amavis, 8), tg_pool_init(g, &g->local, 3);
    tg_pool_init(g, &g->virt, 2), tg_pool_init(g, &g->lmtp, 4), tg_pool_init(g, &g->pipe, 2), tg_pool_init(g, &g->feed, 3);
    g->boot_s = fs - (int64_t)rr(&g->r, 3 * 86400, 40 * 86400);

    g->min0 = tg_floordiv(fs, 60);
    g->last_minute = INT64_MIN;
    g->nmin = (size_t)(tg_floordiv(ts - 1, 60) - g->min0 + 1);
    g->truth = calloc(g->nmin * SL_COUNT, sizeof(*g->truth));
    g->ob = malloc(OUTBUF_BYTES);
    g->longjunk = malloc(LONG_JUNK_BYTES);
    if (!g->truth || !g->ob || !g->longjunk)
        tg_die("out of memory");
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
            tg_sc_anvil(g, m_us);
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
