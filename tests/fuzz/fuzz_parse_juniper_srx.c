/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_juniper_srx.c -- libFuzzer target for the tt_parser_juniper_srx parser (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_juniper_srx/.
 */
#define FUZZ_PARSER tt_parser_juniper_srx
#include "tests/fuzz/fuzz_parser.h"
