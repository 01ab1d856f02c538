/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_barracuda.c -- libFuzzer target for collector/parse_barracuda.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_barracuda/.
 */
#define FUZZ_PARSER tt_parser_barracuda
#include "tests/fuzz/fuzz_parser.h"
