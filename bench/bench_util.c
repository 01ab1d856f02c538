/* SPDX-License-Identifier: MIT
 *
 * bench_util.c -- clocks and file reading for the micro-benchmarks
 * (bench/bench_util.h).
 */
#include "bench/bench_util.h"
#include "collector/pipeline.h"
#include "common/mem.h"
#include "common/net.h"
#include "common/zone.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double bench_clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bench_wall_s(void)
{
    return bench_clock_s(CLOCK_MONOTONIC);
}

double bench_cpu_s(void)
{
    return bench_clock_s(CLOCK_THREAD_CPUTIME_ID);
}

char *bench_slurp(const char *prog, const char *path, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
        exit(1);
    }
    size_t cap = 1 << 20, n = 0;
    char *buf = tt_malloc(cap);
    for (;;) {
        if (n == cap)
            buf = tt_realloc(buf, cap *= 2);
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    *out_len = n;
    return buf;
}

struct tt_zone *bench_pipeline_setup(const char *prog, const char *tz, int year, struct tt_cidr_set *home,
                                     struct tt_pipeline_config *cfg)
{
    char err[1024];
    struct tt_zone *zone = tt_zone_create(tz, err, sizeof(err));
    if (!zone) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return NULL;
    }
    tt_cidr_set_default_home(home);
    memset(cfg, 0, sizeof(*cfg));
    cfg->zone = zone;
    cfg->year = year;
    cfg->now_s = (int64_t)time(NULL);
    cfg->format = -1;
    cfg->ctx.home_net = home;
    return zone;
}
