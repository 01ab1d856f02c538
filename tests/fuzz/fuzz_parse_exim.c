/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_exim.c -- libFuzzer target for collector/parse_exim.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_exim/.
 */
#define FUZZ_PARSER tt_parser_exim
#include "tests/fuzz/fuzz_parser.h"
