/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_umbrella.c -- libFuzzer target for collector/parse_umbrella.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_umbrella/.
 */
#define FUZZ_PARSER tt_parser_umbrella
#include "tests/fuzz/fuzz_parser.h"
