/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_cef.c -- libFuzzer target for collector/parse_cef.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_cef/.
 */
#define FUZZ_PARSER tt_parser_cef
#include "tests/fuzz/fuzz_parser.h"
