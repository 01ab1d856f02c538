/* SPDX-License-Identifier: MIT
 *
 * micro.c -- ttmicro: micro-benchmarks of the collector's hot functions, in
 * nanoseconds per line, on a log file held in memory (so no I/O is timed):
 *
 *   split     finding the line ends (memchr), what every source pays
 *   envelope  the syslog header (RFC 3164/5424) and its time
 *   pipeline  envelope + format recognition + parser + UTC conversion, in
 *             --format auto and (with --format NAME) with the parser forced
 *   tally     counting the event into its minute bucket (and its source)
 *
 *   ttmicro FILE [--format NAME] [--repeat N] [--tz ZONE] [--year YYYY]
 *
 * Prints one line per stage: "stage ns_per_line lines_per_second". The
 * numbers are what `make bench` writes into bench/RESULTS.md.
 */
#include "bench/bench_util.h"
#include "collector/envelope.h"
#include "collector/pipeline.h"
#include "collector/registry.h"
#include "collector/tally.h"
#include "common/mem.h"
#include "common/zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void report(const char *stage, double secs, uint64_t lines)
{
    double ns = lines ? secs * 1e9 / (double)lines : 0;
    printf("%-22s %8.1f ns/line %12.0f lines/s\n", stage, ns, ns > 0 ? 1e9 / ns : 0);
}

static void run_pipeline(const char *label, struct tt_pipeline_config *cfg, const char *buf, size_t len, int repeat,
                         struct tt_tally *tally)
{
    uint64_t lines = 0, sink = 0;
    double t0 = bench_wall_s();
    for (int r = 0; r < repeat; r++) {
        struct tt_stream st;
        if (tt_stream_init(&st, cfg) != TT_OK)
            exit(1);
        const char *p = buf, *end = buf + len;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            struct tt_line_result res;
            tt_pipeline_line(cfg, &st, p, n, cfg->now_s, &res);
            if (tally) {
                if (res.ev.metric != TT_METRIC_NONE)
                    tt_tally_add(tally, res.utc_s, res.ev.metric, res.ev.reason, res.ev.count);
                if (res.ev.metric == TT_METRIC_ATTACKS_BLOCKED && res.ev.src.family)
                    tt_tally_add_source(tally, res.utc_s, &res.ev.src);
                if (tt_tally_full(tally))
                    tt_tally_clear(tally);
            }
            sink += (uint64_t)res.ev.verdict;
            lines++;
            p += n + 1;
        }
        tt_stream_fini(&st);
    }
    report(label, bench_wall_s() - t0, lines);
    if (sink == 0xFFFFFFFFFFFFull)
        puts("");
}

int main(int argc, char **argv)
{
    const char *path = NULL, *format = NULL, *tz = "UTC";
    int repeat = 3, year = 2018;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
            format = argv[++i];
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (strcmp(argv[i], "--tz") == 0 && i + 1 < argc)
            tz = argv[++i];
        else if (strcmp(argv[i], "--year") == 0 && i + 1 < argc)
            year = atoi(argv[++i]);
        else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else {
            fprintf(stderr, "usage: ttmicro FILE [--format NAME] [--repeat N] [--tz ZONE] [--year YYYY]\n");
            return 2;
        }
    }
    if (!path || repeat < 1) {
        fprintf(stderr, "usage: ttmicro FILE [--format NAME] [--repeat N] [--tz ZONE] [--year YYYY]\n");
        return 2;
    }
    size_t len;
    char *buf = bench_slurp("ttmicro", path, &len);

    /* split */
    uint64_t lines = 0;
    double t0 = bench_wall_s();
    for (int r = 0; r < repeat; r++) {
        const char *p = buf, *end = buf + len;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            p = nl ? nl + 1 : end;
            lines++;
        }
    }
    report("split", bench_wall_s() - t0, lines);

    /* envelope */
    lines = 0;
    uint64_t sink = 0;
    t0 = bench_wall_s();
    for (int r = 0; r < repeat; r++) {
        const char *p = buf, *end = buf + len;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            struct tt_envelope env;
            tt_envelope_parse(p, n, &env);
            sink += env.msg.len;
            lines++;
            p += n + 1;
        }
    }
    report("envelope", bench_wall_s() - t0, lines);

    struct tt_cidr_set home;
    struct tt_pipeline_config cfg;
    struct tt_zone *zone = bench_pipeline_setup("ttmicro", tz, year, &home, &cfg);
    if (!zone)
        return 2;
    run_pipeline("pipeline auto", &cfg, buf, len, repeat, NULL);
    if (format) {
        cfg.format = tt_registry_find_parser(format);
        if (cfg.format < 0) {
            fprintf(stderr, "ttmicro: unknown format %s\n", format);
            return 2;
        }
        char label[64];
        snprintf(label, sizeof(label), "pipeline %s", format);
        run_pipeline(label, &cfg, buf, len, repeat, NULL);
    }

    /* tally: pipeline + counting, minus the pipeline alone, is the tally's share */
    struct tt_tally tally;
    if (tt_tally_init(&tally) != TT_OK)
        return 1;
    run_pipeline("pipeline + tally", &cfg, buf, len, repeat, &tally);
    tt_tally_fini(&tally);
    tt_zone_destroy(zone);
    free(buf);
    return sink == 0xFFFFFFFFFFFFull;
}
