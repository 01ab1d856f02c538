/* SPDX-License-Identifier: MIT
 *
 * idstate.c -- one-table parser states (see idstate.h); called from the
 * state_create/state_destroy hooks of the parse_*.c files.
 */
#include "collector/idstate.h"

#include <stdlib.h>

void *tt_idstate_create(size_t state_size, size_t table_offset, size_t entries, int64_t ttl_s)
{
    char *s = calloc(1, state_size);
    if (!s)
        return NULL;
    if (tt_idtab_init((struct tt_idtab *)(void *)(s + table_offset), entries, ttl_s) != TT_OK) {
        free(s);
        return NULL;
    }
    return s;
}

void tt_idstate_destroy(void *state, size_t table_offset)
{
    if (!state)
        return;
    tt_idtab_fini((struct tt_idtab *)(void *)((char *)state + table_offset));
    free(state);
}
