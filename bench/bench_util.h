/* SPDX-License-Identifier: MIT
 *
 * bench_util.h -- what the in-memory micro-benchmarks (bench/micro.c,
 * bench/rules_micro.c) share: clocks and reading a whole log into memory.
 */
#ifndef TT_BENCH_UTIL_H
#define TT_BENCH_UTIL_H

#include <stddef.h>

struct tt_cidr_set;
struct tt_pipeline_config;
struct tt_zone;

/* Seconds on the monotonic clock (wall time). */
double bench_wall_s(void);
/* Seconds of this thread's CPU time: other processes on a shared machine
 * weigh less in it than in wall time. */
double bench_cpu_s(void);
/* The whole file at path in one heap buffer (its length in *out_len); on
 * an error, prints "prog: path: why" and exits 1 (these are tools). */
char *bench_slurp(const char *prog, const char *path, size_t *out_len);
/* The pipeline set up as the collector runs it by default: zone tz, --year
 * year (0 = infer), now, auto-detected format, the default home networks
 * (in caller storage *home). Returns the zone (the caller destroys it), or
 * NULL after printing "prog: why". */
struct tt_zone *bench_pipeline_setup(const char *prog, const char *tz, int year, struct tt_cidr_set *home,
                                     struct tt_pipeline_config *cfg);

#endif
