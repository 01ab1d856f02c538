/* SPDX-License-Identifier: MIT
 *
 * idstate.h -- a parser's per-stream state that is a struct holding one or a few
 * correlation tables (collector/idtab.h): created zeroed with the table
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

/* The same for a state holding several tables. */
struct tt_idstate_table {
    size_t offset;  /* offsetof(state, the struct tt_idtab member) */
    size_t entries; /* slots */
    int64_t ttl_s;  /* expiry of an idle entry */
};
void *tt_idstate_create_n(size_t state_size, const struct tt_idstate_table *tabs, size_t n);
void tt_idstate_destroy_n(void *state, const struct tt_idstate_table *tabs, size_t n);

#endif
