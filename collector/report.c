/* SPDX-License-Identifier: MIT
 *
 * report.c -- what happens to a classified line (counted into a tally, or
 * printed as JSON with --classify) and the summaries printed at exit
 * (--no-redis figures, --stats). Split from main.c, which keeps the loop.
 */
#include "collector/collector.h"
#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- counting ---------------------------------------------------------- */

static void keep_sample(struct collector *c, enum tt_reason r, const char *line, size_t len)
{
    int k = c->stat.n_samples[r];
    if (k >= SAMPLES_PER_REASON)
        return;
    size_t n = TT_MIN(len, (size_t)SAMPLE_BYTES);
    memcpy(c->stat.samples[r][k], line, n);
    c->stat.sample_len[r][k] = n;
    c->stat.n_samples[r]++;
}

/* Adds one classified line to the tally. */
void report_count_line(struct collector *c, struct tt_tally *t, const struct tt_line_result *res, const char *line,
                       size_t len)
{
    const struct tt_event *ev = &res->ev;
    int64_t ts = res->utc_s;
    tt_tally_add(t, ts, TT_METRIC_LINES_TOTAL, TT_REASON_NONE, 1);
    if (ev->verdict == TT_VERDICT_UNPARSED) {
        tt_tally_add(t, ts, TT_METRIC_LINES_UNPARSED, ev->reason, 1);
        keep_sample(c, ev->reason, line, len);
        return;
    }
    if (ev->metric == TT_METRIC_NONE)
        return;
    tt_tally_add(t, ts, ev->metric, ev->reason, ev->count);
    if (ev->metric == TT_METRIC_EMAILS_SENT && ev->tls)
        tt_tally_add(t, ts, TT_METRIC_EMAILS_SENT_TLS, TT_REASON_NONE, ev->count);
    if (ev->metric == TT_METRIC_ATTACKS_BLOCKED && ev->src.family) {
        /* Bounded memory in a long outage: past the limit, distinct sources
         * are no longer recorded (counts still are); said in --stats. */
        if (tt_tally_add_source(t, ts, &ev->src))
            c->stat.sources_not_kept++;
        if (c->conf.top_v4) {
            struct tt_addr net = ev->src;
            unsigned bits = (unsigned)(net.family == 4 ? c->conf.top_v4 : c->conf.top_v6);
            tt_addr_mask(&net, bits, bits);
            if (tt_tally_add_net(t, ts, &net, bits, ev->count))
                c->stat.sources_not_kept++;
        }
        if (c->conf.no_redis)
            tt_distinct_add(&c->distinct, &ev->src);
    }
}

/* --classify: one JSON object per line. */
void report_classify_line(struct collector *c, uint64_t n, const struct tt_line_result *res, const char *line,
                          size_t len)
{
    struct tt_buf *b = &c->out_buf;
    const struct tt_event *ev = &res->ev;
    char when[32];
    tt_format_iso_utc(res->utc_s, when, sizeof(when));
    tt_buf_printf(b, "{\"n\":%llu,\"line\":", (unsigned long long)n);
    tt_buf_json_str(b, line, len);
    tt_buf_puts(b, ",\"format\":");
    if (res->parser >= 0)
        tt_buf_json_str(b, tt_registry_parser((size_t)res->parser)->name,
                        strlen(tt_registry_parser((size_t)res->parser)->name));
    else if (res->rule >= 0)
        tt_buf_puts(b, "\"rule\"");
    else
        tt_buf_puts(b, "null");
    const char *rule = res->rule >= 0 ? tt_rules_name(c->cfg.rules, (size_t)res->rule) : NULL;
    if (rule) {
        tt_buf_puts(b, ",\"rule\":");
        tt_buf_json_str(b, rule, strlen(rule));
    }
    tt_buf_printf(b, ",\"verdict\":\"%s\",\"metric\":", tt_verdict_name(ev->verdict));
    if (ev->metric != TT_METRIC_NONE && ev->verdict != TT_VERDICT_UNPARSED)
        tt_buf_printf(b, "\"%s\"", tt_metric_name(ev->metric));
    else
        tt_buf_puts(b, "null");
    tt_buf_puts(b, ",\"reason\":");
    if (ev->reason != TT_REASON_NONE)
        tt_buf_printf(b, "\"%s\"", tt_reason_name(ev->reason));
    else
        tt_buf_puts(b, "null");
    if (ev->metric == TT_METRIC_EMAILS_SENT && ev->tls)
        tt_buf_puts(b, ",\"tls\":true");
    if (ev->count > 1 && ev->metric != TT_METRIC_NONE)
        tt_buf_printf(b, ",\"count\":%u", ev->count);
    tt_buf_printf(b, ",\"time\":\"%s\"", when);
    if (res->by_arrival)
        tt_buf_puts(b, ",\"time_source\":\"arrival\"");
    else if (res->by_previous)
        tt_buf_puts(b, ",\"time_source\":\"previous_line\"");
    if (ev->why && ev->verdict != TT_VERDICT_UNPARSED) {
        tt_buf_puts(b, ",\"why\":");
        tt_buf_json_str(b, ev->why, strlen(ev->why));
    }
    tt_buf_puts(b, "}\n");
    if (b->len > (1u << 16)) {
        tt_buf_write(b, stdout);
        tt_buf_reset(b);
    }
}

/* ---- reports at exit --------------------------------------------------- */

static void print_thousands(FILE *f, uint64_t v)
{
    char digits[32], out[48];
    int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)v);
    int o = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    fputs(out, f);
}

static uint64_t metric_total(const struct collector *c, enum tt_metric m)
{
    uint64_t sum = 0;
    for (int f = 0; f < TT_FIELD_COUNT; f++)
        if (tt_field_metric(f) == m)
            sum += c->tally_files.total[f] + c->tally_net.total[f];
    return sum;
}

void report_summary(const struct collector *c)
{
    static const enum tt_metric shown[] = {
        TT_METRIC_EMAILS_BLOCKED, TT_METRIC_EMAILS_DELIVERED, TT_METRIC_EMAILS_SENT, TT_METRIC_EMAILS_SENT_TLS,
        TT_METRIC_ATTACKS_BLOCKED, TT_METRIC_CONNECTIONS_ALLOWED, TT_METRIC_IDS_ALERTS, TT_METRIC_ATTACK_SOURCES,
        TT_METRIC_LINES_TOTAL, TT_METRIC_LINES_UNPARSED, TT_METRIC_LINES_DROPPED,
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(shown); i++) {
        enum tt_metric m = shown[i];
        int estimated = 0;
        uint64_t v = m == TT_METRIC_ATTACK_SOURCES ? tt_distinct_count(&c->distinct, &estimated) : metric_total(c, m);
        printf("%-20s %s", tt_metric_name(m), estimated ? "about " : "");
        print_thousands(stdout, v);
        if (tt_metric_has_reasons(m) && v) {
            const char *sep = "  (";
            for (int f = 0; f < TT_FIELD_COUNT; f++) {
                if (tt_field_metric(f) != m || !(c->tally_files.total[f] + c->tally_net.total[f]))
                    continue;
                printf("%s%s ", sep, tt_reason_name(tt_field_reason(f)));
                print_thousands(stdout, (c->tally_files.total[f] + c->tally_net.total[f]));
                sep = ", ";
            }
            printf(")");
        }
        printf("\n");
    }
}

void report_stats(const struct collector *c, double secs)
{
    FILE *e = stderr;
    fprintf(e, "stats: sources %llu read, %llu failed, %llu damaged\n", (unsigned long long)c->stat.sources_ok,
            (unsigned long long)c->stat.sources_failed, (unsigned long long)c->stat.sources_damaged);
    fprintf(e, "stats: lines ");
    print_thousands(e, c->stat.lines);
    fprintf(e, ", bytes ");
    print_thousands(e, c->stat.bytes);
    fprintf(e, " in %.3f s: %.0f lines/s, %.1f MB/s\n", secs, secs > 0 ? (double)c->stat.lines / secs : 0.0,
            secs > 0 ? (double)c->stat.bytes / secs / 1e6 : 0.0);
    if (c->stat.skipped_lines) {
        fprintf(e, "stats: lines already counted by an earlier run (skipped) ");
        print_thousands(e, c->stat.skipped_lines);
        fprintf(e, "\n");
    }
    fprintf(e, "stats: lines classified in batches (--threads) ");
    print_thousands(e, c->stat.parallel_lines);
    fprintf(e, "\nstats: lines timed by arrival (no timestamp) ");
    print_thousands(e, c->stat.by_arrival);
    fprintf(e, "\nstats: lines timed by the line before them (no timestamp) ");
    print_thousands(e, c->stat.by_previous);
    fprintf(e, "\nstats: unparsed ");
    print_thousands(e, metric_total(c, TT_METRIC_LINES_UNPARSED));
    fprintf(e, ", dropped ");
    print_thousands(e, metric_total(c, TT_METRIC_LINES_DROPPED));
    fprintf(e, "\n");
    struct tt_buf b;
    tt_buf_init(&b);
    for (int f = 0; f < TT_FIELD_COUNT; f++) {
        if (tt_field_metric(f) != TT_METRIC_LINES_UNPARSED || !(c->tally_files.total[f] + c->tally_net.total[f]))
            continue;
        enum tt_reason r = tt_field_reason(f);
        fprintf(e, "stats:   unparsed %-13s ", tt_reason_name(r));
        print_thousands(e, (c->tally_files.total[f] + c->tally_net.total[f]));
        fprintf(e, "\n");
        for (int k = 0; k < c->stat.n_samples[r]; k++) {
            tt_buf_reset(&b);
            tt_buf_term(&b, c->stat.samples[r][k], c->stat.sample_len[r][k]);
            fprintf(e, "stats:     e.g. %s%s\n", b.p ? b.p : "", c->stat.sample_len[r][k] == SAMPLE_BYTES ? "..." : "");
        }
    }
    tt_buf_fini(&b);
    if (c->out)
        fprintf(e, "stats: redis flushes %llu, commands %llu, reconnects %llu, re-routed %llu\n",
                (unsigned long long)tt_out_redis_flushes(c->out), (unsigned long long)tt_out_redis_commands(c->out),
                (unsigned long long)tt_out_redis_reconnects(c->out),
                (unsigned long long)tt_out_redis_rerouted(c->out));
    if (c->stat.gaps)
        fprintf(e, "stats: possible gaps (copytruncate or rewritten files) %llu\n", (unsigned long long)c->stat.gaps);
    if (c->stat.sources_not_kept)
        fprintf(e, "stats: attack source addresses not kept (memory bound during an outage) %llu\n",
                (unsigned long long)c->stat.sources_not_kept);
    for (size_t i = 0; i < tt_rules_count(c->site_rules); i++) {
        fprintf(e, "stats:   rule %-24s ", tt_rules_name(c->site_rules, i));
        print_thousands(e, tt_rules_hits(c->site_rules, i));
        fprintf(e, " lines\n");
    }
}

