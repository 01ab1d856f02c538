/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_suricata_eve.c -- libFuzzer target for the tt_parser_suricata_eve parser (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_suricata_eve/.
 */
#define FUZZ_PARSER tt_parser_suricata_eve
#include "tests/fuzz/fuzz_parser.h"
