/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_snort.c -- libFuzzer target for the tt_parser_snort parser (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_snort/.
 */
#define FUZZ_PARSER tt_parser_snort
#include "tests/fuzz/fuzz_parser.h"
