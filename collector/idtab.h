/* SPDX-License-Identifier: MIT
 *
 * idtab.h -- a bounded, set-associative table of 64-bit ids with expiry: the
 * correlation memory of stateful parsers (Cisco ESA ICID/MID/DCID, Exim and
 * sendmail sessions and queue ids, Postfix queue ids, sessions and TLS peers,
 * Check Point loguids, "already counted this message" marks of
 * Mimecast/Exchange/Proofpoint...).
 *
 * Keys are 64-bit hashes the caller builds (host + id, message-id text...);
 * a collision merges two keys, which at 2^-64 per pair is accepted. Each
 * entry carries a few flag bits, two 64-bit values and one address. Memory is allocated once in
 * tt_idtab_init(); lookups and inserts never allocate, a full bucket evicts
 * its least recently touched entry, and entries older than ttl_s (event
 * time) are treated as absent.
 */
#ifndef TT_IDTAB_H
#define TT_IDTAB_H

#include "common/tt.h"
#include "common/net.h"

#define TT_IDTAB_WAYS 8 /* entries per bucket; a lookup scans one bucket */

struct tt_idtab_entry {
    uint64_t key;        /* id hash, 0 = free */
    int64_t seen_s;      /* event time of the last touch */
    uint64_t val;        /* table-specific value (a hash, a counter) */
    uint64_t val2;       /* table-specific second value (Postfix: the client of a session) */
    uint32_t flags;      /* table-specific bits */
    uint32_t aux;        /* table-specific small value (reason, counter) */
    struct tt_addr addr; /* table-specific address (client, delivery host) */
};

struct tt_idtab {
    struct tt_idtab_entry *e; /* nbuckets * TT_IDTAB_WAYS entries */
    size_t nbuckets;         /* power of two */
    int64_t ttl_s;           /* entries untouched for longer are gone */
    uint64_t evictions;      /* live entries pushed out by a full bucket */
};

/* Composite keys (host + queue id, host + program + pid, ...): start from
 * TT_IDTAB_KEY_SEED and fold in each field. tt_hash64 mixes each field's
 * length into the running hash, so ("ab", "c") and ("a", "bc") differ. */
#define TT_IDTAB_KEY_SEED 0x51ED2701A3F4C9B1ull

static inline uint64_t tt_idtab_key_add(uint64_t key, struct tt_slice field)
{
    return tt_hash64(key, field.p, field.len);
}

int tt_idtab_init(struct tt_idtab *t, size_t entries, int64_t ttl_s);
void tt_idtab_fini(struct tt_idtab *t);
/* Live entry of key, or NULL (an expired one is freed on the way). */
struct tt_idtab_entry *tt_idtab_find(struct tt_idtab *t, uint64_t key, int64_t now_s);
/* Live entry of key, created zeroed when absent; touches it. Never fails. */
struct tt_idtab_entry *tt_idtab_get(struct tt_idtab *t, uint64_t key, int64_t now_s);
void tt_idtab_remove(struct tt_idtab *t, uint64_t key);
/* Sets bit in key's flags; returns 1 when it was already set (then nothing
 * changes but the touch), 0 when this call set it. */
int tt_idtab_mark(struct tt_idtab *t, uint64_t key, uint32_t bit, int64_t now_s);


#endif
