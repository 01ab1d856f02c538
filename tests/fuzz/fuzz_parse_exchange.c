/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_exchange.c -- libFuzzer target for collector/parse_exchange.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_exchange/.
 */
#define FUZZ_PARSER tt_parser_exchange
#include "tests/fuzz/fuzz_parser.h"
