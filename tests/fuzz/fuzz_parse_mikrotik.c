/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_mikrotik.c -- libFuzzer target for the tt_parser_mikrotik parser (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_mikrotik/.
 */
#define FUZZ_PARSER tt_parser_mikrotik
#include "tests/fuzz/fuzz_parser.h"
