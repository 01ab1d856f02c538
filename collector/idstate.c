/* SPDX-License-Identifier: MIT
 *
 * idstate.c -- one-table parser states (see idstate.h); called from the
 * state_create/state_destroy hooks of the parse_*.c files.
 */
#include "collector/idstate.h"

#include <stdlib.h>

static struct tt_idtab *idstate_table(void *state, size_t offset)
{
    return (struct tt_idtab *)(void *)((char *)state + offset);
}

void tt_idstate_destroy_n(void *state, const struct tt_idstate_table *tabs, size_t n)
{
    if (!state)
        return;
    for (size_t i = 0; i < n; i++)
        tt_idtab_fini(idstate_table(state, tabs[i].offset)); /* a zeroed, never-initialised table is fine */
    free(state);
}

void *tt_idstate_create_n(size_t state_size, const struct tt_idstate_table *tabs, size_t n)
{
    void *s = calloc(1, state_size);
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (tt_idtab_init(idstate_table(s, tabs[i].offset), tabs[i].entries, tabs[i].ttl_s) != TT_OK) {
            tt_idstate_destroy_n(s, tabs, n);
            return NULL;
        }
    }
    return s;
}

void *tt_idstate_create(size_t state_size, size_t table_offset, size_t entries, int64_t ttl_s)
{
    const struct tt_idstate_table t = {table_offset, entries, ttl_s};
    return tt_idstate_create_n(state_size, &t, 1);
}

void tt_idstate_destroy(void *state, size_t table_offset)
{
    const struct tt_idstate_table t = {table_offset, 0, 0};
    tt_idstate_destroy_n(state, &t, 1);
}
