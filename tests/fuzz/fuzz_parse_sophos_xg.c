/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_sophos_xg.c -- libFuzzer target for the tt_parser_sophos_xg parser (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_sophos_xg/.
 */
#define FUZZ_PARSER tt_parser_sophos_xg
#include "tests/fuzz/fuzz_parser.h"
