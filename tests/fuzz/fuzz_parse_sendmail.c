/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_sendmail.c -- libFuzzer target for collector/parse_sendmail.c (driver and
 * contract checks in fuzz_parser.h). Seeds: tests/fuzz/seeds/parse_sendmail/.
 */
#define FUZZ_PARSER tt_parser_sendmail
#include "tests/fuzz/fuzz_parser.h"
