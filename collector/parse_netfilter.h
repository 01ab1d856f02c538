/* SPDX-License-Identifier: MIT
 *
 * parse_netfilter.h -- public helpers of the netfilter parser besides its
 * tt_parser_netfilter ops: the verdict of a log prefix, and reading the
 * --prefix-map option, the site's own log-prefix conventions (see
 * collector/parse_netfilter.c).
 */
#ifndef TT_PARSE_NETFILTER_H
#define TT_PARSE_NETFILTER_H

#include "collector/parser.h"

extern const struct tt_parser_ops tt_parser_netfilter;

/* Parses "FW-IN:blocked,OK-OUT:allowed,AUDIT:other" into out[0..max) and sets
 * *out_n. Items are comma-separated, blanks around items and around TEXT are
 * ignored; TEXT is everything before the item's last ':' (so it may itself
 * contain ':'), 1..31 bytes, matched as a substring in any case; the verdict
 * is blocked, allowed or other (any case). An empty or blank spec gives zero
 * rules. On TT_ERR a message naming the bad item is written to err, *out_n is
 * left alone and out may be partly written. */
/* The verdict a free-text log prefix or rule name says: the site's
 * --prefix-map rules first, then the COUNTING.md words (DROP, DENY, DENIED,
 * DISALLOW, REJECT, BLOCK -> blocked, which wins; ACCEPT, ALLOW, PERMIT,
 * PASS -> allowed), any case; else other. Shared by every firewall parser
 * whose verdict lives in text. */
enum tt_verdict tt_prefix_verdict(const struct tt_parse_ctx *ctx, struct tt_slice text);

int tt_prefix_rules_parse(const char *spec, struct tt_prefix_rule *out, size_t max, size_t *out_n, char *err,
                          size_t errlen);

#endif
