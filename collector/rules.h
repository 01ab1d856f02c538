/* SPDX-License-Identifier: MIT
 *
 * rules.h -- the site's own rules (docs/COUNTING.md#site-rules): INI files of
 * [rule NAME] sections that classify lines no built-in parser knows, or
 * change the verdict of one that does (override = yes).
 *
 * In the pipeline they sit after the built-in parsers: a line nobody took is
 * scanned once against one Vectorscan database of every rule's `match`; a
 * line a parser took is scanned only when override rules exist, against a
 * second database holding just those. The lowest rule number that matched
 * wins (file order, files in the order given, a directory's *.conf in name
 * order). PCRE2 then runs only that rule's regex, to read its named groups
 * `src` and `time`.
 *
 * A loaded set is immutable except for its per-rule hit counters and its
 * scan scratch; both belong to the one thread that classifies lines (the
 * collector's main loop). A second classifying thread would need its own
 * set (or its own scratch: hs_clone_scratch).
 */
#ifndef TT_RULES_H
#define TT_RULES_H

#include "collector/envelope.h"
#include "collector/parser.h"
#include "common/event.h"

#define TT_RULES_MAX 10000      /* rules in one set */
#define TT_RULE_MATCH_MAX 4096  /* bytes of one `match` (continuation lines joined) */
#define TT_RULE_NAME_MAX 64     /* bytes of a rule name */

struct tt_rules;

/* The first member of struct tt_rules, public so that the pipeline's test
 * "are there override rules?" on every line a parser took is one load, not
 * a call. */
struct tt_rules_head {
    size_t n_override; /* rules with override = yes */
};

/* Loads every path in order: a file, or a directory whose *.conf files are
 * read in name order. NULL with a message "FILE:LINE:COL: what" in err when
 * any rule is bad (nothing is half-loaded). */
struct tt_rules *tt_rules_load(const char *const *paths, size_t n_paths, char *err, size_t errlen);
/* The same for text in memory (tests, fuzzing); name is used in messages. */
struct tt_rules *tt_rules_parse(const char *text, size_t len, const char *name, char *err, size_t errlen);
void tt_rules_destroy(struct tt_rules *r);

size_t tt_rules_count(const struct tt_rules *r);
/* How many rules have override = yes. */
static inline size_t tt_rules_override_count(const struct tt_rules *r)
{
    return r ? ((const struct tt_rules_head *)(const void *)r)->n_override : 0;
}
const char *tt_rules_name(const struct tt_rules *r, size_t i);
/* Lines rule i decided since the set was loaded (plus, after a reload, what
 * the rule of the same name had decided before: see tt_rules_carry_hits). */
uint64_t tt_rules_hits(const struct tt_rules *r, size_t i);
/* Copies the hit counters of old's rules into the rules of r with the same
 * names (SIGHUP: --stats keeps counting across a reload). */
void tt_rules_carry_hits(struct tt_rules *r, const struct tt_rules *old);

/* Classifies one line's envelope. override_only: 1 when a built-in parser
 * already took the line (then only override rules are scanned). When a rule
 * matches, ev is rewritten (verdict, metric, reason, src, stamp from the
 * `time` group) and its index returned; -1 when none matched (ev untouched).
 * A `time` group that does not parse with time_format leaves the line
 * unparsed with reason bad_time (still decided by the rule). ctx gives
 * --home-net: a firewall block from inside it counts nothing, as for the
 * built-in firewalls. No allocation. */
int tt_rules_apply(struct tt_rules *r, int override_only, const struct tt_parse_ctx *ctx,
                   const struct tt_envelope *env, struct tt_event *ev);

/* Seconds a Vectorscan compile may take before the rules are refused
 * (default 30; the fuzz target and benchmarks under valgrind change it).
 * Process-wide; set it before loading. */
void tt_rules_set_compile_limit(unsigned seconds);

/* Parses a time text with a strptime(3) format, or the names "iso8601"
 * (ISO 8601 / RFC 3339), "bsd" (RFC 3164 "Mmm dd hh:mm:ss") and "epoch"
 * (seconds since 1970, fraction ignored). Formats with %z give an offset
 * stamp, %s an epoch stamp, others local time in --tz; without a year
 * directive the year is inferred. Exposed for tests. */
int tt_rules_parse_time(const char *format, const char *p, size_t len, struct tt_stamp *out);

#endif
