/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_suricata_fast.c -- libFuzzer target for the tt_parser_suricata_fast parser (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_suricata_fast/.
 */
#define FUZZ_PARSER tt_parser_suricata_fast
#include "tests/fuzz/fuzz_parser.h"
