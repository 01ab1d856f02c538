/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_proofpoint.c -- libFuzzer target for collector/parse_proofpoint.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_proofpoint/.
 */
#define FUZZ_PARSER tt_parser_proofpoint
#include "tests/fuzz/fuzz_parser.h"
