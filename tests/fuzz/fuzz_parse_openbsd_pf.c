/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_openbsd_pf.c -- libFuzzer target for the tt_parser_openbsd_pf parser (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_openbsd_pf/.
 */
#define FUZZ_PARSER tt_parser_openbsd_pf
#include "tests/fuzz/fuzz_parser.h"
