/* SPDX-License-Identifier: MIT
 *
 * idtab.c -- bounded id tables for the mail-gateway parsers (see
 * idtab.h). Allocation happens once, at init.
 */
#include "collector/idtab.h"

#include <stdlib.h>
#include <string.h>

int tt_idtab_init(struct tt_idtab *t, size_t entries, int64_t ttl_s)
{
    size_t nb = 1;
    while (nb * TT_IDTAB_WAYS < entries)
        nb <<= 1;
    t->e = calloc(nb * TT_IDTAB_WAYS, sizeof(*t->e));
    if (!t->e)
        return TT_ERR;
    t->nbuckets = nb;
    t->ttl_s = ttl_s;
    t->evictions = 0;
    return TT_OK;
}

void tt_idtab_fini(struct tt_idtab *t)
{
    if (!t)
        return;
    free(t->e);
    t->e = NULL;
}

static inline struct tt_idtab_entry *bucket(struct tt_idtab *t, uint64_t key)
{
    /* the high bits pick the bucket, so keys differing in low bits spread */
    return t->e + (size_t)((key >> 17) & (t->nbuckets - 1)) * TT_IDTAB_WAYS;
}

static inline int expired(const struct tt_idtab *t, const struct tt_idtab_entry *e, int64_t now_s)
{
    return now_s - e->seen_s > t->ttl_s;
}

struct tt_idtab_entry *tt_idtab_find(struct tt_idtab *t, uint64_t key, int64_t now_s)
{
    if (!key)
        key = 1;
    struct tt_idtab_entry *b = bucket(t, key);
    for (int i = 0; i < TT_IDTAB_WAYS; i++) {
        if (b[i].key != key)
            continue;
        if (expired(t, &b[i], now_s)) {
            b[i].key = 0;
            return NULL;
        }
        return &b[i];
    }
    return NULL;
}

struct tt_idtab_entry *tt_idtab_get(struct tt_idtab *t, uint64_t key, int64_t now_s)
{
    if (!key)
        key = 1;
    struct tt_idtab_entry *b = bucket(t, key);
    struct tt_idtab_entry *slot = NULL;
    for (int i = 0; i < TT_IDTAB_WAYS; i++) {
        struct tt_idtab_entry *e = &b[i];
        if (e->key == key) {
            if (expired(t, e, now_s)) {
                memset(e, 0, sizeof(*e));
                e->key = key;
            }
            e->seen_s = now_s;
            return e;
        }
        if (e->key == 0 || expired(t, e, now_s)) {
            if (!slot || slot->key != 0)
                slot = e;
        }
    }
    if (!slot) {
        slot = &b[0];
        for (int i = 1; i < TT_IDTAB_WAYS; i++)
            if (b[i].seen_s < slot->seen_s)
                slot = &b[i];
        t->evictions++;
    }
    memset(slot, 0, sizeof(*slot));
    slot->key = key;
    slot->seen_s = now_s;
    return slot;
}

void tt_idtab_remove(struct tt_idtab *t, uint64_t key)
{
    if (!key)
        key = 1;
    struct tt_idtab_entry *b = bucket(t, key);
    for (int i = 0; i < TT_IDTAB_WAYS; i++)
        if (b[i].key == key)
            b[i].key = 0;
}

int tt_idtab_mark(struct tt_idtab *t, uint64_t key, uint32_t bit, int64_t now_s)
{
    struct tt_idtab_entry *e = tt_idtab_get(t, key, now_s);
    if (e->flags & bit)
        return 1;
    e->flags |= bit;
    return 0;
}
