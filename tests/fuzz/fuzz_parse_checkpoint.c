/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_checkpoint.c -- libFuzzer target for collector/parse_checkpoint.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_checkpoint/.
 */
#define FUZZ_PARSER tt_parser_checkpoint
#include "tests/fuzz/fuzz_parser.h"
