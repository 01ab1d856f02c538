/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_pfsense_filterlog.c -- libFuzzer target for the tt_parser_pfsense_filterlog parser (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_pfsense_filterlog/.
 */
#define FUZZ_PARSER tt_parser_pfsense_filterlog
#include "tests/fuzz/fuzz_parser.h"
