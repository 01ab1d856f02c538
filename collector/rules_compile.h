/* SPDX-License-Identifier: MIT
 *
 * rules_compile.h -- Vectorscan compilation for collector/rules.c, bounded
 * in time. Vectorscan's compile time is not bounded by the pattern's
 * length: a counted repeat of a small group ((a.c){300}) can take seconds,
 * a slightly larger one minutes. A rules file is trusted configuration, but
 * a typo must not hang the collector's start or a SIGHUP, so patterns far
 * beyond what a log rule needs are refused by a size estimate, and the
 * compile itself runs in a child process that is killed at the time limit.
 */
#ifndef TT_RULES_COMPILE_H
#define TT_RULES_COMPILE_H

#include <hs/hs.h>
#include <stddef.h>

/* Seconds one database may take to compile by default: generous, since
 * 200 plain rules take about a second on a loaded 2-core x86 and an ARM
 * appliance is slower; what it guards against (a pathological repeat)
 * takes minutes or more. */
#define TT_RULES_COMPILE_LIMIT_S 30

/* Offset in p of the counted repeat that makes the pattern too large to
 * compile in reasonable time by the estimate, or -1 when it is fine. */
long tt_rules_pattern_too_heavy(const char *p, size_t len);

/* Compiles pats[0..n) (ids[i] reported for pats[i], HS_FLAG_SINGLEMATCH,
 * block mode) within limit_s seconds. TT_OK with *out; TT_ERR with a
 * message in msg and, in *out_expr, the index of the pattern at fault (-1
 * when Vectorscan named none or the time ran out). */
int tt_rules_hs_compile(const char *const *pats, const unsigned *ids, unsigned n, unsigned limit_s,
                        hs_database_t **out, int *out_expr, char *msg, size_t msglen);

#endif
