/* SPDX-License-Identifier: MIT
 *
 * registry.h -- lookup of the built-in format parsers (the list is
 * collector/parsers.def; see registry.c).
 */
#ifndef TT_REGISTRY_H
#define TT_REGISTRY_H

#include "collector/parser.h"

#define TT_PARSERS_MAX 64 /* parser sets are uint64_t masks */

size_t tt_registry_parser_count(void);
const struct tt_parser_ops *tt_registry_parser(size_t i);
/* Index of the parser named name (any case), or -1. */
int tt_registry_find_parser(const char *name);
/* Line i of collector/parsers.def as written there (stem and --format name),
 * whatever the current order; TT_ERR past the end. For the fixture check. */
int tt_registry_entry(size_t i, const char **out_stem, const char **out_format);
/* The parser whose apps name the program prog (any case), or -1. */
int tt_registry_route(struct tt_slice prog);
/* The parsers (a mask of registry indices) that must win a line parser i
 * would also take: parsers.def's "yields" column. */
uint64_t tt_registry_yields(size_t i);
/* Program names claimed by two parsers (0 when routing is unambiguous). */
size_t tt_registry_route_conflicts(void);
/* Tests only: reorders the registry (index i becomes the parser that was at
 * perm[i]), to prove that recognition does not depend on the order. Call it
 * before any stream or --format index exists. */
void tt_registry_reorder(const size_t *perm);

#endif
