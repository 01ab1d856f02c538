/* SPDX-License-Identifier: MIT
 *
 * registry.h -- lookup of the built-in format parsers (see registry.c).
 */
#ifndef TT_REGISTRY_H
#define TT_REGISTRY_H

#include "collector/parser.h"

size_t tt_registry_parser_count(void);
const struct tt_parser_ops *tt_registry_parser(size_t i);
/* Index of the parser named name (any case), or -1. */
int tt_registry_find_parser(const char *name);

#endif
