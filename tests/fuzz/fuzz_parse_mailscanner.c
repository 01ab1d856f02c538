/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_mailscanner.c -- libFuzzer target for collector/parse_mailscanner.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_mailscanner/.
 */
#define FUZZ_PARSER tt_parser_mailscanner
#include "tests/fuzz/fuzz_parser.h"
