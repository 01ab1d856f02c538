/* SPDX-License-Identifier: MIT
 *
 * parse_netfilter.h -- the netfilter parser's ops, for the tests and fuzz
 * target that drive it directly. The prefix-verdict helpers it used to
 * declare live in collector/verdict.h (included here so those callers keep
 * building); new code includes verdict.h itself.
 */
#ifndef TT_PARSE_NETFILTER_H
#define TT_PARSE_NETFILTER_H

#include "collector/parser.h"
#include "collector/verdict.h"

extern const struct tt_parser_ops tt_parser_netfilter;

#endif
