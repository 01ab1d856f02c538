/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_sonicwall.c -- libFuzzer target for the tt_parser_sonicwall parser (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_sonicwall/.
 */
#define FUZZ_PARSER tt_parser_sonicwall
#include "tests/fuzz/fuzz_parser.h"
