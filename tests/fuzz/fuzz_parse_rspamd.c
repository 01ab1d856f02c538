/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_rspamd.c -- libFuzzer target for collector/parse_rspamd.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_rspamd/.
 */
#define FUZZ_PARSER tt_parser_rspamd
#include "tests/fuzz/fuzz_parser.h"
