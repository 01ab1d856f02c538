/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_amavis.c -- libFuzzer target for collector/parse_amavis.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_amavis/.
 */
#define FUZZ_PARSER tt_parser_amavis
#include "tests/fuzz/fuzz_parser.h"
