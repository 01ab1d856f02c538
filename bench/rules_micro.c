/* SPDX-License-Identifier: MIT
 *
 * rules_micro.c -- ttrules: what site rules (collector/rules.c) cost in the
 * per-line pipeline, on a log held in memory (no I/O timed):
 *
 *   ttrules FILE RULES [--repeat N] [--rounds K] [--only with|without] [--tz ZONE] [--year YYYY]
 *
 * Runs tt_pipeline_line over FILE without rules and with RULES loaded,
 * alternating the two K times (so that a frequency change or a neighbour
 * on the machine hits both alike), and prints the fastest round of each in
 * ns/line, their difference, and how many lines the rules decided. On a
 * file of a built-in format with RULES holding no override rule the
 * difference is the cost the rules add to lines a parser takes. Times are
 * the thread's CPU time, so that other processes on a shared machine weigh
 * less than in wall time. --only runs one of the two, for an instruction
 * count that no neighbour can disturb:
 *   valgrind --tool=callgrind --collect-atstart=no --toggle-collect=run ttrules ... --only with
 * (--compile-limit S: more time for the compile, which valgrind slows).
 */
#include "bench/bench_util.h"
#include "collector/pipeline.h"
#include "collector/rules.h"
#include "common/mem.h"
#include "common/zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One pass of repeat times over buf; returns ns per line. */
__attribute__((noinline)) static double run(const struct tt_pipeline_config *cfg, const char *buf, size_t len, int repeat, uint64_t *out_lines,
                  uint64_t *out_by_rule)
{
    uint64_t lines = 0, by_rule = 0;
    double t0 = bench_cpu_s();
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
            by_rule += res.rule >= 0;
            lines++;
            p += n + 1;
        }
        tt_stream_fini(&st);
    }
    double secs = bench_cpu_s() - t0;
    *out_lines = lines;
    *out_by_rule = by_rule;
    return lines ? secs * 1e9 / (double)lines : 0;
}

int main(int argc, char **argv)
{
    const char *path = NULL, *rules_path = NULL, *tz = "UTC";
    int repeat = 1, rounds = 5, year = 2024, only = -1; /* only: 0 without, 1 with */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--compile-limit") && i + 1 < argc)
            tt_rules_set_compile_limit((unsigned)atoi(argv[++i]));
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = !strcmp(argv[++i], "with");
        else if (!strcmp(argv[i], "--tz") && i + 1 < argc)
            tz = argv[++i];
        else if (!strcmp(argv[i], "--year") && i + 1 < argc)
            year = atoi(argv[++i]);
        else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else if (argv[i][0] != '-' && !rules_path)
            rules_path = argv[i];
        else
            path = NULL, i = argc;
    }
    if (!path || !rules_path || repeat < 1 || rounds < 1) {
        fprintf(stderr, "usage: ttrules FILE RULES [--repeat N] [--rounds K] [--only with|without] [--tz ZONE] [--year YYYY]\n");
        return 2;
    }
    size_t len;
    char *buf = bench_slurp("ttrules", path, &len);
    char err[1024];
    double t0 = bench_wall_s(); /* the compile runs in a child process: wall time */
    struct tt_rules *rules = tt_rules_load(&rules_path, 1, err, sizeof(err));
    if (!rules) {
        fprintf(stderr, "ttrules: %s\n", err);
        return 2;
    }
    double load_s = bench_wall_s() - t0;
    struct tt_cidr_set home;
    struct tt_pipeline_config cfg;
    struct tt_zone *zone = bench_pipeline_setup("ttrules", tz, year, &home, &cfg);
    if (!zone)
        return 2;
    double best_without = 1e30, best_with = 1e30;
    uint64_t lines = 0, by_rule = 0, unused;
    for (int k = 0; k < rounds; k++) {
        cfg.rules = NULL;
        double a = only == 1 ? 0 : run(&cfg, buf, len, repeat, &lines, &unused);
        cfg.rules = rules;
        double b = only == 0 ? 0 : run(&cfg, buf, len, repeat, &lines, &by_rule);
        best_without = a < best_without ? a : best_without;
        best_with = b < best_with ? b : best_with;
    }
    printf("rules %zu (%zu override), loaded and compiled in %.3f s\n", tt_rules_count(rules),
           tt_rules_override_count(rules), load_s);
    printf("lines %llu per pass, decided by a rule %llu (%.1f%%)\n", (unsigned long long)(lines / (uint64_t)repeat),
           (unsigned long long)(by_rule / (uint64_t)repeat), lines ? 100.0 * (double)by_rule / (double)lines : 0.0);
    printf("without rules %8.1f ns/line %12.0f lines/s\n", best_without, 1e9 / best_without);
    printf("with rules    %8.1f ns/line %12.0f lines/s\n", best_with, 1e9 / best_with);
    printf("difference    %8.1f ns/line\n", best_with - best_without);
    tt_rules_destroy(rules);
    tt_zone_destroy(zone);
    free(buf);
    return 0;
}
