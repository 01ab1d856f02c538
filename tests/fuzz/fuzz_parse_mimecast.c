/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_mimecast.c -- libFuzzer target for collector/parse_mimecast.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_mimecast/.
 */
#define FUZZ_PARSER tt_parser_mimecast
#include "tests/fuzz/fuzz_parser.h"
