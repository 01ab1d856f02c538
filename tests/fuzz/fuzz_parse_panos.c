/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_panos.c -- libFuzzer target for collector/parse_panos.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_panos/.
 */
#define FUZZ_PARSER tt_parser_panos
#include "tests/fuzz/fuzz_parser.h"
