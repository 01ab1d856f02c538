/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_cisco_umbrella.c -- libFuzzer target for collector/parse_cisco_umbrella.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_cisco_umbrella/.
 */
#define FUZZ_PARSER tt_parser_cisco_umbrella
#include "tests/fuzz/fuzz_parser.h"
