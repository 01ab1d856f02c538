/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_sophos.c -- libFuzzer target for the tt_parser_sophos parser (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_sophos/.
 */
#define FUZZ_PARSER tt_parser_sophos
#include "tests/fuzz/fuzz_parser.h"
