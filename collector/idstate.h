/* SPDX-License-Identifier: MIT
 *
 * idstate.h -- a parser's per-stream state that is a struct holding one
 * correlation table (collector/idtab.h): created zeroed with the table
 * initialised, destroyed with it. Saves each mail parser the same dozen
 * lines of calloc / tt_idtab_init / unwind.
 */
#ifndef TT_IDSTATE_H
#define TT_IDSTATE_H

#include "collector/idtab.h"

#include <stddef.h>

/* A zeroed state_size block whose struct tt_idtab at table_offset holds
 * entries slots expiring after ttl_s; NULL when out of memory. */
void *tt_idstate_create(size_t state_size, size_t table_offset, size_t entries, int64_t ttl_s);
/* Frees a state made by tt_idstate_create (NULL is fine). */
void tt_idstate_destroy(void *state, size_t table_offset);

#endif
