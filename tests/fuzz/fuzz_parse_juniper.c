/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_juniper.c -- libFuzzer target for the tt_parser_juniper parser (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_juniper/.
 */
#define FUZZ_PARSER tt_parser_juniper
#include "tests/fuzz/fuzz_parser.h"
