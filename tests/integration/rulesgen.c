/* SPDX-License-Identifier: MIT
 *
 * rulesgen.c -- writes a log of "EdgeWall", a firewall no built-in parser
 * knows (the format is made up for this test: nothing we ship parses it),
 * the rules file that reads it, and the exact truth in the format of
 * bench/ttgen --truth ("MINUTE METRIC REASON COUNT" lines, distinct attack
 * sources in TRUTH.sources), so that tests/integration/t_rules.sh and the
 * rules benchmark can check every figure.
 *
 *   rulesgen --lines N --from EPOCH [--minutes M] [--seed S] [--match-pct P] [--rules N] [--noise builtin]
 *            --out LOG --truth TRUTH --rules-out RULES
 *
 * Lines (P% of them match a rule; the rest are unparsed noise):
 *   <134>Mar  9 12:00:01 gw1 edgewall[311]: EW|DROP|203.0.113.5:4444>10.0.0.10:22|tcp|r17
 *   <134>Mar  9 12:00:01 gw1 edgewall[311]: EW|PASS|10.0.0.7:50000>198.51.100.8:443|tcp|r2
 *   <134>Mar  9 12:00:01 gw1 edgewall[311]: EW|STAT|cpu=12 mem=40
 *   EWIPS t=1709985601 BLOCK sig=2019401 src=198.51.100.9 dst=10.0.0.10   (own time, no header)
 *   EWIPS t=1709985601 ALERT sig=2019401 src=198.51.100.9 dst=10.0.0.10
 *   <134>Mar  9 12:00:01 gw1 edgewall[311]: EW|HELLO|fw booted      (no rule: unparsed)
 * --rules N pads the rules file with N-5 rules that never match, as a site
 * with many devices would have. --noise builtin makes the lines that match
 * no rule netfilter accepts of inside hosts instead (a built-in parser takes
 * them: connections_allowed), as in a syslog stream where the unlisted
 * device is one of many.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define GEN_MINUTES_MAX (60 * 24 * 40)

/* Truth slots. */
enum gen_slot { SL_FW = 0, SL_IPS, SL_ALLOWED, SL_IDS, SL_TOTAL, SL_UNPARSED, SL_COUNT };
static const char *const slot_metric[SL_COUNT] = {"attacks_blocked", "attacks_blocked", "connections_allowed",
                                                  "ids_alerts", "lines_total", "lines_unparsed"};
static const char *const slot_reason[SL_COUNT] = {"firewall", "ips", "-", "-", "-", "no_parser"};

static uint64_t rng_state = 88172645463325252ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void write_rules(FILE *f, int n)
{
    fputs("# EdgeWall (test vendor): written by tests/integration/rulesgen.c\n"
          "[rule edgewall-drop]\n"
          "program = edgewall\n"
          "match   = EW\\|DROP\\|(?<src>[0-9a-fA-F.:]+):\\d+>\n"
          "verdict = blocked\nmetric  = attacks_blocked\nreason  = firewall\n\n"
          "[rule edgewall-pass]\n"
          "program = edgewall\n"
          "match   = EW\\|PASS\\|\n"
          "verdict = allowed\nmetric  = connections_allowed\n\n"
          "[rule edgewall-stat]\n"
          "program = edgewall\n"
          "match   = EW\\|STAT\\|\n"
          "verdict = other\n\n"
          "[rule edgewall-ips-block]\n"
          "match   = ^EWIPS t=(?<time>\\d+) BLOCK sig=\\d+ src=(?<src>[0-9a-fA-F.:]+)\n"
          "time_format = epoch\n"
          "verdict = blocked\nmetric  = attacks_blocked\nreason  = ips\n\n"
          "[rule edgewall-ids-alert]\n"
          "match   = ^EWIPS t=(?<time>\\d+) ALERT sig=\\d+\n"
          "time_format = epoch\n"
          "verdict = allowed\nmetric  = ids_alerts\n",
          f);
    /* Rules of other devices of the site: never met in this log. */
    for (int i = 5; i < n; i++)
        fprintf(f,
                "\n[rule other-device-%03d]\n"
                "match   = DEV%03d (BLOCK|DROP|REJECT) from (?<src>[0-9a-fA-F.:]+) port \\d+ proto (tcp|udp)\n"
                "verdict = blocked\nmetric  = attacks_blocked\nreason  = firewall\n",
                i, i);
}

static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static void header(FILE *f, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    fprintf(f, "<134>%s %2d %02d:%02d:%02d gw1 edgewall[311]: ", months[tm.tm_mon], tm.tm_mday, tm.tm_hour,
            tm.tm_min, tm.tm_sec);
}

/* An outside address: 5,000 different ones; an inside one in 10.0.0.0/8. */
static void outside(char *buf, size_t len)
{
    unsigned k = (unsigned)(rnd() % 5000);
    snprintf(buf, len, "198.51.%u.%u", 100 + k / 250, 1 + k % 250);
}

int main(int argc, char **argv)
{
    long lines = 0, match_pct = 100, n_rules = 5, minutes = 0;
    int noise_builtin = 0;
    int64_t from = -1;
    const char *out = NULL, *truth = NULL, *rules_out = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--lines")) lines = atol(v);
        else if (!strcmp(k, "--from")) from = strtoll(v, NULL, 10);
        else if (!strcmp(k, "--seed")) rng_state ^= (uint64_t)strtoull(v, NULL, 10) * 0x9E3779B97F4A7C15ull;
        else if (!strcmp(k, "--match-pct")) match_pct = atol(v);
        else if (!strcmp(k, "--minutes")) minutes = atol(v);
        else if (!strcmp(k, "--noise")) noise_builtin = !strcmp(v, "builtin");
        else if (!strcmp(k, "--rules")) n_rules = atol(v);
        else if (!strcmp(k, "--out")) out = v;
        else if (!strcmp(k, "--truth")) truth = v;
        else if (!strcmp(k, "--rules-out")) rules_out = v;
        else { fprintf(stderr, "rulesgen: unknown option %s\n", k); return 2; }
    }
    if (lines <= 0 || from < 0 || !out || !truth || !rules_out || match_pct < 0 || match_pct > 100 || n_rules < 5) {
        fprintf(stderr, "usage: rulesgen --lines N --from EPOCH [--minutes M] [--seed S] [--match-pct P] [--rules N] [--noise builtin] --out LOG "
                        "--truth TRUTH --rules-out RULES\n");
        return 2;
    }
    FILE *fr = fopen(rules_out, "w"), *fo = fopen(out, "w"), *ft = fopen(truth, "w");
    char srcs_path[4096];
    snprintf(srcs_path, sizeof(srcs_path), "%s.sources", truth);
    FILE *fs = fopen(srcs_path, "w");
    if (!fr || !fo || !ft || !fs) {
        perror("rulesgen");
        return 1;
    }
    write_rules(fr, (int)n_rules);
    /* Spread the lines over whole minutes (default ~20 a second). */
    if (minutes <= 0)
        minutes = lines / 1200 + 1;
    if (minutes > GEN_MINUTES_MAX)
        minutes = GEN_MINUTES_MAX;
    uint32_t (*tr)[SL_COUNT] = calloc((size_t)minutes, sizeof(*tr));
    static uint8_t seen[5000];
    if (!tr)
        return 1;
    from -= from % 60;
    for (long i = 0; i < lines; i++) {
        long m = (long)((double)i * (double)minutes / (double)lines);
        int64_t t = from + m * 60 + (int64_t)(rnd() % 60);
        char src[64], dst[64];
        tr[m][SL_TOTAL]++;
        int noise = (long)(rnd() % 100) >= match_pct;
        if (noise && noise_builtin) {
            time_t tt = (time_t)t;
            struct tm tm;
            gmtime_r(&tt, &tm);
            fprintf(fo,
                    "<4>%s %2d %02d:%02d:%02d gw2 kernel: ACCEPT IN=eth1 OUT=eth0 SRC=10.1.%u.%u DST=203.0.113.%u "
                    "LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=%u DF PROTO=TCP SPT=%u DPT=443 WINDOW=64240 RES=0x00 SYN "
                    "URGP=0\n",
                    months[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (unsigned)(rnd() % 250),
                    1 + (unsigned)(rnd() % 250), 1 + (unsigned)(rnd() % 250), (unsigned)(rnd() % 65536),
                    1024 + (unsigned)(rnd() % 60000));
            tr[m][SL_ALLOWED]++;
            continue;
        }
        if (noise) {
            header(fo, t);
            fprintf(fo, "EW|HELLO|fw event %" PRIu64 "\n", rnd() % 100000);
            tr[m][SL_UNPARSED]++;
            continue;
        }
        unsigned kind = (unsigned)(rnd() % 100);
        if (kind < 45) { /* a drop: 90% from outside */
            int in = rnd() % 10 == 0;
            if (in) {
                snprintf(src, sizeof(src), "10.0.%u.%u", (unsigned)(rnd() % 250), 1 + (unsigned)(rnd() % 250));
            } else {
                outside(src, sizeof(src));
                tr[m][SL_FW]++;
                unsigned k;
                sscanf(src, "198.51.%u.", &k);
                unsigned idx = (k - 100) * 250 + (unsigned)(atoi(strrchr(src, '.') + 1) - 1);
                if (!seen[idx]++)
                    fprintf(fs, "%s\n", src);
            }
            header(fo, t);
            fprintf(fo, "EW|DROP|%s:%u>10.0.0.10:%u|tcp|r17\n", src, 1024 + (unsigned)(rnd() % 60000),
                    (unsigned)(rnd() % 1024));
        } else if (kind < 75) {
            header(fo, t);
            fprintf(fo, "EW|PASS|10.0.0.%u:%u>203.0.113.%u:443|tcp|r2\n", 1 + (unsigned)(rnd() % 250),
                    1024 + (unsigned)(rnd() % 60000), 1 + (unsigned)(rnd() % 250));
            tr[m][SL_ALLOWED]++;
        } else if (kind < 85) {
            header(fo, t);
            fprintf(fo, "EW|STAT|cpu=%u mem=%u\n", (unsigned)(rnd() % 100), (unsigned)(rnd() % 100));
        } else if (kind < 92) {
            outside(src, sizeof(src));
            snprintf(dst, sizeof(dst), "10.0.0.%u", 1 + (unsigned)(rnd() % 250));
            fprintf(fo, "EWIPS t=%" PRId64 " BLOCK sig=%u src=%s dst=%s\n", t, 2000000 + (unsigned)(rnd() % 9999),
                    src, dst);
            tr[m][SL_IPS]++;
            unsigned k;
            sscanf(src, "198.51.%u.", &k);
            unsigned idx = (k - 100) * 250 + (unsigned)(atoi(strrchr(src, '.') + 1) - 1);
            if (!seen[idx]++)
                fprintf(fs, "%s\n", src);
        } else {
            outside(src, sizeof(src));
            fprintf(fo, "EWIPS t=%" PRId64 " ALERT sig=%u src=%s dst=10.0.0.10\n", t,
                    2000000 + (unsigned)(rnd() % 9999), src);
            tr[m][SL_IDS]++;
        }
    }
    for (long m = 0; m < minutes; m++)
        for (int s = 0; s < SL_COUNT; s++)
            if (tr[m][s])
                fprintf(ft, "%" PRId64 " %s %s %u\n", from + m * 60, slot_metric[s], slot_reason[s], tr[m][s]);
    free(tr);
    int bad = fclose(fr) | fclose(fo) | fclose(ft) | fclose(fs);
    return bad ? 1 : 0;
}
