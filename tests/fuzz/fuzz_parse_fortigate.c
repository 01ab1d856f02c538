/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_fortigate.c -- libFuzzer target for collector/parse_fortigate.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_fortigate/.
 */
#define FUZZ_PARSER tt_parser_fortigate
#include "tests/fuzz/fuzz_parser.h"
