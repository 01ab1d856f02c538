/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_cisco_asa.c -- libFuzzer target for collector/parse_cisco_asa.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_cisco_asa/.
 */
#define FUZZ_PARSER tt_parser_cisco_asa
#include "tests/fuzz/fuzz_parser.h"
