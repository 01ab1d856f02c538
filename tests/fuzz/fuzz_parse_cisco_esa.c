/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_cisco_esa.c -- libFuzzer target for collector/parse_cisco_esa.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_cisco_esa/.
 */
#define FUZZ_PARSER tt_parser_cisco_esa
#include "tests/fuzz/fuzz_parser.h"
